import type { components } from './schema';

export type Problem = components['schemas']['Problem'];

/** A problem+json answer, thrown by `unwrap`: `message` is plain words, `code` is for support. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  get code(): string { return this.problem.code; }

  /** Field errors by the last segment of their JSON pointer ("/items/3/name" → "name"). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((error) => [error.pointer.split('/').at(-1) ?? '', error.detail]));
  }
}

const offline = (): Problem => ({ type: 'about:blank', title: 'The server cannot be reached: check the connection and try again', status: 503, code: 'SERVICE_UNAVAILABLE' as Problem['code'] });

/** Whatever an API call failed with, as an ApiProblem. */
export function problemOf(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error && typeof error === 'object' && 'code' in error && 'status' in error && 'title' in error) return new ApiProblem(error as Problem);
  return new ApiProblem(offline());
}

/** The data of an openapi-fetch answer, or its problem thrown. */
export async function unwrap<T>(answer: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  let settled: { data?: T; error?: unknown };
  try {
    settled = await answer;
  } catch (error) {
    throw problemOf(error);
  }
  if (settled.error !== undefined) throw problemOf(settled.error);
  return settled.data as T;
}
