export * from './infra.js';
export * from './skip.js';
export * from './stack.js';
