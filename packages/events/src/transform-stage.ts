import { deadLetter, emit, ensureTopics, perMessage, skip, startConsumer, type RunningConsumer, type ServiceContext } from '@panda2zoho/kafka';
import type { EventName, EventTypes } from './event-catalogue.ts';
import { EventSerde } from './serde.ts';

/** What a pure stage decides for one event. */
export type StageResult<Out> =
  | { kind: 'emit'; key: string; event: Out }
  | { kind: 'skip'; reason: string }
  | { kind: 'reject'; code: string; reason: string };

export interface TransformStageOptions<In extends EventName, Out extends EventName> {
  ctx: ServiceContext;
  namespace: string;
  registryUrl: string;
  input: { topic: string; event: In };
  output: { topic: string; event: Out };
  deadLetterTopic: string;
  transform: (event: EventTypes[In]) => StageResult<EventTypes[Out]>;
}

/**
 * A consume → transform → produce stage (normalizer, deduper): decode with the registry, run the pure
 * transform, encode, and let the runtime commit output and offsets in one transaction.
 */
export async function startTransformStage<In extends EventName, Out extends EventName>(
  options: TransformStageOptions<In, Out>,
): Promise<RunningConsumer> {
  const { ctx, input, output } = options;
  await ensureTopics(ctx.admin, [
    { topic: input.topic },
    { topic: output.topic },
    { topic: options.deadLetterTopic, retention: 'forever' },
  ]);
  const serde = new EventSerde(options.registryUrl);
  await serde.register(output.topic, output.event);

  const handler = perMessage(async (message) => {
    if (message.value === null) return skip('tombstone');
    const event = await serde.decode(input.event, message.value);
    const result = options.transform(event);
    switch (result.kind) {
      case 'skip':
        return skip(result.reason);
      case 'reject':
        return deadLetter(result.code, result.reason);
      case 'emit':
        return emit({ topic: output.topic, key: result.key, value: await serde.encode(output.topic, output.event, result.event) });
    }
  });
  return startConsumer({
    kafka: ctx.kafka,
    service: ctx.service,
    groupId: `${options.namespace}.${ctx.service}`,
    topics: [input.topic],
    handler,
    deadLetterTopic: options.deadLetterTopic,
    transactionalId: `${options.namespace}.${ctx.service}.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
  });
}
