/** Where the gateway serves the public API (same origin: the gateway serves the console too). */
export const API_BASE = '/api/v1';
