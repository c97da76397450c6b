export * from './projection.js';
export * from './service.js';
