import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { validate } from '@readme/openapi-parser';
import { EVENT_TYPES } from '../events/catalog.js';
import { TOPIC_SPECS } from '../kafka/topics.js';
import { ROUTES } from '../api/routes.js';
import { buildAsyncApiDocument } from './asyncapi.js';
import { DOCS_DIR, generatedDocs } from './generated-docs.js';
import { buildOpenApiDocument } from './openapi.js';

describe('generated API documents', () => {
  it('the OpenAPI document is valid OpenAPI 3.1 and has an operation per route', async () => {
    const document = buildOpenApiDocument();
    const result = await validate(structuredClone(document) as never);
    assert.ok(result.valid, JSON.stringify(result, null, 2));
    const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item as object));
    assert.equal(operations.length, ROUTES.length);
  });

  it('declares the Consistency-Token response header exactly on the commands whose answer carries a token (not the user commands)', () => {
    const paths = buildOpenApiDocument().paths as Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    const declaring = ROUTES.filter((route) => 'Consistency-Token' in (paths[route.path]![route.method]!.responses[route.response.status]!.headers ?? {})).map((route) => route.operationId);
    assert.ok(declaring.includes('moveItem') && declaring.includes('moveItemsInBulk') && declaring.includes('deleteItem'), declaring.join());
    for (const operationId of ['createUser', 'updateUser', 'deleteUser', 'setUserRoles', 'signUp', 'login']) assert.ok(!declaring.includes(operationId), operationId);
    const withBodyToken = ROUTES.filter(({ response }) => response.schema?.safeParse({}).error?.issues.some((issue) => issue.path[0] === 'consistencyToken')).map((route) => route.operationId);
    assert.deepEqual(declaring.sort(), withBodyToken.sort());
  });

  it('every operation documents 400 (the gateway refuses a body on a route that takes none, and operator keys in any query)', () => {
    for (const [path, item] of Object.entries(buildOpenApiDocument().paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses: Record<string, unknown> }>)) {
        assert.ok('400' in operation.responses, `${method.toUpperCase()} ${path}`);
      }
    }
  });

  it('the AsyncAPI document is valid AsyncAPI 3.0 (Avro payloads included) and names every topic and event', async () => {
    const parser = new Parser();
    parser.registerSchemaParser(AvroSchemaParser());
    const { document, diagnostics } = await parser.parse(JSON.stringify(buildAsyncApiDocument()));
    const errors = diagnostics.filter(({ severity }) => severity === DiagnosticSeverity.Error);
    assert.deepEqual(errors, []);
    assert.deepEqual(document!.channels().all().map((channel) => channel.address()).sort(), TOPIC_SPECS.map(({ topic }) => topic).sort());
    const messageNames = document!.messages().all().map((message) => message.name());
    for (const type of EVENT_TYPES) assert.ok(messageNames.includes(type), type);
  });

  it('the checked-in docs/ files are what the code generates (run `npm run -w @inventory/contracts docs`)', () => {
    for (const [name, content] of Object.entries(generatedDocs())) {
      assert.equal(readFileSync(new URL(name, DOCS_DIR), 'utf8'), content, `docs/${name} is stale`);
    }
  });
});
