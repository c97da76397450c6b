export * from './worker.js';
export { reportsProjection } from './aggregation/reports-projection.js';
