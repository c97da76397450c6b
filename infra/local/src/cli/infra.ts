/** `npm run infra`: only the infrastructure (Kafka, registry, document store), for running services from an IDE or tests against it. */
import { whenParentExits } from '../parent-watch.js';
import { dataDir } from '../paths.js';
import { defaultPorts, externalFromEnv, startLocalInfra } from '../stack.js';

const infra = await startLocalInfra({ dataDir: dataDir(), ports: defaultPorts(), external: externalFromEnv() });
process.stdout.write(`infrastructure ready; use it with:\n${Object.entries(infra.env).map(([key, value]) => `  export ${key}=${value}`).join('\n')}\n`);
const stop = async (): Promise<void> => { await infra.stop(); process.exit(0); };
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
whenParentExits(() => void stop());
