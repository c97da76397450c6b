export * from './contract-client.js';
export * from './faults/fault-run.js';
export * from './faults/faults.js';
export * from './warehouse.js';
