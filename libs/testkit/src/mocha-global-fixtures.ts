import { stopInfra } from './infra.js';
import { stopStack } from './stack.js';

/** Mocha global teardown: stop the services, then the private infrastructure, once the whole run is over. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopStack();
  await stopInfra();
}
