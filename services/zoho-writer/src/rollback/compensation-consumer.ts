import { topicNames } from '@panda2zoho/events';
import { ensureTopics, startConsumer, type RunningConsumer, type ServiceContext } from '@panda2zoho/kafka';
import { compensationHandler, type CompensationDeps } from './compensation-handler.ts';

/**
 * The writer's second consumer: a rollback's compensations (`<ns>.zoho.compensations.v1`, kept
 * forever: the audit of who rolled back what, when). Its own group, from the beginning, one message
 * per chunk so every compensation commits with its own ledger outcome.
 */
export async function startCompensationConsumer(
  ctx: ServiceContext,
  options: { namespace: string; service: string; deadLetterTopic: string },
  deps: CompensationDeps,
): Promise<RunningConsumer> {
  const topic = topicNames(options.namespace).zohoCompensations;
  await ensureTopics(ctx.admin, [{ topic, retention: 'forever' }]);
  return startConsumer({
    kafka: ctx.kafka,
    service: options.service,
    groupId: `${options.namespace}.${options.service}.compensations`,
    topics: [topic],
    handler: compensationHandler(deps),
    deadLetterTopic: options.deadLetterTopic,
    transactionalId: `${options.namespace}.${options.service}.compensations.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
    chunkSize: 1,
    fromBeginning: true,
  });
}
