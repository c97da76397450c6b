import type { ProblemResponder } from './http-app.js';

// Placeholder mapping until the contracts error catalog is wired in: body-parser errors keep their status.
export const defaultToProblem: ProblemResponder = (error) => {
  const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
  const code = status === 500 ? 'INTERNAL' : 'BAD_REQUEST';
  return { status, body: { type: `urn:inventory:problem:${code}`, title: status === 500 ? 'Internal error' : 'Bad request', status, code } };
};

export const defaultNotFound = () => ({ status: 404, body: { type: 'urn:inventory:problem:ROUTE_NOT_FOUND', title: 'No such route', status: 404, code: 'ROUTE_NOT_FOUND' } });
