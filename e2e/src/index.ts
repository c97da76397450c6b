export * from './contract-client.js';
export * from './warehouse.js';
