import { stableEventId, type DataQualityIssueRaised, type EventSerde, type PatientResolved, type RecordNormalized } from '@panda2zoho/events';
import { deadLetter, emit, isPermanent, skip, type BatchHandler, type InboundMessage, type OutboundRecord, type Outcome } from '@panda2zoho/kafka';
import type { Logger } from '@panda2zoho/observability';
import type { ParkingLot } from '../adapters/parking-lot.ts';
import type { ZohoGateway } from '../adapters/zoho-gateway.ts';
import type { OwnerAssignment } from '@panda2zoho/mapping';
import { resolveParents } from '../domain/parent-resolution.ts';
import { providerOf, recordOwner } from '../domain/record-owner.ts';
import { targetFor, type LetterReferrer } from '../domain/record-mapping.ts';
import { cdtProductsOf } from '../domain/cdt-products.ts';
import { alreadyWritten } from '../domain/replayed-write.ts';
import { linkCdtProducts, type DealProducts, type LinkFailure } from './cdt-products.ts';
import { executeOperations, type ExecutionDeps, type PlannedOperation } from './execute-operations.ts';
import { planDelete, planPatientWrite, planRecordWrite, type DeletePolicy } from './plan-operations.ts';

export const PARK_HEADERS = { originTopic: 'p2z-origin-topic', parkedAt: 'p2z-parked-at', attemptAt: 'p2z-park-attempt-at' } as const;

export interface WriteHandlerDeps extends ExecutionDeps {
  serde: EventSerde;
  gateway: ZohoGateway;
  parking: ParkingLot;
  patientTopic: string;
  parkingTopic: string;
  qualityTopic: string;
  deletePolicy: DeletePolicy;
  dealsAccountId: string;
  /** ZOHO_CDT_CODES=products: CDT codes as Products linked to their Deal (false/absent: picklist mode). */
  cdtProducts?: boolean | undefined;
  parkTimeoutMs: number;
  parkRetryMs: number;
  /** The confirmation gate (null when off): a record produced under another mapping version is refused. */
  mappingGate?: { check(version: string | null | undefined): { ok: true } | { ok: false; code: string; reason: string } } | null;
  /** The confirmed owner map (provider → Zoho user, default owner); null: no Owner is sent. */
  owners?: () => OwnerAssignment | null;
  /** Counts only (no PHI): how many operations of a chunk were replays of writes the ledger shows as done. */
  logger?: Pick<Logger, 'info'> | undefined;
}

/** The outcome of an input whose write the ledger shows as done (see alreadyWritten): nothing is sent again. */
export const REPLAYED_SKIP = 'ALREADY_WRITTEN: a replay of a write the ledger shows as done (same run, record and source events); not sent again';

type Decoded = { index: number; message: InboundMessage; key: string; parkedAt: number | null } & (
  | { kind: 'patient'; event: PatientResolved }
  | { kind: 'record'; event: RecordNormalized }
);

function header(m: InboundMessage, name: string): string | undefined {
  const v = m.headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

async function decode(deps: WriteHandlerDeps, m: InboundMessage, index: number, parked: boolean): Promise<Decoded | Outcome> {
  if (m.value === null) return skip('tombstone');
  const origin = parked ? (header(m, PARK_HEADERS.originTopic) ?? '') : m.topic;
  const parkedAt = parked ? Number(header(m, PARK_HEADERS.parkedAt) ?? Date.now()) : null;
  try {
    if (origin === deps.patientTopic) {
      const event = await deps.serde.decode('PatientResolved', m.value);
      return { index, message: m, key: event.contactKey, parkedAt, kind: 'patient', event };
    }
    const event = await deps.serde.decode('RecordNormalized', m.value);
    // Records carry the version they were normalized under once the normalizer stamps it; one produced
    // under another confirmed map is refused (replay it after confirming). Unstamped records pass: the
    // writer only starts once a map is confirmed.
    if (deps.mappingGate && event.mappingVersion !== null) {
      const decision = deps.mappingGate.check(event.mappingVersion);
      if (!decision.ok) return deadLetter(decision.code, decision.reason);
    }
    return { index, message: m, key: event.recordKey, parkedAt, kind: 'record', event };
  } catch (error) {
    if (!isPermanent(error)) throw error;
    return deadLetter(error.code, error.message);
  }
}

/** Until the earliest parked record is due for another try (at most one retry interval). */
async function waitUntilDue(deps: WriteHandlerDeps, messages: InboundMessage[]): Promise<void> {
  const attempts = messages.map((m) => Number(header(m, PARK_HEADERS.attemptAt) ?? 0));
  const wait = Math.min(...attempts) + deps.parkRetryMs - deps.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, deps.parkRetryMs)));
}

function parkRecord(deps: WriteHandlerDeps, d: Decoded): OutboundRecord {
  deps.parking.park(d.key);
  return {
    topic: deps.parkingTopic,
    key: d.key,
    value: d.message.value,
    headers: {
      [PARK_HEADERS.originTopic]: d.parkedAt === null ? d.message.topic : (header(d.message, PARK_HEADERS.originTopic) ?? ''),
      [PARK_HEADERS.parkedAt]: String(d.parkedAt ?? deps.now()),
      [PARK_HEADERS.attemptAt]: String(deps.now()),
    },
  };
}

async function parentNeverCame(deps: WriteHandlerDeps, event: RecordNormalized, role: string): Promise<Outcome> {
  const seconds = Math.round(deps.parkTimeoutMs / 1000);
  const issue: DataQualityIssueRaised = {
    eventId: stableEventId('parent-not-written', event.recordKey, role, event.eventId),
    entity: event.entity,
    recordKey: event.recordKey,
    locationId: event.source.locationId,
    field: role,
    rule: 'PARENT_NOT_IN_ZOHO',
    severity: 'ERROR',
    action: 'DEAD_LETTERED',
    before: null,
    after: null,
    message: `the ${role} record this ${event.entity} hangs from was not written to Zoho within ${seconds} s; the record is in the writer's dead-letter topic`,
    producer: 'zoho-writer',
    sourceEventId: event.eventId,
  };
  const record = { topic: deps.qualityTopic, key: event.recordKey, value: await deps.serde.encode(deps.qualityTopic, 'DataQualityIssueRaised', issue) };
  return deadLetter('PARENT_NOT_WRITTEN', `${event.entity}: its ${role} parent was not in Zoho after ${seconds} s`, [record]);
}

/** The referring dentist's Contact a letter names: its id, and its name as Zoho has it now (one read). */
async function letterReferrer(deps: WriteHandlerDeps, parent: { module: string; id: string } | undefined): Promise<LetterReferrer | null> {
  if (!parent) return null;
  const contact = await deps.gateway.getRecord(parent.module, parent.id, ['Salutation', 'First_Name', 'Last_Name']);
  // The dentist's own salutation when Zoho holds one (the writer maps PANDA's title to it); a referring dentist is a Dr. otherwise.
  const salutation = typeof contact?.['Salutation'] === 'string' && contact['Salutation'].trim() !== '' ? contact['Salutation'].trim() : 'Dr.';
  const names = contact ? [contact['First_Name'], contact['Last_Name']].filter((s): s is string => typeof s === 'string' && s !== '') : [];
  return { id: parent.id, name: names.length === 0 ? null : [salutation, ...names].join(' ') };
}

/**
 * Every entity's writes. `live` consumes the resolved/normalized topics; `parked` the writer's parking
 * topic (children whose parent had no Zoho id yet), retried every parkRetryMs until written, or
 * reported after parkTimeoutMs. At-least-once: an input the ledger shows as written by the same
 * operation (a chunk redelivered after a crash) is not sent again (alreadyWritten); otherwise upserts by
 * external id and the ledger-built index make a replay an update. A record that is parked keeps later
 * changes of it parked behind it (order).
 */
export function writeHandler(deps: WriteHandlerDeps, mode: 'live' | 'parked'): BatchHandler {
  return async (messages, context) => {
    if (mode === 'parked') await waitUntilDue(deps, messages);
    const outcomes: Array<Outcome | undefined> = new Array(messages.length);
    const latest = new Map<string, { last: Decoded; eventIds: string[] }>();
    for (const [index, m] of messages.entries()) {
      const d = await decode(deps, m, index, mode === 'parked');
      if ('kind' in d && (d.kind === 'patient' || d.kind === 'record')) {
        const group = latest.get(d.key);
        if (group) outcomes[group.last.index] = skip('coalesced into a later change of the same record');
        latest.set(d.key, { last: d, eventIds: [...(group?.eventIds ?? []), d.event.eventId] });
      } else outcomes[index] = d as Outcome;
    }

    const ops: PlannedOperation[] = [];
    // Data-quality issues raised while planning (an unmapped provider), sent with the message's outcome.
    const issues = new Map<number, OutboundRecord[]>();
    const assignment = deps.owners?.() ?? null;
    const ownerOf = async (d: Decoded): Promise<{ id: string } | null> => {
      const { owner, issue } = recordOwner(assignment, providerOf(d), { entity: d.kind === 'patient' ? 'patient' : d.event.entity, recordKey: d.key, locationId: d.event.source.locationId, eventId: d.event.eventId });
      if (issue) issues.set(d.index, [{ topic: deps.qualityTopic, key: d.key, value: await deps.serde.encode(deps.qualityTopic, 'DataQualityIssueRaised', issue) }]);
      return owner;
    };
    let patientsPlanned = 0;
    // Inputs whose write is done already (a chunk redelivered after a crash or retried): no Zoho call.
    const replayed: Array<{ d: Decoded; eventIds: string[]; module: string; upsert: boolean }> = [];
    for (const { last: d, eventIds } of latest.values()) {
      const message = d.index;
      if (mode === 'live' && deps.parking.isParked(d.key)) {
        outcomes[message] = emit(parkRecord(deps, d));
        continue;
      }
      const isDelete = d.event.operation === 'DELETE' || (d.kind === 'patient' ? d.event.patient === null : d.event.fields === null);
      if (alreadyWritten(deps.index, { runId: deps.runId, recordKey: d.key, sourceEventIds: eventIds })) {
        // The data-quality issue its planning raised is raised again: the crashed attempt's was never committed.
        if (!isDelete && (d.kind === 'patient' || targetFor(d.event)?.kind !== 'attachment')) await ownerOf(d);
        const last = deps.index.lastWrite(d.key)!;
        replayed.push({ d, eventIds, module: last.module, upsert: !isDelete && last.operation === 'UPSERT' });
        continue;
      }
      if (isDelete) {
        const known = deps.index.get(d.key);
        if (!known) {
          outcomes[message] = skip('DELETE_NOT_WRITTEN: the record was never written to Zoho');
          continue;
        }
        const planned = planDelete(known, deps.deletePolicy, deps.index, { message, sourceEventIds: eventIds, locationId: d.event.source.locationId });
        if ('skip' in planned) outcomes[message] = skip(planned.skip);
        else ops.push(...planned);
        continue;
      }
      if (d.kind === 'patient') {
        // Planning a new patient searches Zoho (existing-Contact match): long for a chunk of thousands.
        if (++patientsPlanned % 100 === 0) await context?.heartbeat();
        const planned = await planPatientWrite(deps.gateway, deps.index, d.event, message, eventIds, await ownerOf(d));
        if (planned) ops.push(planned);
        else outcomes[message] = skip('NO_CHANGE: the pre-existing Contact already holds every migrated value');
        continue;
      }
      const target = targetFor(d.event);
      if (!target) {
        outcomes[message] = deadLetter('UNSUPPORTED_ENTITY', `the writer has no Zoho target for entity ${d.event.entity}`);
        continue;
      }
      const parents = resolveParents(d.event, target, deps.index);
      if (parents.kind === 'invalid') {
        outcomes[message] = deadLetter('PARENT_MISSING_IN_EVENT', `${d.event.entity} names no ${parents.role} parent`);
      } else if (parents.kind === 'wait') {
        const timedOut = d.parkedAt !== null && deps.now() - d.parkedAt >= deps.parkTimeoutMs;
        if (timedOut) {
          deps.parking.release(d.key);
          outcomes[message] = await parentNeverCame(deps, d.event, parents.role);
        } else outcomes[message] = emit(parkRecord(deps, d));
      } else {
        const owner = target.kind === 'attachment' ? null : await ownerOf(d);
        const referrer = target.entity === 'referral_letter' ? await letterReferrer(deps, parents.parents.get('referrer')) : null;
        const planned = planRecordWrite(d.event, target, parents.parents, parents.main, deps.index.get(d.key), { dealsAccountId: deps.dealsAccountId, ...(deps.cdtProducts ? { cdtCodes: 'products' as const } : {}), message, sourceEventIds: eventIds, owner, referrer });
        if ('skip' in planned) outcomes[message] = skip(planned.skip);
        else if ('refuse' in planned) outcomes[message] = deadLetter(planned.refuse, planned.reason);
        else ops.push(planned);
      }
    }

    // Outcomes an earlier, failed attempt at this chunk learnt from Zoho (see ExecutionDeps.pending).
    const earlier = new Map([...latest.values()].flatMap(({ last }) => {
      const entry = deps.pending?.get(last.key);
      return entry ? [[last.index, entry] as const] : [];
    }));
    const results = await executeOperations(deps, ops, context ? { heartbeat: () => context.heartbeat() } : {});
    // Products mode: each written Deal linked to its CDT codes' Products, and unlinked from codes the plan
    // no longer has (after the Deals exist). A replayed Deal too: a crash before its links left them
    // unmade (the ledger says which are made; linkCdtProducts calls Zoho only for the others).
    let linkFailures = new Map<number, LinkFailure>();
    if (deps.cdtProducts) {
      const events = new Map([...latest.values()].map(({ last }) => [last.index, last] as const));
      const dealOf = (d: Decoded | undefined, sourceEventIds: string[]): DealProducts[] => {
        const dealId = d ? deps.index.get(d.key)?.zohoId : undefined;
        if (d?.kind !== 'record' || d.event.entity !== 'treatment_plan' || !dealId) return [];
        const products = cdtProductsOf(d.event);
        if (products.length === 0 && deps.index.linksOf(dealId).size === 0) return [];
        return [{ message: d.index, dealId, recordKey: d.key, locationId: d.event.source.locationId, sourceEventIds, products }];
      };
      const deals = [
        ...results.flatMap((r) => (r.ok && r.planned.op.entity === 'treatment_plan' && r.planned.call.kind === 'upsert' ? dealOf(events.get(r.planned.message), r.planned.op.sourceEventIds) : [])),
        ...replayed.flatMap((r) => (r.upsert ? dealOf(r.d, r.eventIds) : [])),
      ];
      if (deals.length > 0) linkFailures = await linkCdtProducts(deps, deals);
    }
    const carried = new Map<number, OutboundRecord[]>();
    for (const [message, entry] of earlier) carried.set(message, [await deps.ledger.toRecord(entry)]);
    const byMessage = new Map<number, typeof results>();
    for (const r of results) byMessage.set(r.planned.message, [...(byMessage.get(r.planned.message) ?? []), r]);
    for (const [message, rs] of byMessage) {
      const records = [...(carried.get(message) ?? []), ...rs.map((r) => r.ledgerRecord), ...(issues.get(message) ?? [])];
      const failed = rs.find((r) => !r.ok);
      const link = linkFailures.get(message);
      if (!failed && link) outcomes[message] = deadLetter(`ZOHO_${link.code}`, link.reason, records);
      else if (!failed) outcomes[message] = emit(...records);
      else outcomes[message] = deadLetter(`ZOHO_${failed.code}`, `Zoho refused the ${failed.planned.op.entity} record: ${failed.code}${failed.field ? ` on ${failed.field}` : ''}`, records);
    }
    // No ledger entry: the ledger holds the write's outcome already (recovered at start, or carried below).
    for (const { d } of replayed) {
      const records = issues.get(d.index) ?? [];
      const link = linkFailures.get(d.index);
      if (link) outcomes[d.index] = deadLetter(`ZOHO_${link.code}`, link.reason, records);
      else outcomes[d.index] = records.length > 0 ? emit(...records) : skip(REPLAYED_SKIP);
    }
    if (replayed.length > 0) {
      const modules: Record<string, number> = {};
      for (const r of replayed) modules[r.module] = (modules[r.module] ?? 0) + 1;
      deps.logger?.info({ replayed: replayed.length, messages: messages.length, modules }, 'replayed writes the ledger shows as done: not sent to Zoho again');
    }
    if (mode === 'parked') {
      for (const { last } of latest.values()) {
        const o = outcomes[last.index];
        const reparked = o?.kind === 'emit' && o.records.some((r) => r.topic === deps.parkingTopic);
        if (!reparked) deps.parking.release(last.key);
      }
    }
    // A record the earlier attempt wrote and this one skipped (already written, an attachment already
    // there): its outcome is committed now, with this chunk's offsets.
    for (const [message, records] of carried) {
      if (byMessage.has(message)) continue;
      const o = outcomes[message];
      if (o?.kind === 'skip') outcomes[message] = emit(...records);
      else if (o?.kind === 'emit') outcomes[message] = emit(...records, ...o.records);
      else if (o?.kind === 'dead-letter') outcomes[message] = deadLetter(o.code, o.reason, [...records, ...(o.records ?? [])]);
    }
    for (const { last } of latest.values()) deps.pending?.delete(last.key);
    return outcomes.map((o, i) => o ?? skip(`unplanned message ${i}`));
  };
}
