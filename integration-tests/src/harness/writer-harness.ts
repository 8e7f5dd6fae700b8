import type { Admin, Kafka, Producer } from 'kafkajs';
import { EventSerde, topicNames, type DataQualityIssueRaised, type EventTypes, type PatientResolved, type RecordNormalized, type ZohoOperationRecorded } from '@panda2zoho/events';
import { createKafka, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { createLogger, createMetrics } from '@panda2zoho/observability';
import { DEFAULT_CLIENT, startZohoEmulator, type RunningZohoEmulator, type ZohoEmulatorOptions } from '@panda2zoho/zoho-emulator';
import { createApp, parkingTopic, writerConfigSchema, writerInputTopics, type WriterTestHooks } from '@panda2zoho/zoho-writer';
import { readTopic } from './read-topics.ts';
import { eventually, testStack, uniqueName } from './test-stack.ts';

/**
 * The zoho-writer in process (createApp) against the real Kafka and registry and an in-process Zoho
 * emulator whose clock the test can move (token expiry). Topic names are unique to one harness.
 */
export class WriterHarness {
  readonly namespace = uniqueName('wr');
  readonly topics = topicNames(this.namespace);
  readonly kafka: Kafka;
  readonly serde: EventSerde;
  emulator!: RunningZohoEmulator;
  clockOffsetMs = 0;
  /** The running writer's metrics (Zoho calls by status, …). */
  metrics: ServiceContext['metrics'] | undefined;
  private admin!: Admin;
  private producer!: Producer;
  private app: StartedService | undefined;
  private readonly registered = new Set<string>();

  constructor(
    private readonly env: Record<string, string> = {},
    /** e.g. fault injection (`faults: { rate429: 0.3 }`) for the whole test. */
    private readonly emulatorOptions: Partial<ZohoEmulatorOptions> = {},
  ) {
    const stack = testStack();
    this.kafka = createKafka({ brokers: stack.brokers, clientId: `test-${this.namespace}` }, createLogger({ service: 'writer-test', level: 'warn' }));
    this.serde = new EventSerde(stack.registryUrl);
  }

  async start(): Promise<void> {
    this.emulator = await startZohoEmulator({ clients: [DEFAULT_CLIENT], now: () => Date.now() + this.clockOffsetMs, tokenTtlSeconds: 3600, ...this.emulatorOptions });
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.producer = this.kafka.producer({ idempotent: true });
    await this.producer.connect();
  }

  /** Starts (or restarts) the writer; a throw from `hooks.afterZohoCalls` crashes its consumer like a bug would. */
  async startWriter(hooks: WriterTestHooks = {}): Promise<StartedService> {
    const stack = testStack();
    const config = writerConfigSchema.parse({
      KAFKA_BROKERS: stack.brokers.join(','),
      SCHEMA_REGISTRY_URL: stack.registryUrl,
      P2Z_TOPIC_NAMESPACE: this.namespace,
      ZOHO_ACCOUNTS_URL: this.emulator.url,
      ZOHO_API_URL: this.emulator.url,
      ZOHO_CLIENT_ID: DEFAULT_CLIENT.clientId,
      ZOHO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
      ZOHO_REFRESH_TOKEN: DEFAULT_CLIENT.refreshToken,
      WRITER_PARK_RETRY_MS: '300',
      // The writer on its own: the confirmation gate has its own pipeline test (mapping-gate.int.test.ts).
      P2Z_MAPPING_GATE: 'off',
      ...this.env,
    });
    const ctx: ServiceContext = {
      service: 'zoho-writer',
      instanceId: 'test',
      logger: createLogger({ service: 'zoho-writer', level: process.env['P2Z_TEST_LOG_LEVEL'] ?? 'warn' }),
      metrics: createMetrics('zoho-writer'),
      kafka: this.kafka,
      admin: this.admin,
    };
    this.metrics = ctx.metrics;
    this.app = await createApp(ctx, config, hooks);
    // A consumer that gives up rejects `done`; the test observes it through the ledger and Zoho instead.
    for (const c of this.app.consumers) c.done.catch(() => undefined);
    await eventually('writer consumers ready', async () => this.app!.consumers.every((c) => c.isReady()), 60_000);
    return this.app;
  }

  async stopWriter(): Promise<void> {
    if (!this.app) return;
    await Promise.all(this.app.consumers.map((c) => c.stop().catch(() => undefined)));
    await this.app.stop?.();
    this.app = undefined;
  }

  /** `partition`: all on one partition, so the writer consumes them as one chunk (Bulk Write tests). */
  async produce<T extends 'PatientResolved' | 'RecordNormalized'>(topic: string, type: T, events: Array<EventTypes[T]>, options: { partition?: number } = {}): Promise<void> {
    if (!this.registered.has(topic)) {
      await this.serde.register(topic, type);
      this.registered.add(topic);
    }
    const messages = await Promise.all(
      events.map(async (e) => ({
        key: type === 'PatientResolved' ? (e as PatientResolved).contactKey : (e as RecordNormalized).recordKey,
        value: await this.serde.encode(topic, type, e),
        ...(options.partition === undefined ? {} : { partition: options.partition }),
      })),
    );
    await this.producer.send({ topic, acks: -1, messages });
  }

  async ledger(atLeast: number, idleMs = 4_000): Promise<ZohoOperationRecorded[]> {
    const records = await readTopic(this.kafka, this.topics.zohoLedger, atLeast, idleMs);
    return Promise.all(records.map((r) => this.serde.decode('ZohoOperationRecorded', r.value!)));
  }

  /** Until the ledger stops growing (two reads in a row, 1.5 s of quiet each, see the same count): the last outcomes are committed. */
  async ledgerSettled(timeoutMs = 60_000): Promise<void> {
    let size = -1;
    await eventually('the ledger settled', async () => {
      const now = (await this.ledger(1, 1_500)).length;
      const settled = now === size;
      size = now;
      return settled;
    }, timeoutMs);
  }

  async issues(atLeast: number): Promise<DataQualityIssueRaised[]> {
    const records = await readTopic(this.kafka, this.topics.dataQualityIssues, atLeast, 4_000);
    return Promise.all(records.map((r) => this.serde.decode('DataQualityIssueRaised', r.value!)));
  }

  async deadLetterCodes(atLeast: number): Promise<string[]> {
    const records = await readTopic(this.kafka, this.topics.deadLetter('zoho-writer'), atLeast, 4_000);
    return records.map((r) => r.headers['p2z-error-code']?.toString() ?? '');
  }

  /** A call to the emulator's Zoho API as the practice (not the writer) would make it. */
  async zohoApi(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: DEFAULT_CLIENT.clientId, client_secret: DEFAULT_CLIENT.clientSecret, refresh_token: DEFAULT_CLIENT.refreshToken });
    const token = ((await (await fetch(`${this.emulator.url}/oauth/v2/token?${query.toString()}`, { method: 'POST' })).json()) as { access_token: string }).access_token;
    const response = await fetch(`${this.emulator.url}${path}`, {
      method,
      headers: { Authorization: `Zoho-oauthtoken ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: response.status === 204 ? null : await response.json() };
  }

  /**
   * Whether the writer's consumer groups (live and parked) have committed every non-empty input
   * partition up to its end: what was consumed has its outcome in the ledger (committed together).
   */
  async drained(): Promise<boolean> {
    const groups: Array<[string, string[]]> = [
      [`${this.namespace}.zoho-writer`, writerInputTopics(this.namespace)],
      [`${this.namespace}.zoho-writer.parked`, [this.parkingTopic()]],
    ];
    for (const [groupId, topics] of groups) {
      for (const topic of topics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const [committed] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
        for (const end of ends) {
          if (BigInt(end.high) <= BigInt(end.low)) continue;
          const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          if (BigInt(at) < BigInt(end.high)) return false;
        }
      }
    }
    return true;
  }

  /** The running writer's handled records by outcome (`ok`, `skipped`, `dead-lettered`), all topics. */
  async handled(outcome: 'ok' | 'skipped' | 'dead-lettered'): Promise<number> {
    const metric = this.metrics?.registry.getSingleMetric('p2z_records_out_total');
    if (!metric) return 0;
    return (await metric.get()).values.filter((v) => v.labels['outcome'] === outcome).reduce((n, v) => n + v.value, 0);
  }

  records(module: string): Array<Record<string, unknown>> {
    return this.emulator.exportState().modules[module]?.records ?? [];
  }

  async stop(): Promise<void> {
    await this.stopWriter();
    await this.producer.disconnect();
    await this.emulator.close();
    const mine = (await this.admin.listTopics()).filter((t) => t.startsWith(`${this.namespace}.`));
    if (mine.length > 0) await this.admin.deleteTopics({ topics: mine });
    const groups = (await this.admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${this.namespace}.`));
    if (groups.length > 0) await this.admin.deleteGroups(groups).catch(() => undefined);
    await this.admin.disconnect();
    const registry = testStack().registryUrl;
    const subjects = (await (await fetch(`${registry}/subjects`)).json()) as string[];
    for (const subject of subjects.filter((s) => s.startsWith(`${this.namespace}.`))) {
      await fetch(`${registry}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' });
      await fetch(`${registry}/subjects/${encodeURIComponent(subject)}?permanent=true`, { method: 'DELETE' });
    }
  }

  parkingTopic(): string {
    return parkingTopic(this.namespace);
  }
}
