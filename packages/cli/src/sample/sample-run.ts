import type { Admin, Kafka } from 'kafkajs';
import { fromEventFields, topicNames, type EventSerde, type EventFields, type MappingRecorded, type SampleRecorded, type SourceRecordChanged, type ZohoOperationRecorded } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer } from '@panda2zoho/kafka';
import { applyMappingEvent, EMPTY_MAPPING_STATE, parseMapping, proposalOf, RECORD_ID_FIELD, type MappingDocument, type MappingState } from '@panda2zoho/mapping';
import type { SampleScope } from '@panda2zoho/panda-model';
import type { ZohoClient } from '@panda2zoho/zoho';
import { LedgerTail, TopicTail } from '../commands/rollback-ledger.ts';
import type { ProgressRenderer, ProgressRow } from '../progress.ts';
import { diffSample, type MappingTargets, type SampleDiff, type SampleRecordInput } from './sample-diff.ts';

export interface SampleRunDeps {
  kafka: Kafka;
  serde: EventSerde;
  namespace: string;
  zoho: ZohoClient;
  now: () => number;
  progress: ProgressRenderer;
  /** Credits the writer spent so far (its /metrics), when reachable. */
  credits?: () => Promise<number | null>;
}

/** The ledger's record for a source record of the sample: patients by member key, an exam by its chart. */
export function ledgerKeyOf(entity: string, sourceRecordKey: string): string {
  return entity === 'perio_exam' ? sourceRecordKey.replace(':perio_exam:', ':perio_chart:') : sourceRecordKey;
}

const OK_RESULTS = new Set(['INSERTED', 'UPDATED']);

interface Written {
  module: string;
  zohoId: string;
  sentFields: Record<string, string>;
  failed: boolean;
}

/** Folds the sample run's ledger entries: per ledger record key (and per patient member key) its writes. */
export function foldSampleLedger(entries: ZohoOperationRecorded[], runId: string): Map<string, Written> {
  const intents = new Map<string, ZohoOperationRecorded>();
  const out = new Map<string, Written>();
  for (const e of entries) {
    // A LINK/UNLINK (ZOHO_CDT_CODES=products: a Deal's CDT Products) carries its plan's recordKey but is no record.
    if (e.runId !== runId || e.rollbackId || e.operation === 'LINK' || e.operation === 'UNLINK') continue;
    if (e.phase === 'INTENT') {
      intents.set(e.operationId, e);
      continue;
    }
    const keys = [e.recordKey ?? e.externalId, ...e.memberKeys];
    const ok = e.result !== null && OK_RESULTS.has(e.result) && e.zohoId !== null;
    for (const key of keys) {
      const before = out.get(key);
      if (!ok) {
        if (!before) out.set(key, { module: e.module, zohoId: '', sentFields: {}, failed: true });
        continue;
      }
      out.set(key, { module: e.module, zohoId: e.zohoId!, sentFields: { ...(before?.failed ? {} : before?.sentFields), ...intents.get(e.operationId)?.sentFields }, failed: false });
    }
  }
  return out;
}

/**
 * entity → source field → `Module.Field`, from the confirmed mapping. Without an owner map the writer
 * sends no `Owner` (Zoho makes the API user the owner), so a provider mapped onto it is not expected.
 */
export function mappingTargets(doc: MappingDocument): MappingTargets {
  const out: MappingTargets = new Map();
  const ownerSent = doc.owners !== undefined;
  for (const t of doc.tables) {
    if (!t.entity) continue;
    const fields = out.get(t.entity) ?? new Map<string, string>();
    for (const c of t.columns) {
      // A source key kept against the Zoho record id (Notes, Attachments) is in the writer's ledger, never a sent field.
      if (c.status !== 'mapped' || !c.field || !c.zoho) continue;
      if (c.via === 'key' && c.zoho.endsWith(`.${RECORD_ID_FIELD}`)) continue;
      if (!ownerSent && c.zoho.endsWith('.Owner')) continue;
      fields.set(c.field, c.zoho);
    }
    out.set(t.entity, fields);
  }
  return out;
}

/** The mapping in force (its document), or null when none is confirmed. */
export async function readConfirmedMapping(kafka: Kafka, admin: Admin, serde: EventSerde, namespace: string): Promise<{ version: string; doc: MappingDocument } | null> {
  const tail = new TopicTail<MappingRecorded>(kafka, admin, [topicNames(namespace).controlMapping], (_t, v) => serde.decode('MappingRecorded', v));
  try {
    await tail.start();
  } finally {
    await tail.stop();
  }
  const state = tail.entries.reduce<MappingState>((s, e) => applyMappingEvent(s, e), EMPTY_MAPPING_STATE);
  const yaml = state.confirmed ? proposalOf(state, state.confirmed.version)?.yaml : null;
  return state.confirmed && yaml ? { version: state.confirmed.version, doc: parseMapping(yaml) } : null;
}

function progressRows(scope: SampleScope, written: Map<string, Written>): ProgressRow[] {
  const rows = new Map<string, ProgressRow>();
  for (const r of scope.records) {
    const row = rows.get(r.entity) ?? { label: r.entity, done: 0, total: 0 };
    row.total!++;
    if (written.has(ledgerKeyOf(r.entity, r.key))) row.done++;
    rows.set(r.entity, row);
  }
  return [...rows.values()];
}

/**
 * Waits until every record of the sample has an outcome in the ledger under the sample's run id and
 * the ledger has been quiet for `settleMs` (a chart is written again as its sites arrive: the first
 * outcome is not the last), or the timeout (what is missing is reported as missing), drawing progress.
 */
export async function waitForSample(scope: SampleScope, deps: SampleRunDeps, timeoutMs: number, settleMs = 4_000): Promise<ZohoOperationRecorded[]> {
  const admin = deps.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic: topicNames(deps.namespace).zohoLedger, retention: 'forever' }]);
  const tail = new LedgerTail(deps.kafka, admin, deps.serde, topicNames(deps.namespace).zohoLedger);
  try {
    await tail.start();
    const deadline = deps.now() + timeoutMs;
    let seen = -1;
    let quietSince = deps.now();
    for (;;) {
      if (tail.entries.length !== seen) {
        seen = tail.entries.length;
        quietSince = deps.now();
      }
      const rows = progressRows(scope, foldSampleLedger(tail.entries, scope.sampleId));
      const complete = rows.every((r) => r.done >= (r.total ?? 0)) && deps.now() - quietSince >= settleMs;
      const credits = (await deps.credits?.().catch(() => null)) ?? null;
      if (complete || deps.now() > deadline) {
        deps.progress.finish(rows, credits, complete ? 'written' : 'timed out: the rest is reported as missing');
        return [...tail.entries];
      }
      deps.progress.update(rows, credits, rows.every((r) => r.done >= (r.total ?? 0)) ? 'settling (the writer may still update)' : 'waiting for the writer');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await tail.stop();
    await admin.disconnect();
  }
}

/** The sample's source rows: the latest event per record on the source topics (canonical fields). */
export async function readSampleSource(scope: SampleScope, deps: Pick<SampleRunDeps, 'kafka' | 'serde' | 'namespace'>): Promise<Map<string, Record<string, unknown> | null>> {
  const wanted = new Set(scope.records.map((r) => r.key));
  const entities = [...new Set(scope.records.map((r) => r.entity))];
  const topics = topicNames(deps.namespace);
  const admin = deps.kafka.admin();
  await admin.connect();
  const tail = new TopicTail<SourceRecordChanged>(deps.kafka, admin, entities.map((e) => topics.sourceChanged(e)), async (_t, value) => {
    const event = await deps.serde.decode('SourceRecordChanged', value);
    return wanted.has(`${event.source.locationId}:${event.entity}:${event.source.sourceKey}`) ? event : null;
  });
  try {
    await tail.start();
  } finally {
    await tail.stop();
    await admin.disconnect();
  }
  const out = new Map<string, Record<string, unknown> | null>();
  for (const e of tail.entries) out.set(`${e.source.locationId}:${e.entity}:${e.source.sourceKey}`, e.operation === 'DELETE' || !e.fields ? null : fromEventFields(e.fields as EventFields));
  return out;
}

/** Reads the sample's records back from Zoho by id (attachments are not read back: Zoho has no field to compare). */
export async function readBack(zoho: ZohoClient, written: Written[]): Promise<Map<string, Record<string, unknown>>> {
  const byModule = new Map<string, { ids: Set<string>; fields: Set<string> }>();
  for (const w of written) {
    if (w.failed || w.module === 'Attachments') continue;
    const m = byModule.get(w.module) ?? { ids: new Set(), fields: new Set(['id']) };
    m.ids.add(w.zohoId);
    for (const f of Object.keys(w.sentFields)) m.fields.add(f);
    byModule.set(w.module, m);
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const [module, { ids, fields }] of byModule) {
    for (const record of await zoho.getRecords(module, [...ids], [...fields])) out.set(`${module}#${String(record['id'])}`, record);
  }
  return out;
}

/** Ledger, source and Zoho → the diff's input, record by record of the scope. */
export function sampleRecords(scope: SampleScope, ledger: Map<string, Written>, source: Map<string, Record<string, unknown> | null>, zoho: Map<string, Record<string, unknown>>): SampleRecordInput[] {
  return scope.records.map((r) => {
    const w = ledger.get(ledgerKeyOf(r.entity, r.key));
    const written = w && !w.failed ? { module: w.module, zohoId: w.zohoId, sentFields: w.sentFields } : null;
    const back = written ? (written.module === 'Attachments' ? undefined : (zoho.get(`${written.module}#${written.zohoId}`) ?? null)) : null;
    return { entity: r.entity, recordKey: r.key, source: source.get(r.key) ?? null, written, zoho: back };
  });
}

/** How often the diff is taken again when Zoho holds something else than the ledger says was sent. */
const DIFF_ATTEMPTS = 3;

/**
 * Waits for the sample, reads source and Zoho, and diffs them. A chart or plan is written again as its
 * rows arrive, so the writer may still write a newer version while the sample is read back (its ledger
 * was quiet for a moment only), and Zoho then holds a newer value than the ledger read says was sent.
 * So on a `differs` the whole review is taken again, the wait for a quiet ledger included (up to
 * DIFF_ATTEMPTS, within the timeout); a `differs` that stays is a real difference and is reported.
 */
export async function reviewSample(scope: SampleScope, mapping: MappingDocument, deps: SampleRunDeps, timeoutMs: number): Promise<SampleDiff> {
  const deadline = deps.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const entries = await waitForSample(scope, deps, Math.max(0, deadline - deps.now()));
    const ledger = foldSampleLedger(entries, scope.sampleId);
    deps.progress.log('reading the sample back from the source topics and from Zoho…');
    const source = await readSampleSource(scope, deps);
    const zoho = await readBack(deps.zoho, scope.records.map((r) => ledger.get(ledgerKeyOf(r.entity, r.key))).filter((w): w is Written => w !== undefined));
    const diff = diffSample(sampleRecords(scope, ledger, source, zoho), mappingTargets(mapping));
    const differing = new Set(diff.fields.filter((f) => f.status === 'differs').map((f) => f.recordKey));
    if (differing.size === 0 || attempt >= DIFF_ATTEMPTS || deps.now() > deadline) return diff;
    deps.progress.log(`${differing.size} record(s) differ from what the ledger says was sent: the writer may still be writing; waiting and reading again (attempt ${attempt + 1} of ${DIFF_ATTEMPTS})`);
  }
}

/** Records the sample's diff (REVIEWED) or decision (KEPT, ROLLED_BACK) on `<ns>.control.sample.v1`, for the console. */
export async function publishSampleEvent(deps: Pick<SampleRunDeps, 'kafka' | 'serde' | 'namespace'>, event: SampleRecorded): Promise<void> {
  const topic = topicNames(deps.namespace).controlSample;
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [{ topic, partitions: 1, retention: 'forever' }]);
  } finally {
    await admin.disconnect();
  }
  await deps.serde.register(topic, 'SampleRecorded');
  const producer = idempotentProducer(deps.kafka);
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: event.sampleId, value: await deps.serde.encode(topic, 'SampleRecorded', event) }] });
  } finally {
    await producer.disconnect();
  }
}
