import { EventSerde, topicNames } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ensureControlTopics, MappingPublisher } from '@panda2zoho/mapping';
import { ControlReadModels } from './adapters/control-read-models.ts';
import type { ControlConfig } from './config.ts';
import { controlRoutes } from './http/control-routes.ts';

export const SERVICE = 'control';

export type ControlSettings = Pick<ControlConfig, 'P2Z_TOPIC_NAMESPACE' | 'SCHEMA_REGISTRY_URL' | 'P2Z_OPERATOR_TOKEN' | 'P2Z_CONSOLE_SECURE_COOKIE' | 'P2Z_CONSOLE_SESSION_HOURS'> & Partial<Pick<ControlConfig, 'P2Z_CONTROL_METRICS_URLS'>>;

/**
 * The control service: the operator's API and web console. It follows the control topics (mapping,
 * audit) and the pipeline's quality issues and reconciliation reports into read models, and writes
 * MappingConfirmed and AuditRecorded events for the operator's actions. It consumes nothing the
 * pipeline depends on and commits no offsets.
 */
export async function createApp(ctx: ServiceContext, config: ControlSettings): Promise<StartedService & { models: ControlReadModels }> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  await ensureControlTopics(ctx.admin, config.P2Z_TOPIC_NAMESPACE);
  await ensureTopics(ctx.admin, [{ topic: topics.dataQualityIssues }, { topic: topics.reconciliation }]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  await serde.register(topics.controlMapping, 'MappingRecorded');
  await serde.register(topics.controlAudit, 'AuditRecorded');

  const producer = idempotentProducer(ctx.kafka);
  await producer.connect();
  const models = new ControlReadModels();
  await models.start(ctx.kafka, serde, config.P2Z_TOPIC_NAMESPACE, ctx.logger);
  const routes = controlRoutes({
    operatorToken: config.P2Z_OPERATOR_TOKEN,
    secureCookie: config.P2Z_CONSOLE_SECURE_COOKIE,
    sessionMaxAgeMs: config.P2Z_CONSOLE_SESSION_HOURS * 3_600_000,
    models,
    publisher: new MappingPublisher(producer, serde, config.P2Z_TOPIC_NAMESPACE),
    logger: ctx.logger,
    metricsUrls: config.P2Z_CONTROL_METRICS_URLS ?? [],
  });
  return {
    consumers: [],
    routes,
    models,
    stop: async () => {
      await models.stop();
      await producer.disconnect();
    },
  };
}
