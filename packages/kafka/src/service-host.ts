import { hostname } from 'node:os';
import type { Router } from 'express';
import type { Admin, Kafka } from 'kafkajs';
import { kafkaSecurityFrom, type KafkaSecurityEnv } from '@panda2zoho/config';
import { createLogger, createMetrics, startOpsServer, type Logger, type Metrics } from '@panda2zoho/observability';
import { createKafka } from './kafka-client.ts';
import type { RunningConsumer } from './consumer-runtime.ts';
import { startLagMonitor } from './lag-monitor.ts';

export interface HostEnv extends KafkaSecurityEnv {
  KAFKA_BROKERS: string[];
  /** Lag poll interval (kafkaEnv default 5 s). */
  P2Z_LAG_POLL_MS?: number | undefined;
  P2Z_INSTANCE_ID?: string | undefined;
  LOG_LEVEL: string;
  HTTP_HOST: string;
  HTTP_PORT: number;
}

export interface ServiceContext {
  service: string;
  instanceId: string;
  logger: Logger;
  metrics: Metrics;
  kafka: Kafka;
  admin: Admin;
}

export interface StartedService {
  consumers: RunningConsumer[];
  routes?: Router;
  stop?: () => Promise<void>;
}

/**
 * The process shell every service shares: logger, metrics, /healthz /readyz /metrics, Kafka client
 * (with TLS/SASL from the environment), consumer-lag polling for every group it runs, signal handling. A consumer that gives up (a bug, or retries exhausted) exits the process non-zero
 * so the supervisor (compose restart policy, or our stack) restarts it from the last committed offset.
 */
export async function runService(service: string, env: HostEnv, start: (ctx: ServiceContext) => Promise<StartedService>): Promise<void> {
  const instanceId = env.P2Z_INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  const logger = createLogger({ service, level: env.LOG_LEVEL });
  const metrics = createMetrics(service);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS, clientId: `p2z-${service}`, security: kafkaSecurityFrom(env) }, logger);
  const admin = kafka.admin();
  await admin.connect();

  const started = await start({ service, instanceId, logger, metrics, kafka, admin });
  const lagMonitor = startLagMonitor({
    admin,
    gauges: metrics.lag,
    consumers: () => started.consumers.map((c) => c.progress),
    logger,
    ...(env.P2Z_LAG_POLL_MS ? { intervalMs: env.P2Z_LAG_POLL_MS } : {}),
  });
  const ops = await startOpsServer({
    host: env.HTTP_HOST,
    port: env.HTTP_PORT,
    registry: metrics.registry,
    isReady: () => started.consumers.every((c) => c.isReady()),
    ...(started.routes ? { routes: started.routes } : {}),
  });
  logger.info({ url: ops.url, instanceId }, `${service} started`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(code || 1), 15_000).unref();
    try {
      lagMonitor.stop();
      await Promise.all(started.consumers.map((c) => c.stop()));
      await started.stop?.();
      await admin.disconnect();
      await ops.close();
    } finally {
      clearTimeout(force);
      logger.info({ code }, `${service} stopped`);
      process.exit(code);
    }
  };
  // A rejection nobody awaited (a kafkajs connection closed during a broker restart, say) would kill the
  // process without a word: log it like a failed consumer (its name and message, no record values) and
  // stop cleanly, so the supervisor restarts the service from its last committed offsets.
  process.on('unhandledRejection', (error: unknown) => {
    logger.fatal({ err: error }, `${service}: unhandled rejection; exiting for a restart`);
    void shutdown(1);
  });
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  for (const consumer of started.consumers) {
    consumer.done.catch((error: unknown) => {
      logger.fatal({ err: error }, `${service} consumer failed; exiting for a restart`);
      void shutdown(1);
    });
  }
}
