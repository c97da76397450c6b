export * from './seed/plan.js';
