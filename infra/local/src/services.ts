import path from 'node:path';
import { repoRoot } from './paths.js';

export interface ServiceSpec {
  name: string;
  portVariable: string;
  defaultPort: number;
  /** TypeScript entry `npm start` runs through tsx. */
  entry: string;
  /** The same entry in the build output (`npm run build`), what plain `node` and the images run. */
  builtEntry: string;
}

/** The four services `npm start` runs, each on a port overridable through its env variable. */
export const services: ServiceSpec[] = [
  { name: 'command-service', portVariable: 'COMMAND_SERVICE_PORT', defaultPort: 8101, entry: 'command-service/src/main.ts' },
  { name: 'query-service', portVariable: 'QUERY_SERVICE_PORT', defaultPort: 8102, entry: 'query-service/src/main.ts' },
  { name: 'reporting-worker', portVariable: 'REPORTING_WORKER_PORT', defaultPort: 8103, entry: 'reporting-worker/src/main.ts' },
  { name: 'gateway', portVariable: 'GATEWAY_PORT', defaultPort: 8080, entry: 'gateway/src/main.ts' },
].map((spec) => ({
  ...spec,
  entry: path.join(repoRoot, spec.entry),
  builtEntry: path.join(repoRoot, spec.entry.replace('/src/', '/dist/').replace(/\.ts$/, '.js')),
}));

export const servicePort = (spec: ServiceSpec, env: NodeJS.ProcessEnv = process.env): number => Number(env[spec.portVariable] ?? spec.defaultPort);

/** Every service's URL, so each can find the others (the gateway proxies to the rest). */
export function serviceUrlsEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(services.map((spec) => [
    `${spec.name.toUpperCase().replace(/-/g, '_')}_URL`,
    `http://127.0.0.1:${servicePort(spec, env)}`,
  ]));
}
