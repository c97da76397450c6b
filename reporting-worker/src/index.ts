export * from './worker.js';
export { reportsProjection } from './reports-projection.js';
