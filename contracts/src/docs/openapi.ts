import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ROLES, HEADERS, consistencyTokenSchema, idempotencyKeySchema } from '../api/common.js';
import { errorCodesOf } from '../api/route-errors.js';
import type { RouteContract } from '../api/route-contract.js';
import { API_BASE_PATH, ROUTES } from '../api/routes.js';
import { ERROR_CATALOG, type ErrorCode } from '../http/error-catalog.js';
import { PROBLEM_CONTENT_TYPE, problemDetailsSchema } from '../http/problem.js';

const BEARER = 'bearerAuth';

const consistencyHeader = { description: 'Send it back as Consistency-Token to read your own write', schema: { type: 'string' as const } };
const rateLimitHeaders = {
  'RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' as const } },
  'RateLimit-Remaining': { description: 'Requests left in the window', schema: { type: 'integer' as const } },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' as const } },
};

/** Its answer carries the events' position (a command whose events the read side projects; not the gateway's user commands). */
const answersWithToken = ({ response }: RouteContract): boolean => response.schema instanceof z.ZodObject && 'consistencyToken' in response.schema.shape;

function successResponse(route: RouteContract): ResponseConfig {
  const { response } = route;
  const content: ResponseConfig['content'] = {};
  if (response.schema) content['application/json'] = { schema: response.schema };
  if (response.csv) content['text/csv'] = { schema: z.string().meta({ description: typeof response.csv === 'string' ? response.csv : 'The same rows as CSV, one header line' }) };
  if (response.html) content['text/html'] = { schema: z.string() };
  return {
    description: response.description,
    headers: answersWithToken(route) ? { ...rateLimitHeaders, [HEADERS.consistencyToken]: consistencyHeader } : rateLimitHeaders,
    ...(Object.keys(content).length ? { content } : {}),
  };
}

/** One response per status, listing the codes that share it. */
function errorResponses(route: RouteContract): Record<number, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(route)) byStatus.set(ERROR_CATALOG[code].status, [...(byStatus.get(ERROR_CATALOG[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].map(([status, codes]) => [status, {
    description: codes.map((code) => `\`${code}\`: ${ERROR_CATALOG[code].title}`).join('; '),
    ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' as const } } } } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemDetailsSchema } },
  }]));
}

function requestHeaders(route: RouteContract): z.ZodObject | undefined {
  if (route.command) return z.object({ [HEADERS.idempotencyKey]: idempotencyKeySchema.optional().meta({ description: 'Retries with the same key return the first answer (status, body and Consistency-Token), also after a crash of the service that ran it; while the first request still runs, 409 CONCURRENT_MODIFICATION: retry' }) });
  if (route.readModel) return z.object({ [HEADERS.consistencyToken]: consistencyTokenSchema.optional().meta({ description: 'Wait until the read model has applied this position' }) });
  return undefined;
}

function toPathConfig(route: RouteContract): RouteConfig {
  const headers = requestHeaders(route);
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security: route.access === 'public' ? [] : [{ [BEARER]: [] }],
    'x-roles': route.access === 'public' ? [] : route.access === 'authenticated' ? [...ROLES] : [...route.access],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query as z.ZodObject } : {}),
      ...(headers ? { headers } : {}),
      ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: { [route.response.status]: successResponse(route), ...errorResponses(route) },
  };
}

/** The OpenAPI 3.1 document of the REST surface, generated from the route contracts and their zod schemas. */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of ROUTES) registry.registerPath(toPathConfig(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Inventory API',
      version: '1.0.0',
      description: 'Where every item is, how it got there, what is where. Every error is application/problem+json with a stable `code`; `x-roles` lists the roles allowed per operation.',
    },
    servers: [{ url: API_BASE_PATH }],
    security: [{ [BEARER]: [] }],
  });
}
