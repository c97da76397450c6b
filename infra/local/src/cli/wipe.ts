/** `npm run wipe`: deletes the local stack's state (Kafka log, registry database, documents). Stop the stack first. */
import { rmSync } from 'node:fs';
import { dataDir } from '../paths.js';
import { defaultPorts } from '../stack.js';
import { portInUse } from '../ports.js';

const ports = defaultPorts();
for (const port of [ports.kafka, ports.registry, ports.mongo]) {
  if (await portInUse(port)) {
    process.stderr.write(`port ${port} is in use: stop the running stack (Ctrl-C on npm start) before wiping\n`);
    process.exit(1);
  }
}
rmSync(dataDir(), { recursive: true, force: true });
process.stdout.write(`wiped ${dataDir()}\n`);
