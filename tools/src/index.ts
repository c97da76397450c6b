export * from './seed/plan.js';
export * from './seed/api-client.js';
export * from './local-admin.js';
