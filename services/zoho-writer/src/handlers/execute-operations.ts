import type { ZohoItemResult } from '@panda2zoho/zoho';
import { isPermanent, type OutboundRecord } from '@panda2zoho/kafka';
import type { ZohoOperationRecorded, ZohoResult } from '@panda2zoho/events';
import type { LedgerWriter } from '../adapters/ledger-writer.ts';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import type { IdIndex } from '../domain/id-index.ts';
import { columnSignature } from '../domain/bulk-rows.ts';
import { intentEntry, itemFacts, outcomeEntry, type LedgerOperation, type OutcomeFacts } from '../domain/ledger-entries.ts';

export type ZohoCallPlan =
  | { kind: 'upsert'; record: Record<string, unknown> }
  | { kind: 'update'; record: Record<string, unknown> & { id: string } }
  | { kind: 'note-create'; note: { Note_Title: string; Note_Content: string; Parent_Id: { module: { api_name: string }; id: string } } }
  | { kind: 'note-update'; note: { id: string; Note_Title: string; Note_Content: string } }
  | { kind: 'attach'; parentModule: string; parentId: string; fileName: string; bytes: Buffer }
  | { kind: 'delete'; id: string };

/** One Zoho operation planned for a chunk; `message` is the chunk position whose outcome carries it (a delete's children share their parent's). */
export interface PlannedOperation {
  op: LedgerOperation;
  call: ZohoCallPlan;
  message: number;
}

export interface OperationResult {
  planned: PlannedOperation;
  ok: boolean;
  code: string;
  field: string | null;
  ledgerRecord: OutboundRecord;
}

export interface ExecutionDeps {
  gateway: ZohoGateway;
  ledger: LedgerWriter;
  index: IdIndex;
  runId: string;
  now: () => number;
  /** Test hook: runs after the Zoho calls, before any outcome is recorded (a crash there is what recovery resolves). */
  afterZohoCalls?: (() => void) | undefined;
  /** Bulk Write for large upsert groups; absent or threshold 0: the records API only. */
  bulk?: BulkOptions | undefined;
  /**
   * Outcomes Zoho returned during an attempt whose chunk has not completed (a later call failed
   * transiently and the runtime retries the chunk): by record key. The retry finds the record in the
   * index and skips (an attachment) or updates (a note) it, so the handler must still commit the outcome
   * of the call that created it, or the ledger would never learn of it (nor rollback undo it).
   */
  pending?: Map<string, ZohoOperationRecorded> | undefined;
}

export interface BulkOptions {
  /** Upserts of one module with the same fields, at least this many in one chunk, go through one Bulk Write job. */
  threshold: number;
  pollIntervalMs: number;
}

/** What a chunk's Zoho calls may use while they run (the consumer's heartbeat during a Bulk Write job). */
export interface CallContext {
  heartbeat?: (() => Promise<void>) | undefined;
}

const SUCCESS_RESULT: Record<ZohoCallPlan['kind'], ZohoResult | undefined> = {
  upsert: undefined,
  update: 'UPDATED',
  'note-create': 'INSERTED',
  'note-update': 'UPDATED',
  attach: 'INSERTED',
  delete: 'DELETED',
};

/**
 * A module's upserts split into Bulk Write groups (same external id field and same fields, at least
 * the threshold) and the rest, which go through the records API. Positions index `ops`.
 */
export function bulkGroups(ops: PlannedOperation[], positions: number[], threshold: number): { bulk: number[][]; rest: number[] } {
  if (threshold <= 0) return { bulk: [], rest: positions };
  const groups = new Map<string, number[]>();
  for (const p of positions) {
    const o = ops[p]!;
    const key = `${o.op.externalIdField}\u0001${columnSignature((o.call as { record: Record<string, unknown> }).record)}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const bulk: number[][] = [];
  const rest: number[] = [];
  for (const group of groups.values()) {
    if (group.length >= threshold) bulk.push(group);
    else rest.push(...group);
  }
  return { bulk, rest: rest.sort((a, b) => a - b) };
}

/**
 * Calls Zoho per module and kind; `settled` hears each item as soon as its call returned. Upserts go
 * through Bulk Write when a group is large enough (bulkGroups) and its records are representable as
 * CSV; the records API takes everything else, in calls of 100.
 */
export async function callZoho(gateway: ZohoGateway, ops: PlannedOperation[], settled: (position: number, item: ZohoItemResult) => void, bulk?: BulkOptions, context: CallContext = {}): Promise<ZohoItemResult[]> {
  const results: ZohoItemResult[] = new Array(ops.length);
  const put = (position: number, item: ZohoItemResult) => {
    results[position] = item;
    settled(position, item);
  };
  const inCalls = async (positions: number[], run: (selected: PlannedOperation[]) => Promise<ZohoItemResult[]>) => {
    for (let start = 0; start < positions.length; start += 100) {
      const slice = positions.slice(start, start + 100);
      const items = await run(slice.map((i) => ops[i]!));
      slice.forEach((position, k) => put(position, items[k]!));
      await context.heartbeat?.();
    }
  };
  const of = (kind: ZohoCallPlan['kind'], module: string) => ops.flatMap((o, i) => (o.call.kind === kind && o.op.module === module ? [i] : []));
  const record = (o: PlannedOperation) => (o.call as { record: Record<string, unknown> }).record;
  const upsert = (module: string) => (s: PlannedOperation[]) => gateway.upsert(module, s.map(record), s[0]!.op.externalIdField);
  const modules = [...new Set(ops.map((o) => o.op.module))];
  for (const module of modules) {
    const { bulk: groups, rest } = bulkGroups(ops, of('upsert', module), bulk?.threshold ?? 0);
    for (const group of groups) {
      const selected = group.map((i) => ops[i]!);
      const items = await gateway
        .bulkUpsert(module, selected.map(record), selected[0]!.op.externalIdField, { pollIntervalMs: bulk!.pollIntervalMs, ...(context.heartbeat ? { onPoll: context.heartbeat } : {}) })
        // A job Zoho refuses as a whole (upload or job request: 4xx) writes nothing: the records API
        // then reports each record on its own. So does a job whose result is on a host that is not
        // Zoho's (ZOHO_UNTRUSTED_HOST: the token is not sent there): that job ran, and the records API
        // upserts the same records by the same key (Zoho answers `update`; the intent's INSERTED keeps
        // rollback right). Transient failures propagate (the chunk is retried).
        .catch((error: unknown) => {
          if (isPermanent(error)) return null;
          throw error;
        });
      if (items) group.forEach((position, k) => put(position, items[k]!));
      else await inCalls(group, upsert(module));
    }
    // One external id field per call: a module's records may be keyed by different fields.
    const byField = new Map<string, number[]>();
    for (const p of rest) byField.set(ops[p]!.op.externalIdField, [...(byField.get(ops[p]!.op.externalIdField) ?? []), p]);
    for (const positions of byField.values()) await inCalls(positions, upsert(module));
    await inCalls(of('update', module), (s) => gateway.updateById(module, s.map((o) => (o.call as { record: Record<string, unknown> & { id: string } }).record)));
  }
  await inCalls(of('note-create', 'Notes'), (s) => gateway.createNotes(s.map((o) => (o.call as Extract<ZohoCallPlan, { kind: 'note-create' }>).note)));
  await inCalls(of('note-update', 'Notes'), (s) => gateway.updateNotes(s.map((o) => (o.call as Extract<ZohoCallPlan, { kind: 'note-update' }>).note)));
  // Attachments one per call (Zoho's limit); deletes one by one in plan order, children before parents.
  for (const [i, o] of ops.entries()) {
    if (o.call.kind === 'attach') put(i, await gateway.uploadAttachment(o.call.parentModule, o.call.parentId, o.call.fileName, o.call.bytes));
    if (o.call.kind === 'delete') {
      const [item] = await gateway.deleteRecords(o.op.module, [o.call.id]);
      put(i, item!);
    }
  }
  return results;
}

/**
 * Ledger intents (acknowledged) → Zoho → outcomes, returned as records the runtime commits with the
 * consumed offsets. Every item is confirmed by its own per-item result: a 207 fails only its items.
 */
export async function executeOperations(deps: ExecutionDeps, ops: PlannedOperation[], context: CallContext = {}): Promise<OperationResult[]> {
  if (ops.length === 0) return [];
  await deps.ledger.record(ops.map((o) => intentEntry(deps.runId, o.op, deps.now())));
  const facts: OutcomeFacts[] = new Array(ops.length);
  // The index learns each result at once: when a later call of the chunk fails transiently and the
  // runtime retries the chunk, a note or attachment already created is updated or skipped, not created twice.
  const items = await callZoho(deps.gateway, ops, (position, item) => {
    const planned = ops[position]!;
    const f = itemFacts(item, item.status === 'success' ? SUCCESS_RESULT[planned.call.kind] : undefined);
    if (planned.call.kind === 'delete' && f.result === 'DELETED') f.zohoId = planned.call.id;
    facts[position] = f;
    const learnt = outcomeEntry(deps.runId, planned.op, f, deps.now());
    deps.index.apply(learnt);
    if (f.result === 'INSERTED' || f.result === 'UPDATED') deps.pending?.set(planned.op.recordKey, learnt);
  }, deps.bulk, context);
  deps.afterZohoCalls?.();
  const out: OperationResult[] = [];
  for (const [i, planned] of ops.entries()) {
    const entry = outcomeEntry(deps.runId, planned.op, facts[i]!, deps.now());
    out.push({ planned, ok: facts[i]!.result !== 'FAILED', code: items[i]!.code, field: facts[i]!.errorField ?? null, ledgerRecord: await deps.ledger.toRecord(entry) });
  }
  return out;
}
