import type { Kafka, Message, Producer } from 'kafkajs';
import type { EventSerde, TopicNames } from '@panda2zoho/events';
import { DLQ_HEADERS, idempotentProducer } from '@panda2zoho/kafka';
import { ENTITIES } from '@panda2zoho/panda-model';
import type { ChangeOrProblem } from '../domain/canonical-change.ts';
import { sourceRecordKey, toSourceRecordChanged } from '../domain/source-record-event.ts';

/**
 * Publishes what a non-Kafka input read (Change Tracking, CSV): changes to their entity topics,
 * unreadable rows to the dead-letter topic with their position (file:line, table@version) in headers.
 * Resolves once Kafka acknowledged everything (acks=all), so the caller may checkpoint.
 */
export class SourceEventPublisher {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: EventSerde,
    private readonly topics: TopicNames,
    private readonly service: string,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    for (const entity of ENTITIES) await this.serde.register(this.topics.sourceChanged(entity), 'SourceRecordChanged');
    this.producer = idempotentProducer(this.kafka);
    await this.producer.connect();
  }

  async publish(items: ChangeOrProblem[], origin: string): Promise<{ changes: number; problems: number }> {
    if (!this.producer) throw new Error('publisher not started');
    const byTopic = new Map<string, Message[]>();
    const add = (topic: string, message: Message) => byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    let changes = 0;
    for (const item of items) {
      if (item.kind === 'change') {
        const topic = this.topics.sourceChanged(item.change.entity);
        const event = toSourceRecordChanged(item.change, this.now());
        add(topic, { key: sourceRecordKey(item.change), value: await this.serde.encode(topic, 'SourceRecordChanged', event) });
        changes++;
      } else {
        add(this.topics.deadLetter(this.service), {
          key: item.position,
          value: item.raw ?? null,
          headers: {
            [DLQ_HEADERS.code]: item.code,
            [DLQ_HEADERS.reason]: item.reason.slice(0, 1000),
            [DLQ_HEADERS.service]: this.service,
            [DLQ_HEADERS.topic]: origin,
            [DLQ_HEADERS.offset]: item.position,
            [DLQ_HEADERS.failedAt]: new Date(this.now()).toISOString(),
          },
        });
      }
    }
    if (byTopic.size > 0) await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    return { changes, problems: items.length - changes };
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
