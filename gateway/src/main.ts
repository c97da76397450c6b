import { ConfigError, runService, type ServiceDefinition } from '@inventory/platform';
import { gatewayService } from './gateway-service.js';

// The gateway validates its own settings while building its definition, before runService can
// report them: a bad value gets the same one-line message the platform prints.
let definition: ServiceDefinition;
try {
  definition = gatewayService();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`gateway failed to start: ${error.message}\n`);
  process.exit(1);
}
await runService(definition);
