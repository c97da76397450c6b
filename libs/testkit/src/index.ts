export * from './infra.js';
export * from './skip.js';
