import { EventSerde, topicNames } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ensureControlTopics, MappingPublisher } from '@panda2zoho/mapping';
import { runRollback, publishSampleEvent } from 'panda2zoho';
import { ControlReadModels } from './adapters/control-read-models.ts';
import { RollbackRunner, type RollbackJob } from './adapters/rollback-runner.ts';
import type { ControlConfig } from './config.ts';
import { controlRoutes } from './http/control-routes.ts';

export const SERVICE = 'control';

export type ControlSettings = Pick<ControlConfig, 'P2Z_TOPIC_NAMESPACE' | 'SCHEMA_REGISTRY_URL' | 'P2Z_OPERATOR_TOKEN' | 'P2Z_CONSOLE_SECURE_COOKIE' | 'P2Z_CONSOLE_SESSION_HOURS'> & Partial<Pick<ControlConfig, 'P2Z_CONTROL_METRICS_URLS' | 'P2Z_CONTROL_RECONCILER_URL'>>;

/**
 * The control service: the operator's API and web console. It follows the control topics (mapping,
 * audit) and the pipeline's quality issues and reconciliation reports into read models, and writes
 * MappingConfirmed and AuditRecorded events for the operator's actions. It consumes nothing the
 * pipeline depends on and commits no offsets.
 */
export async function createApp(ctx: ServiceContext, config: ControlSettings): Promise<StartedService & { models: ControlReadModels }> {
  const topics = topicNames(config.P2Z_TOPIC_NAMESPACE);
  await ensureControlTopics(ctx.admin, config.P2Z_TOPIC_NAMESPACE);
  await ensureTopics(ctx.admin, [{ topic: topics.dataQualityIssues }, { topic: topics.reconciliation }, { topic: topics.controlSample, partitions: 1, retention: 'forever' }]);
  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  await serde.register(topics.controlMapping, 'MappingRecorded');
  await serde.register(topics.controlAudit, 'AuditRecorded');
  await serde.register(topics.controlSample, 'SampleRecorded');

  const producer = idempotentProducer(ctx.kafka);
  await producer.connect();
  const models = new ControlReadModels();
  await models.start(ctx.kafka, serde, config.P2Z_TOPIC_NAMESPACE, ctx.logger);
  const publisher = new MappingPublisher(producer, serde, config.P2Z_TOPIC_NAMESPACE);
  // A rollback from the console is the CLI's rollback (the same plan, signed compensations, waiting for the writer's outcomes).
  const rollbacks = new RollbackRunner(async (runId, actor, progress) => {
    const { report } = await runRollback(
      { runId, locationId: null, sinceMs: null, includeProvisioning: false, force: false, dryRun: false, operator: actor, operatorToken: config.P2Z_OPERATOR_TOKEN, stepTimeoutMs: 600_000 },
      { kafka: ctx.kafka, serde, namespace: config.P2Z_TOPIC_NAMESPACE, now: Date.now, progress },
    );
    return { complete: report.complete, modules: report.modules as unknown as Record<string, Record<string, number>>, problems: report.problems.length };
  });
  const onRollbackDone = async (job: RollbackJob) => {
    const complete = job.outcome?.complete ?? false;
    await publisher.audit({ name: job.actor, via: 'console' }, 'ROLLBACK_FINISHED', `run:${job.runId}`, complete ? 'everything undone' : (job.error ?? 'not everything undone'));
    if (complete && models.samples.sampleRuns().includes(job.runId)) {
      await publishSampleEvent(
        { kafka: ctx.kafka, serde, namespace: config.P2Z_TOPIC_NAMESPACE },
        { eventId: `sample:${job.runId}:ROLLED_BACK:${job.finishedAtMs}`, kind: 'ROLLED_BACK', sampleId: job.runId, atMs: job.finishedAtMs ?? Date.now(), actor: job.actor, via: 'console', mappingVersion: null, patients: 0, entities: [], fields: [] },
      );
    }
  };
  const routes = controlRoutes({
    operatorToken: config.P2Z_OPERATOR_TOKEN,
    secureCookie: config.P2Z_CONSOLE_SECURE_COOKIE,
    sessionMaxAgeMs: config.P2Z_CONSOLE_SESSION_HOURS * 3_600_000,
    models,
    publisher,
    rollbacks,
    onRollbackDone,
    logger: ctx.logger,
    metricsUrls: config.P2Z_CONTROL_METRICS_URLS ?? [],
    reconcilerUrl: config.P2Z_CONTROL_RECONCILER_URL || null,
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
