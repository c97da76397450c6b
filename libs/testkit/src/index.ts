export * from './infra.js';
export * from './python-tools.js';
export * from './query-plans.js';
export * from './skip.js';
export * from './stack.js';
