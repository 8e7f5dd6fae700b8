import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service, with default process metrics and the pipeline counters every stage shares. */
export interface Metrics {
  registry: Registry;
  recordsIn: Counter<'topic'>;
  recordsOut: Counter<'topic' | 'outcome'>;
  deadLetters: Counter<'code'>;
  handleSeconds: Histogram<'stage'>;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  // Labels never carry record ids or PHI: topics, outcomes and error codes only.
  return {
    registry,
    recordsIn: new Counter({ name: 'p2z_records_in_total', help: 'Records consumed', labelNames: ['topic'], registers: [registry] }),
    recordsOut: new Counter({
      name: 'p2z_records_out_total',
      help: 'Records handled, by outcome (emitted, skipped, dead-lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    }),
    deadLetters: new Counter({ name: 'p2z_dead_letters_total', help: 'Records sent to the dead-letter topic', labelNames: ['code'], registers: [registry] }),
    handleSeconds: new Histogram({
      name: 'p2z_handle_duration_seconds',
      help: 'Time to handle one batch',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15],
      registers: [registry],
    }),
  };
}
