import { buildAsyncApiDocument } from './asyncapi.js';
import { buildOpenApiDocument } from './openapi.js';

/** Where the generated documents are checked in: the repository's docs/ folder. */
export const DOCS_DIR = new URL('../../../docs/', import.meta.url);

/** File name → content, exactly as written to DOCS_DIR (the drift test compares byte for byte). */
export function generatedDocs(): Record<string, string> {
  const json = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
  return { 'openapi.json': json(buildOpenApiDocument()), 'asyncapi.json': json(buildAsyncApiDocument()) };
}
