/** Test helpers for any workspace's tests (import from '@inventory/contracts/testing'); needs fast-check. */
export * from './api/conformance.js';
export * from './events/arbitraries.js';
