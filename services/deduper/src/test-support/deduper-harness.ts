import type { Admin, Kafka } from 'kafkajs';
import { EventSerde, topicNames, type EventName, type EventTypes, type TopicNames } from '@panda2zoho/events';
import { createKafka, ensureTopics, type StartedService } from '@panda2zoho/kafka';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { readToEnd } from '../adapters/read-to-end.ts';
import { createApp } from '../app.ts';
import { deduperConfigSchema } from '../config.ts';

export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789';

/** The real deduper (createApp) against the real Kafka and registry, in a namespace of its own. */
export class DeduperHarness {
  readonly topics: TopicNames;
  readonly serde: EventSerde;
  private started: StartedService | undefined;

  private constructor(
    readonly namespace: string,
    readonly kafka: Kafka,
    readonly admin: Admin,
    readonly brokers: string[],
    readonly registryUrl: string,
  ) {
    this.topics = topicNames(namespace);
    this.serde = new EventSerde(registryUrl);
  }

  static async create(prefix: string): Promise<DeduperHarness> {
    const brokers = (process.env['P2Z_TEST_KAFKA_BROKERS'] ?? 'localhost:19092').split(',');
    const registryUrl = process.env['P2Z_TEST_REGISTRY_URL'] ?? 'http://localhost:18081/apis/ccompat/v7';
    const namespace = `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const kafka = createKafka({ brokers, clientId: `test-${namespace}` }, createLogger({ service: 'deduper-test', level: 'fatal' }));
    const admin = kafka.admin();
    await admin.connect();
    return new DeduperHarness(namespace, kafka, admin, brokers, registryUrl);
  }

  async start(): Promise<void> {
    const config = deduperConfigSchema.parse({
      KAFKA_BROKERS: this.brokers.join(','),
      SCHEMA_REGISTRY_URL: this.registryUrl,
      P2Z_TOPIC_NAMESPACE: this.namespace,
      DEDUPE_SECRET: 'integration-test-dedupe-secret',
      DEDUPE_LOCATION_PRIORITY: 'PANDA_LOC02,PANDA_LOC01',
      P2Z_OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    });
    const ctx = {
      service: 'deduper',
      instanceId: 'test',
      logger: createLogger({ service: 'deduper', level: process.env['P2Z_TEST_LOG_LEVEL'] ?? 'fatal' }),
      metrics: createMetrics('deduper'),
      kafka: this.kafka,
      admin: this.admin,
    };
    this.started = await createApp(ctx, config);
  }

  async stop(): Promise<void> {
    for (const c of this.started?.consumers ?? []) await c.stop();
    this.started = undefined;
  }

  async produce<K extends EventName>(topic: string, name: K, events: Array<{ key: string; event: EventTypes[K] }>, partitions?: number): Promise<void> {
    await ensureTopics(this.admin, [{ topic, ...(partitions ? { partitions } : {}) }]);
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      const messages = [];
      for (const { key, event } of events) messages.push({ key, value: await this.serde.encode(topic, name, event) });
      await producer.send({ topic, acks: -1, messages });
    } finally {
      await producer.disconnect();
    }
  }

  async produceRaw(topic: string, key: string, value: Buffer): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    } finally {
      await producer.disconnect();
    }
  }

  /** Every committed record of the topic, per partition in log order: for byte comparisons. */
  async read(topic: string): Promise<Array<{ partition: number; key: string; value: Buffer }>> {
    const out: Array<{ partition: number; key: string; value: Buffer }> = [];
    await readToEnd(this.kafka, this.admin, [topic], (_t, partition, m) => {
      if (m.value) out.push({ partition, key: m.key?.toString('utf8') ?? '', value: m.value });
    });
    return out.sort((a, b) => a.partition - b.partition);
  }

  async decodeAll<K extends EventName>(topic: string, name: K): Promise<Array<EventTypes[K]>> {
    const records = await this.read(topic);
    const out: Array<EventTypes[K]> = [];
    for (const r of records) out.push(await this.serde.decode(name, r.value));
    return out;
  }

  /** Stops the deduper and deletes this namespace's topics and groups. */
  async cleanup(): Promise<void> {
    await this.stop();
    const topics = (await this.admin.listTopics()).filter((t) => t.startsWith(`${this.namespace}.`));
    if (topics.length > 0) await this.admin.deleteTopics({ topics }).catch(() => undefined);
    await this.admin.deleteGroups([`${this.namespace}.deduper`]).catch(() => undefined);
    await this.admin.disconnect();
  }
}
