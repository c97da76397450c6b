/**
 * The console's typed client comes from docs/openapi.json, never from hand-written types:
 * schema.d.ts (openapi-typescript) and operation-roles.ts (each operation's `x-roles`, for
 * role-aware navigation). `npm run generate-client -w @inventory/console` writes both;
 * generate.unit.test.ts fails when either is stale.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
export const openapiPath = path.resolve(here, '../../../docs/openapi.json');
export const schemaPath = path.join(here, 'schema.d.ts');
export const rolesPath = path.join(here, 'operation-roles.ts');

const BANNER = '/* Generated from docs/openapi.json by `npm run generate-client -w @inventory/console`: do not edit. */\n';

interface OpenApiOperation { operationId?: string; 'x-roles'?: string[]; responses?: Record<string, { content?: Record<string, unknown> }> }
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

const operationsOf = (document: OpenApiDocument): OpenApiOperation[] => Object.values(document.paths).flatMap((operations) => Object.values(operations));

/**
 * The typed client reads JSON: an answer also offered as CSV (reports, the items export) keeps
 * only its JSON type, else every such read would type as "JSON or string". CSV downloads go
 * through fetchFile (client.ts).
 */
function withoutCsvAnswers<T extends OpenApiDocument>(document: T): T {
  for (const operation of operationsOf(document)) {
    for (const response of Object.values(operation.responses ?? {})) delete response.content?.['text/csv'];
  }
  return document;
}

function rolesModule(document: OpenApiDocument): string {
  const entries = operationsOf(document)
    .filter((operation): operation is OpenApiOperation & { operationId: string } => typeof operation.operationId === 'string')
    .map((operation) => `  ${operation.operationId}: ${JSON.stringify(operation['x-roles'] ?? [])},`);
  return `${BANNER}/** Roles allowed to call each operation; an empty list means no login is needed. */\n`
    + `export const OPERATION_ROLES = {\n${entries.join('\n')}\n} as const satisfies Record<string, readonly string[]>;\n\n`
    + 'export type OperationId = keyof typeof OPERATION_ROLES;\n';
}

/** The generated files' contents, keyed by their paths. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const document = JSON.parse(readFileSync(openapiPath, 'utf8')) as OpenAPI3 & OpenApiDocument;
  const roles = rolesModule(document);
  const schema = BANNER + astToString(await openapiTS(withoutCsvAnswers(document)));
  return { [schemaPath]: schema, [rolesPath]: roles };
}
