import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service, with default process metrics and the pipeline metrics every stage shares.
 * Every name and label is listed in docs/architecture.md ("Metrics").
 * Labels never carry record ids or PHI: topics, entities, outcomes, error codes and field names only.
 */
export interface Metrics {
  registry: Registry;
  /** Records consumed, counted when handed to the handler. */
  recordsIn: Counter<'topic' | 'entity'>;
  /** Records handled, by outcome: ok (emitted), skipped, dead-lettered. */
  recordsOut: Counter<'topic' | 'entity' | 'outcome'>;
  deadLetters: Counter<'entity' | 'code'>;
  /** Data-quality issues found in records that still went on (e.g. a birth date dropped). */
  dataQualityIssues: Counter<'entity' | 'code' | 'field'>;
  handleSeconds: Histogram<'stage'>;
  /** Now − the record's Kafka timestamp, when its outcome is committed: how far behind the source a stage runs. */
  recordAgeSeconds: Histogram<'stage' | 'entity'>;
  lag: ConsumerLagGauges;
}

/**
 * Lag in the kafka_exporter convention (reference §6), so dashboard 7589 works unchanged. Every instance
 * of a service reports its group's whole view: aggregate with `max by (consumergroup, topic, partition)`.
 */
export interface ConsumerLagGauges {
  lag: Gauge<'consumergroup' | 'topic' | 'partition'>;
  lagSeconds: Gauge<'consumergroup' | 'topic' | 'partition'>;
  currentOffset: Gauge<'consumergroup' | 'topic' | 'partition'>;
  topicCurrentOffset: Gauge<'topic' | 'partition'>;
  topicOldestOffset: Gauge<'topic' | 'partition'>;
  pollErrors: Counter<'consumergroup'>;
}

export const OUTCOMES = ['ok', 'skipped', 'dead-lettered'] as const;
export type RecordOutcome = (typeof OUTCOMES)[number];

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15];
const AGE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

function lagGauges(registry: Registry): ConsumerLagGauges {
  const partitionLabels = ['consumergroup', 'topic', 'partition'] as const;
  return {
    lag: new Gauge({
      name: 'kafka_consumergroup_lag',
      help: 'Records the group has not consumed: high watermark − committed offset (− in-memory position for a group that never commits)',
      labelNames: partitionLabels,
      registers: [registry],
    }),
    lagSeconds: new Gauge({
      name: 'kafka_consumergroup_lag_seconds',
      help: 'Age of the oldest record fetched but not yet committed (now − its Kafka timestamp); 0 when the lag is 0',
      labelNames: partitionLabels,
      registers: [registry],
    }),
    currentOffset: new Gauge({
      name: 'kafka_consumergroup_current_offset',
      help: 'Committed offset of the group (in-memory position for a group that never commits)',
      labelNames: partitionLabels,
      registers: [registry],
    }),
    topicCurrentOffset: new Gauge({
      name: 'kafka_topic_partition_current_offset',
      help: 'High watermark of a consumed partition (includes transaction markers)',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    topicOldestOffset: new Gauge({
      name: 'kafka_topic_partition_oldest_offset',
      help: 'Log start offset of a consumed partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    pollErrors: new Counter({
      name: 'p2z_lag_poll_errors_total',
      help: 'Lag polls that failed (the previous values are kept)',
      labelNames: ['consumergroup'],
      registers: [registry],
    }),
  };
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    recordsIn: new Counter({ name: 'p2z_records_in_total', help: 'Records consumed', labelNames: ['topic', 'entity'], registers: [registry] }),
    recordsOut: new Counter({
      name: 'p2z_records_out_total',
      help: 'Records handled, by outcome (ok, skipped, dead-lettered)',
      labelNames: ['topic', 'entity', 'outcome'],
      registers: [registry],
    }),
    deadLetters: new Counter({ name: 'p2z_dead_letters_total', help: 'Records sent to the dead-letter topic', labelNames: ['entity', 'code'], registers: [registry] }),
    dataQualityIssues: new Counter({
      name: 'p2z_data_quality_issues_total',
      help: 'Data-quality issues in records that were still passed on (values dropped or replaced), by code and field name',
      labelNames: ['entity', 'code', 'field'],
      registers: [registry],
    }),
    handleSeconds: new Histogram({
      name: 'p2z_handle_duration_seconds',
      help: 'Time to handle and commit one chunk of records',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    recordAgeSeconds: new Histogram({
      name: 'p2z_record_age_seconds',
      help: "Now − the record's Kafka timestamp when the stage commits its outcome",
      labelNames: ['stage', 'entity'],
      buckets: AGE_BUCKETS,
      registers: [registry],
    }),
    lag: lagGauges(registry),
  };
}
