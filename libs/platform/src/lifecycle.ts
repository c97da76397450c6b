import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from './logger.js';

/** Room for a Consistency-Token of a 500-item bulk move (up to 16 KB) beside the usual headers, in requests and answers. */
export const MAX_HEADER_BYTES = 32 * 1024;

/** Starts listening and resolves once the port is bound. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });

/**
 * Runs `stop` once on SIGINT/SIGTERM (stop taking work, finish in-flight work, close clients),
 * then exits; if stopping hangs past `timeoutMs` the process exits anyway with a non-zero code.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => { logger.error('shutdown timed out'); process.exit(1); }, timeoutMs);
    timer.unref();
    stop().then(
      () => { logger.info('stopped'); process.exit(0); },
      (error: unknown) => { logger.error({ err: error }, 'shutdown failed'); process.exit(1); },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
