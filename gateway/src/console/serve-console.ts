import path from 'node:path';
import express, { type Express } from 'express';

/** Not the console's: the API, the docs and the operations endpoints answer for themselves. */
const NOT_CONSOLE = /^\/(?:api|health|metrics)(?:\/|$)/;

/**
 * The built web console (CONSOLE_DIR, console/dist) at /: its files, and index.html for any other
 * page a browser opens (client-side routes such as /items/…), so a reload or a shared link works.
 * Hashed assets are cached for a year; index.html is revalidated so a new build is seen at once.
 */
export function serveConsole(app: Express, dir: string): void {
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d' }));
  app.use(express.static(dir, { index: false }));
  app.get(/.*/, (req, res, next) => {
    // A missing file (it has an extension) is a 404, not the page.
    if (NOT_CONSOLE.test(req.path) || path.extname(req.path) || !req.accepts('html')) return next();
    res.sendFile(path.join(dir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
  });
}
