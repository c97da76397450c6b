export * from './contract-check.js';
export * from './contract-client.js';
export * from './warehouse.js';
