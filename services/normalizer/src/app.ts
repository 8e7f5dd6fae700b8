import type { CountryCode } from 'libphonenumber-js';
import { Counter } from 'prom-client';
import { EventSerde, topicNames, type EventName } from '@panda2zoho/events';
import { coPartitionedAssigner, ensureTopics, startConsumer, type ServiceContext, type StartedService } from '@panda2zoho/kafka';
import { ensureControlTopics, MappingGate } from '@panda2zoho/mapping';
import { ENTITIES } from '@panda2zoho/panda-model';
import { AssemblyStore } from './adapters/assembly-store.ts';
import { carrierSynonymTable, missingLastNamePolicy, type NormalizerConfig } from './config.ts';
import { ASSEMBLED_FROM, isAssemblyEntity } from './domain/assembly-state.ts';
import { carrierSynonyms } from './domain/insurance-carrier.ts';
import type { NormalizeContext } from './domain/normalize-context.ts';
import { hmacToken } from './domain/normalize-patient.ts';
import { SINGLE_ROW_ENTITIES } from './domain/normalize-record.ts';
import { normalizeChunk } from './handlers/normalize-chunk.ts';

export { normalizerConfigSchema, type NormalizerConfig } from './config.ts';

export const SERVICE = 'normalizer';

/** Entities with a `<ns>.normalized.<entity>.v1` RecordNormalized topic. */
export const NORMALIZED_ENTITIES = [...SINGLE_ROW_ENTITIES, 'perio_chart', 'treatment_plan', 'overflow_note'] as const;

/** `<ns>.normalizer.assembly.v1`: compacted changelog of chart/plan assembly state (assembly-store.ts). */
export const changelogTopic = (namespace: string): string => `${namespace}.normalizer.assembly.v1`;

export function normalizeContext(config: NormalizerConfig): NormalizeContext {
  const byLocation = config.NORMALIZER_TOOTH_NUMBERING;
  return {
    timeZone: config.PRACTICE_TIME_ZONE,
    defaultCountry: config.PRACTICE_COUNTRY as CountryCode,
    missingLastName: missingLastNamePolicy(config),
    overlong: config.NORMALIZER_OVERLONG,
    toothNumberingOf: (locationId) => byLocation[locationId] ?? 'Universal',
    carriers: carrierSynonyms(carrierSynonymTable(config)),
    ssn: config.NORMALIZER_SSN,
    ...(config.NORMALIZER_SSN === 'tokenise' && config.NORMALIZER_SSN_SECRET ? { tokenise: hmacToken(config.NORMALIZER_SSN_SECRET) } : {}),
  };
}

/**
 * Every `<ns>.source.<entity>.v1` → PatientNormalized, RecordNormalized per entity (charts and plans
 * assembled from their rows), overflow notes and DataQualityIssueRaised; all with the consumed offsets
 * and the assembly changelog in one Kafka transaction per chunk.
 */
export async function createApp(ctx: ServiceContext, config: NormalizerConfig): Promise<StartedService> {
  const ns = config.P2Z_TOPIC_NAMESPACE;
  const topics = topicNames(ns);
  const changelog = changelogTopic(ns);
  const inputs = ENTITIES.map((entity) => topics.sourceChanged(entity));
  const assemblyInputs = Object.keys(ASSEMBLED_FROM).map((entity) => topics.sourceChanged(entity));
  const outputs: Array<{ topic: string; event: EventName }> = [
    { topic: topics.patientNormalized, event: 'PatientNormalized' },
    ...NORMALIZED_ENTITIES.map((entity) => ({ topic: topics.recordNormalized(entity), event: 'RecordNormalized' as const })),
    { topic: topics.dataQualityIssues, event: 'DataQualityIssueRaised' },
  ];

  await ensureTopics(ctx.admin, [...inputs.map((topic) => ({ topic })), ...outputs.map(({ topic }) => ({ topic })), { topic: topics.deadLetter(SERVICE), retention: 'forever' }]);
  // Co-partitioning: rows of one exam / plan share a key, so with equal partition counts they share a
  // partition number on every assembly topic and on the changelog (created with that count).
  const counts = await partitionCounts(ctx, assemblyInputs);
  const partitions = counts.get(assemblyInputs[0]!)!;
  await ensureTopics(ctx.admin, [{ topic: changelog, partitions, compacted: true }]);
  const changelogCount = (await partitionCounts(ctx, [changelog])).get(changelog);
  const unequal = [...counts].filter(([, n]) => n !== partitions);
  if (unequal.length > 0 || changelogCount !== partitions) {
    throw new Error(`co-partitioning needs equal partition counts: ${[...counts, [changelog, changelogCount]].map(([t, n]) => `${t}=${n}`).join(', ')}`);
  }

  const serde = new EventSerde(config.SCHEMA_REGISTRY_URL);
  for (const { topic, event } of outputs) await serde.register(topic, event);

  // The confirmed field map's version, stamped on what we produce (the writer refuses another one).
  // Records normalized before any confirmation carry null; the writer holds its input until one exists.
  let gate: MappingGate | null = null;
  if (config.P2Z_MAPPING_GATE === 'on') {
    await ensureControlTopics(ctx.admin, ns);
    gate = await MappingGate.start({ kafka: ctx.kafka, namespace: ns, serde, reader: SERVICE, warn: (c, m) => ctx.logger.warn(c, m) });
    ctx.logger.info({ mappingVersion: gate.confirmedVersion() }, 'stamping normalized records with the confirmed field map version');
  }

  const store = new AssemblyStore(ctx.kafka, changelog, `${ns}.${SERVICE}.restore.${ctx.instanceId}`, ctx.logger);
  const pmsBridgeRows = new Counter({ name: 'p2z_normalizer_pms_bridge_rows_total', help: 'pms_bridge rows consumed and not migrated (by design)', registers: [ctx.metrics.registry] });
  const handler = normalizeChunk({
    serde,
    topics,
    changelogTopic: changelog,
    ctx: normalizeContext(config),
    store,
    onIssue: (entity, code, field) => ctx.metrics.dataQualityIssues.inc({ entity, code, field }),
    onPmsBridge: () => pmsBridgeRows.inc(),
    mappingVersion: () => gate?.confirmedVersion() ?? null,
  });
  const consumer = await startConsumer({
    kafka: ctx.kafka,
    service: ctx.service,
    groupId: `${ns}.${ctx.service}`,
    topics: inputs,
    handler,
    deadLetterTopic: topics.deadLetter(SERVICE),
    transactionalId: `${ns}.${ctx.service}.${ctx.instanceId}`,
    logger: ctx.logger,
    metrics: ctx.metrics,
    partitionAssigners: [coPartitionedAssigner],
    onGroupJoin: (assignment) => {
      const owned = Object.entries(assignment).filter(([topic]) => isAssemblyEntity(topic.split('.').at(-2) ?? '')).flatMap(([, ps]) => ps);
      store.assign(owned);
    },
  });
  return { consumers: [consumer], stop: async () => gate?.stop() };
}

async function partitionCounts(ctx: ServiceContext, topicList: string[]): Promise<Map<string, number>> {
  const { topics } = await ctx.admin.fetchTopicMetadata({ topics: topicList });
  return new Map(topics.map((t) => [t.name, t.partitions.length]));
}
