// Docker HEALTHCHECK of a service image: exit 0 when /health/ready answers 2xx on the port that the
// variable named by HEALTH_PORT_VARIABLE holds (each image target sets both).
const port = process.env[process.env.HEALTH_PORT_VARIABLE ?? ''];
const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) }).catch(() => undefined);
process.exit(response?.ok ? 0 : 1);
