import { Counter, Gauge, type Registry } from 'prom-client';
import type { AuditQueue } from './audit/audit-queue.js';
import type { Limiters } from './rate-limit/limiters.js';

/** What can silently back up in the gateway: the audit write-behind queue and the rate-limit store syncs. */
export function registerGatewayMetrics(registry: Registry, auditQueue: AuditQueue, limiters: Pick<Limiters, 'perIp' | 'perUser'>): void {
  const registers = [registry];
  new Gauge({ name: 'audit_queue_depth', help: 'Audit records accepted and not yet stored (requests wait once AUDIT_QUEUE_CAPACITY are waiting)', registers, collect() { this.set(auditQueue.depth); } });
  const failures = new Counter({ name: 'rate_limit_sync_failures_total', help: 'Syncs of locally metered rate-limit points that the shared store refused', labelNames: ['budget'], registers });
  for (const budget of ['perIp', 'perUser'] as const) {
    failures.inc({ budget }, 0);
    limiters[budget].onSyncFailure = () => failures.inc({ budget });
  }
}
