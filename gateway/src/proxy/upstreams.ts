import { MAX_HEADER_BYTES } from '@inventory/platform';
import { Pool } from 'undici';
import type { GatewayConfig } from '../config.js';

export type UpstreamName = 'command' | 'query' | 'reporting';

export type Upstreams = Record<UpstreamName, Pool>;

/** One keep-alive connection pool per service behind the gateway (room for a bulk move's Consistency-Token header in its answers). */
export function createUpstreams(config: GatewayConfig): Upstreams {
  const pool = (url: string) => new Pool(url, { connections: 128, maxHeaderSize: MAX_HEADER_BYTES, keepAliveTimeout: 30_000, connectTimeout: config.UPSTREAM_TIMEOUT_MS });
  return {
    command: pool(config.COMMAND_SERVICE_URL),
    query: pool(config.QUERY_SERVICE_URL),
    reporting: pool(config.REPORTING_WORKER_URL),
  };
}

export const closeUpstreams = async (upstreams: Upstreams): Promise<void> => {
  await Promise.all(Object.values(upstreams).map((pool) => pool.close()));
};
