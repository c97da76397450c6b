import { ProblemError, problem, validationProblem, type ProblemDetails } from '@inventory/contracts';
import { ZodError } from 'zod';

/** body-parser marks its failures with a `type`; each maps to one catalog code. */
const bodyParserCodes = {
  'entity.parse.failed': 'MALFORMED_BODY',
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
} as const;

/** Any thrown value → the one problem+json envelope. Unknown errors become INTERNAL without leaking their message. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemError) return error.toProblem();
  if (error instanceof ZodError) return validationProblem(error, 'body');
  // The router's decodeURIComponent of a path parameter that is not UTF-8 (e.g. %ED%A0%BD, a lone surrogate).
  if (error instanceof URIError) return problem('VALIDATION_FAILED', 'a path parameter is not percent-encoded UTF-8');
  const parserType = (error as { type?: unknown } | null)?.type;
  if (typeof parserType === 'string' && parserType in bodyParserCodes) {
    return problem(bodyParserCodes[parserType as keyof typeof bodyParserCodes], (error as Error).message);
  }
  return problem('INTERNAL');
}

export const routeNotFound = (): ProblemDetails => problem('ROUTE_NOT_FOUND');
