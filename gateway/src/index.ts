export { gatewayService } from './gateway-service.js';
export { loadGatewayConfig, type GatewayConfig } from './config.js';
