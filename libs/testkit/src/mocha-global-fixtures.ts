import { stopInfra } from './infra.js';

/** Mocha global teardown: stop the private infrastructure once the whole run is over. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopInfra();
}
