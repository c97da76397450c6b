import { createRequire } from 'node:module';
import path from 'node:path';
import { API_BASE_PATH, buildOpenApiDocument } from '@inventory/contracts';
import express, { type RequestHandler } from 'express';
import type { LocalHandler } from '../routes/local-handler.js';

// The page loads Swagger UI from the installed package (the machine may be offline: no CDN) and
// only external scripts, so helmet's default Content-Security-Policy can stay as it is.
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Inventory API</title><link rel="stylesheet" href="${API_BASE_PATH}/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${API_BASE_PATH}/docs/swagger-ui-bundle.js"></script>
<script src="${API_BASE_PATH}/docs/start.js"></script>
</body>
</html>`;

const START_SCRIPT = `window.ui = SwaggerUIBundle({ url: '${API_BASE_PATH}/openapi.json', dom_id: '#swagger-ui' });`;

/** Swagger UI's own files, served under /docs/. */
export function docsAssets(): RequestHandler {
  const assets = express.static(path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')), { index: false, fallthrough: true });
  const router = express.Router();
  router.get('/start.js', (_req, res) => { res.type('text/javascript').send(START_SCRIPT); });
  router.use(assets);
  return router;
}

export function docsHandlers(): Record<string, LocalHandler> {
  const document = buildOpenApiDocument();
  return {
    getOpenApiDocument: async () => ({ status: 200, body: document }),
    getApiDocs: async () => ({ status: 200, body: DOCS_PAGE, type: 'html' }),
  };
}
