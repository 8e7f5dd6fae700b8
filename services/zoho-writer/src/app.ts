import { EventSerde, topicNames } from '@panda2zoho/events';
import { ensureTopics, startConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { BULK_MAX_ROWS, ZohoAuth, ZohoClient, createZohoMetrics, zohoClientSettingsFrom, zohoCredentialsFrom } from '@panda2zoho/zoho';
import { recoverOpenIntents } from './adapters/intent-recovery.ts';
import { LedgerIndexReader } from './adapters/ledger-index-reader.ts';
import { Gauge } from 'prom-client';
import { MappingGate, ensureControlTopics, ownerAssignmentOf, type OwnerAssignment } from '@panda2zoho/mapping';
import { gatedConsumer } from './adapters/gated-consumer.ts';
import { LedgerWriter } from './adapters/ledger-writer.ts';
import { registerParkedChildrenGauge } from './adapters/parked-children-gauge.ts';
import { ParkingLot } from './adapters/parking-lot.ts';
import { ensureDealsAccount, provision } from './adapters/provisioner.ts';
import { ledgerRecorder } from './adapters/provisioning-recorder.ts';
import { ZohoGateway } from './adapters/zoho-gateway.ts';
import type { WriterConfig } from './config.ts';
import { IdIndex } from './domain/id-index.ts';
import { zohoSchema } from './domain/zoho-schema.ts';
import { writeHandler } from './handlers/write-handler.ts';
import { startCompensationConsumer } from './rollback/compensation-consumer.ts';

export const SERVICE = 'zoho-writer';

/** The writer's inputs: patients, deduplicated referrers, and the normalizer's patient children. */
export const RESOLVED_ENTITIES = ['referring_practice', 'referring_dentist'] as const;
export const NORMALIZED_ENTITIES = ['perio_chart', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report', 'referral_letter', 'overflow_note'] as const;

/** Children waiting for a parent's Zoho id; the writer's own topic (original bytes + origin and time headers). */
export function parkingTopic(namespace: string): string {
  return `${namespace}.zoho.parked.v1`;
}

export function writerInputTopics(namespace: string): string[] {
  const topics = topicNames(namespace);
  return [topics.patientResolved, ...RESOLVED_ENTITIES.map(topics.recordResolved), ...NORMALIZED_ENTITIES.map(topics.recordNormalized)];
}

export interface WriterTestHooks {
  afterZohoCalls?: () => void;
  /** rollback: after a compensation's Zoho call, before its outcome */
  afterCompensationCall?: () => void;
}

export function createZohoClient(ctx: Pick<ServiceContext, 'metrics'> & Partial<Pick<ServiceContext, 'logger'>>, config: WriterConfig): { zoho: ZohoClient; gateway: ZohoGateway } {
  const auth = new ZohoAuth(zohoCredentialsFrom(config));
  const metrics = createZohoMetrics(ctx.metrics.registry, { creditsPerDay: config.ZOHO_CREDITS_PER_DAY });
  // The edition's concurrency, the complex-call pool and the daily credit budget with its reserve.
  const settings = zohoClientSettingsFrom(config, { budgetObserver: metrics, ...(ctx.logger ? { log: (message, fields) => ctx.logger!.warn(fields ?? {}, message) } : {}) });
  const zoho = new ZohoClient({ auth, observer: metrics, ...settings });
  return { zoho, gateway: new ZohoGateway(zoho) };
}

/**
 * With Bulk Write on, the live consumer hands the handler whole fetched batches (up to one job's 25,000
 * rows) and fetches up to 32 MiB a partition, so an initial load's backlog arrives in chunks large
 * enough for a job; a trickle still arrives in small chunks and goes through the records API.
 */
function liveChunking(config: WriterConfig): { chunkSize?: number; maxBytesPerPartition?: number; maxBytes?: number } {
  if (config.WRITER_BULK_THRESHOLD === 0) return {};
  return { chunkSize: Math.max(config.ZOHO_WRITE_BATCH_SIZE, BULK_MAX_ROWS), maxBytesPerPartition: 32 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 };
}

/**
 * The owner map of the confirmed mapping file (`panda2zoho owners propose`, confirmed with `map
 * confirm`), re-read when another version is confirmed. Null (no Owner sent) when the confirmed file
 * has no owner map.
 */
function confirmedOwners(gate: MappingGate, ctx: Pick<ServiceContext, 'logger'>): () => OwnerAssignment | null {
  let cached: { version: string; assignment: OwnerAssignment | null } | null = null;
  return () => {
    const version = gate.confirmedVersion();
    if (version === null) return null;
    if (cached?.version !== version) {
      let assignment: OwnerAssignment | null = null;
      try {
        const owners = gate.confirmedMapping()?.owners;
        assignment = owners ? ownerAssignmentOf(owners) : null;
      } catch (error) {
        ctx.logger.warn({ mappingVersion: version, err: (error as Error).message }, 'the confirmed mapping file is unreadable: no owner map');
      }
      if (!assignment) ctx.logger.warn({ mappingVersion: version }, 'the confirmed mapping has no owner map: records are owned by the API user (run `panda2zoho owners propose`)');
      cached = { version, assignment };
    }
    return cached.assignment;
  };
}

export async function createApp(ctx: ServiceContext, config: WriterConfig, hooks: WriterTestHooks = {}): Promise<StartedService> {
  const ns = config.P2Z_TOPIC_NAMESPACE;
  const topics = topicNames(ns);
  const deadLetterTopic = topics.deadLetter(SERVICE);
  const parked = parkingTopic(ns);
  const inputs = writerInputTopics(ns);
  await ensureTopics(ctx.admin, [
    ...inputs.map((topic) => ({ topic })),
    { topic: topics.dataQualityIssues },
    { topic: parked, retention: 'forever' },
    { topic: topics.zohoLedger, retention: 'forever' },
    { topic: deadLetterTopic, retention: 'forever' },
  ]);
  const { zoho, gateway } = createZohoClient(ctx, config);

  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  await serde.register(topics.dataQualityIssues, 'DataQualityIssueRaised');
  const ledger = new LedgerWriter(ctx.kafka, serde, topics.zohoLedger);
  await ledger.start();
  const index = new IdIndex();
  const reader = new LedgerIndexReader(ctx.kafka, ctx.admin, serde, topics.zohoLedger, index);
  await reader.start();
  const recovery = await recoverOpenIntents(gateway, index, ledger, config.P2Z_RUN_ID, Date.now);
  if (recovery.resolved + recovery.unresolvable > 0) ctx.logger.warn(recovery, 'resolved ledger intents left open by a crash');

  const parking = new ParkingLot(registerParkedChildrenGauge(ctx.metrics.registry));
  const deps = {
    serde, gateway, ledger, index, parking, pending: new Map(), runId: config.P2Z_RUN_ID, now: Date.now, afterZohoCalls: hooks.afterZohoCalls, logger: ctx.logger,
    patientTopic: topics.patientResolved, parkingTopic: parked, qualityTopic: topics.dataQualityIssues, deletePolicy: config.WRITER_DELETE_POLICY,
    parkTimeoutMs: config.WRITER_PARK_TIMEOUT_MS, parkRetryMs: config.WRITER_PARK_RETRY_MS,
    bulk: config.WRITER_BULK_THRESHOLD > 0 ? { threshold: config.WRITER_BULK_THRESHOLD, pollIntervalMs: config.WRITER_BULK_POLL_MS } : undefined,
  };
  const common = { kafka: ctx.kafka, service: SERVICE, chunkSize: config.ZOHO_WRITE_BATCH_SIZE, deadLetterTopic, logger: ctx.logger, metrics: ctx.metrics };
  // The confirmation gate: nothing is written to Zoho before a person confirmed the field map
  // (`panda2zoho map confirm` or the console); records wait in Kafka meanwhile.
  if (config.P2Z_MAPPING_GATE === 'on') await ensureControlTopics(ctx.admin, ns);
  const gate = config.P2Z_MAPPING_GATE === 'on' ? await MappingGate.start({ kafka: ctx.kafka, namespace: ns, serde, reader: SERVICE, warn: (c, m) => ctx.logger.warn(c, m) }) : null;
  const confirmed = new Gauge({ name: 'p2z_mapping_confirmed', help: '1 once a field map is confirmed and the writer may write to Zoho', registers: [ctx.metrics.registry] });
  const opened = gate ? gate.whenConfirmed() : Promise.resolve('gate off');
  if (gate && gate.confirmedVersion() === null) {
    const waiting = gate.check(null);
    if (!waiting.ok) ctx.logger.warn({ code: waiting.code }, `nothing is written to Zoho until a field map is confirmed: ${waiting.reason}`);
  }
  void opened.then((version) => {
    confirmed.set(1);
    ctx.logger.info({ mappingVersion: version }, 'field map confirmed: writing to Zoho');
  });
  // Provisioning changes the org too: it waits for the confirmation like every record does.
  const prepared = opened.then(async () => {
    if (config.WRITER_PROVISION) {
      // Ledgered under the run (PROVISION): what `rollback --include-provisioning` of the run removes.
      const report = await provision(zoho, zohoSchema(config.ZOHO_CDT_CODES), { dryRun: false, record: ledgerRecorder(ledger, config.P2Z_RUN_ID, Date.now) });
      if (report.applied) ctx.logger.info({ steps: report.lines }, 'provisioned the Zoho org');
    }
    return { ...deps, dealsAccountId: await ensureDealsAccount(zoho), cdtProducts: config.ZOHO_CDT_CODES === 'products', mappingGate: gate, owners: gate ? confirmedOwners(gate, ctx) : () => null };
  });
  const live = gatedConsumer(`${ns}.${SERVICE}`, inputs, prepared, async () =>
    startConsumer({
      ...common,
      groupId: `${ns}.${SERVICE}`,
      topics: inputs,
      handler: writeHandler(await prepared, 'live'),
      transactionalId: `${ns}.${SERVICE}.${ctx.instanceId}`,
      ...liveChunking(config),
    }),
  );
  const parkedConsumer = gatedConsumer(`${ns}.${SERVICE}.parked`, [parked], prepared, async () =>
    startConsumer({
      ...common,
      groupId: `${ns}.${SERVICE}.parked`,
      topics: [parked],
      handler: writeHandler(await prepared, 'parked'),
      transactionalId: `${ns}.${SERVICE}.parked.${ctx.instanceId}`,
    }),
  );
  // rollback (services/zoho-writer/src/rollback): executes the compensations `panda2zoho rollback` plans
  const compensations = await startCompensationConsumer(ctx, { namespace: ns, service: SERVICE, deadLetterTopic }, { serde, gateway, ledger, index, operatorToken: config.P2Z_OPERATOR_TOKEN, now: Date.now, afterCompensationCall: hooks.afterCompensationCall });
  return {
    consumers: [live, parkedConsumer, compensations],
    stop: async () => {
      await gate?.stop();
      await reader.stop();
      await ledger.stop();
    },
  };
}
export { provisionConfigSchema, writerConfigSchema, type WriterConfig } from './config.ts';
export { provision, type ProvisioningCreated, type ProvisioningReport } from './adapters/provisioner.ts';
export { ledgerRecorder, type ProvisioningRecorder } from './adapters/provisioning-recorder.ts';
export { LedgerWriter } from './adapters/ledger-writer.ts';
export { zohoSchema } from './domain/zoho-schema.ts';
export { ZOHO_SALUTATIONS } from './domain/zoho-salutation.ts';
export * from './rollback/index.ts';
// The writer's Zoho write path on its own (no Kafka): what bench/zoho-calls.bench.ts measures.
export { callZoho, type BulkOptions, type PlannedOperation } from './handlers/execute-operations.ts';
export { ZohoGateway } from './adapters/zoho-gateway.ts';
export { toContactRecord, EXTERNAL_ID_FIELD } from './domain/contact-mapping.ts';
