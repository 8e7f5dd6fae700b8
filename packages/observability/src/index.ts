export { createLogger, PHI_FIELDS, SECRET_FIELDS, type Logger } from './logger.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.ts';
