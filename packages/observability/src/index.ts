export { createLogger, PHI_FIELDS, SECRET_FIELDS, type Logger } from './logger.ts';
export { createMetrics, OUTCOMES, type ConsumerLagGauges, type Metrics, type RecordOutcome } from './metrics.ts';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.ts';
