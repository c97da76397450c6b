import { Counter, Gauge, Registry } from 'prom-client';

export type ApplyOutcome = 'applied' | 'skipped' | 'dead_lettered';

/** Lag, age and outcome counters of the projections in one process, labelled by projection. */
export class ProjectionMetrics {
  readonly events: Counter<'projection' | 'outcome'>;
  readonly versionGaps: Counter<'projection'>;
  readonly lag: Gauge<'projection' | 'topic' | 'partition'>;
  private readonly lastOccurredAt = new Map<string, number>();

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.events = new Counter({ name: 'projection_events_total', help: 'Events handled by outcome: applied, skipped (already applied), dead_lettered', labelNames: ['projection', 'outcome'], registers });
    this.versionGaps = new Counter({ name: 'projection_version_gaps_total', help: 'Events whose aggregate version skipped ahead of the last applied one (dead-lettered, not applied)', labelNames: ['projection'], registers });
    this.lag = new Gauge({ name: 'projection_consumer_lag', help: 'Messages between the last handled offset and the high watermark, per partition', labelNames: ['projection', 'topic', 'partition'], registers });
    const lastOccurredAt = this.lastOccurredAt;
    new Gauge({
      name: 'projection_age_seconds',
      help: 'Now minus occurred-at of the last applied event',
      labelNames: ['projection'],
      registers,
      collect() {
        for (const [projection, occurredAt] of lastOccurredAt) this.set({ projection }, (Date.now() - occurredAt) / 1000);
      },
    });
  }

  applied(projection: string, occurredAt: number): void {
    this.events.inc({ projection, outcome: 'applied' });
    this.lastOccurredAt.set(projection, Math.max(occurredAt, this.lastOccurredAt.get(projection) ?? 0));
  }
}

const perRegistry = new WeakMap<Registry, ProjectionMetrics>();

/** One set per registry: prom-client refuses a second metric of the same name in a registry. */
export function projectionMetrics(registry: Registry): ProjectionMetrics {
  let metrics = perRegistry.get(registry);
  if (!metrics) perRegistry.set(registry, (metrics = new ProjectionMetrics(registry)));
  return metrics;
}
