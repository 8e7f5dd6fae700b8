import type { EntityReconciliation, FieldMismatch, IssueCount, LocationReconciliation, ReconciliationReported } from '@panda2zoho/events';
import { WRITER_OWN_RECORDS, parseRecordKey, reconciledEntityOf, type EntityTarget } from './entity-targets.ts';
import { deterministicSample, sameFieldValue } from './field-values.ts';
import { cutoverBlockers, type LagSample } from './cutover-readiness.ts';
import type { LedgerRecord, ReconciliationModel } from './reconciliation-model.ts';

/** A Zoho record as read back: its id, the value of the entity's external-id field, and the compared fields. */
export interface ZohoRecord {
  id: string;
  externalId: string | null;
  values: Record<string, unknown>;
}

export type ZohoReadBack = { kind: 'read'; records: ZohoRecord[] } | { kind: 'skipped' } | { kind: 'failed'; code: string };

export interface ReportInputs {
  reportId: string;
  generatedAtMs: number;
  zoho: ReadonlyMap<string, ZohoReadBack>;
  lag: readonly LagSample[];
  /** Records per entity whose fields are compared; undefined = all. */
  sample?: number;
}

/** A mismatch with the two values: for a person who asked to see them, never for the published event. */
export interface MismatchDetail extends FieldMismatch {
  sent: string | null;
  actual: string | null;
}

export interface Reconciliation {
  report: ReconciliationReported;
  details: MismatchDetail[];
}

const UNKNOWN_LOCATION = 'unknown';

const setEqual = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((k) => b.has(k));

/** Keys of `keys` that stand for `location`. */
const at = (keys: ReadonlyMap<string, ReadonlySet<string>>, location: string) => new Set([...keys].filter(([, locs]) => locs.has(location)).map(([k]) => k));

/**
 * `others`: external ids and Zoho ids of records that are not this entity's though they share its
 * module and external-id field (patients and referring dentists are both Contacts keyed by
 * PANDA_Patient_Key; the writer's Deals account is an Account with PANDA_Account_Key).
 */
function zohoKeys(ledger: readonly LedgerRecord[], readBack: ZohoReadBack | undefined, others: ReadonlySet<string>, prefix = ''): Map<string, ZohoRecord> {
  const found = new Map<string, ZohoRecord>();
  if (readBack?.kind !== 'read') return found;
  const byExternalId = new Map(ledger.filter((r) => r.externalIdField !== '').map((r) => [r.externalId, r.key]));
  const byZohoId = new Map(ledger.flatMap((r) => (r.zohoId ? [[r.zohoId, r.key] as const] : [])));
  for (const record of readBack.records) {
    const known = record.externalId ? byExternalId.get(record.externalId) : byZohoId.get(record.id);
    if (known === undefined && (others.has(record.id) || (record.externalId !== null && others.has(record.externalId)))) continue;
    // A record with our external id is ours even when the ledger does not know it (an extra in Zoho).
    const key = record.externalId ? (known ?? `${prefix}${record.externalId}`) : known;
    if (key) found.set(key, record);
  }
  return found;
}

function compareFields(entity: string, written: readonly LedgerRecord[], zoho: ReadonlyMap<string, ZohoRecord>, locationOf: (key: string) => Set<string>, sample: number | undefined) {
  const chosen = deterministicSample(
    written.map((r) => r.key),
    sample,
  );
  const details: MismatchDetail[] = [];
  let compared = 0;
  for (const record of written) {
    if (!chosen.has(record.key)) continue;
    const locationId = [...locationOf(record.key)][0] ?? UNKNOWN_LOCATION;
    const current = zoho.get(record.key);
    if (!current) {
      details.push({ entity, locationId, recordKey: record.key, field: '*', kind: 'MISSING_IN_ZOHO', sent: null, actual: null });
      continue;
    }
    for (const [field, sent] of Object.entries(record.sentFields).sort(([a], [b]) => a.localeCompare(b))) {
      compared++;
      const actual = current.values[field];
      if (!sameFieldValue(sent, actual)) {
        details.push({ entity, locationId, recordKey: record.key, field, kind: 'DIFFERENT', sent, actual: actual === undefined || actual === null ? null : JSON.stringify(actual) });
      }
    }
  }
  return { compared, details };
}

function reconcileEntity(model: ReconciliationModel, target: EntityTarget, inputs: ReportInputs, issues: readonly IssueCount[], deadLettered: number) {
  const readBack = inputs.zoho.get(target.entity);
  const expected = model.expected(target);
  const ledger = model.ledgerRecords(target.entity);
  const byKey = new Map(ledger.map((r) => [r.key, r]));
  const locationOf = (key: string): Set<string> =>
    expected.get(key) ?? new Set([byKey.get(key)?.locationId ?? parseRecordKey(key)?.locationId ?? UNKNOWN_LOCATION]);
  const located = (keys: Iterable<string>) => new Map([...keys].map((k) => [k, locationOf(k)] as const));
  const written = ledger.filter((r) => r.written);
  const writtenKeys = located(written.map((r) => r.key));
  const failedKeys = located(ledger.filter((r) => r.failed).map((r) => r.key));
  const others = new Set([
    ...model.targets().filter((t) => t.entity !== target.entity && t.module === target.module).flatMap((t) => model.ledgerRecords(t.entity)).flatMap((r) => [r.externalId, ...(r.zohoId ? [r.zohoId] : [])]),
    ...WRITER_OWN_RECORDS.filter((r) => r.module === target.module).map((r) => r.externalId),
  ]);
  const zoho = zohoKeys(ledger, readBack, others, target.externalKeyPrefix);
  // Equal sets; for records kept once unused (CDT Products), every expected key present, extras allowed.
  const holds = (wanted: ReadonlySet<string>, got: ReadonlySet<string>) => (target.keepsUnused ? [...wanted].every((k) => got.has(k)) : setEqual(wanted, got));
  const zohoLocated = located(zoho.keys());
  const { compared, details } = readBack?.kind === 'read' ? compareFields(target.entity, written, zoho, locationOf, inputs.sample) : { compared: 0, details: [] };
  const sources = model.sourceLocations(target);
  const normalized = [...model.normalizedRecords(target.entity).values()];
  const unresolved = target.dedupe === 'patient' ? model.unresolvedPatients() : [];
  const readsZoho = target.readBack && readBack?.kind !== 'skipped';
  const ownIssues = issues.filter((i) => i.entity === target.entity);

  const locationIds = new Set([...sources, ...normalized, ...ownIssues.map((i) => i.locationId), ...[...expected.values(), ...writtenKeys.values(), ...zohoLocated.values()].flatMap((s) => [...s])]);
  const locations = [...locationIds].sort().map((locationId): LocationReconciliation => {
    const wanted = at(expected, locationId);
    const row = {
      locationId,
      source: sources.filter((l) => l === locationId).length,
      normalized: normalized.filter((l) => l === locationId).length,
      resolved: wanted.size,
      written: at(writtenKeys, locationId).size,
      zoho: at(zohoLocated, locationId).size,
      failed: at(failedKeys, locationId).size,
      openIssues: ownIssues.filter((i) => i.locationId === locationId).reduce((n, i) => n + i.count, 0),
      blockingIssues: ownIssues.filter((i) => i.locationId === locationId && i.severity === 'ERROR').reduce((n, i) => n + i.count, 0),
      fieldMismatches: details.filter((d) => d.locationId === locationId).length,
    };
    const match =
      row.source === row.normalized &&
      !unresolved.some((u) => u.locationId === locationId) &&
      holds(wanted, at(writtenKeys, locationId)) &&
      (!readsZoho || holds(wanted, at(zohoLocated, locationId))) &&
      (!readsZoho || !target.keepsUnused || setEqual(at(writtenKeys, locationId), at(zohoLocated, locationId))) &&
      row.failed === 0 &&
      row.fieldMismatches === 0;
    return { ...row, match };
  });
  const expectedKeys = new Set(expected.keys());
  const entity: EntityReconciliation = {
    entity: target.entity,
    source: sources.length,
    resolved: expected.size,
    written: writtenKeys.size,
    zoho: zoho.size,
    deadLettered,
    match:
      locations.every((l) => l.match) &&
      sources.length === normalized.length &&
      holds(expectedKeys, new Set(writtenKeys.keys())) &&
      (!readsZoho || holds(expectedKeys, new Set(zoho.keys()))) &&
      (!readsZoho || !target.keepsUnused || setEqual(new Set(writtenKeys.keys()), new Set(zoho.keys()))) &&
      readBack?.kind !== 'failed' &&
      deadLettered === 0,
    module: target.module,
    normalized: normalized.length,
    failed: failedKeys.size,
    openIssues: ownIssues.reduce((n, i) => n + i.count, 0),
    blockingIssues: ownIssues.filter((i) => i.severity === 'ERROR').reduce((n, i) => n + i.count, 0),
    fieldsCompared: compared,
    fieldMismatches: details.length,
    zohoReadBack: readsZoho,
    locations,
  };
  return { entity, details, unresolved: unresolved.length };
}

/** Issues counted per entity (the reconciled one: a perio_site issue counts for perio_chart), location, rule and severity. */
export function countIssues(model: ReconciliationModel): IssueCount[] {
  const counts = new Map<string, IssueCount>();
  for (const issue of model.issueRecords()) {
    const entity = reconciledEntityOf(issue.entity) ?? issue.entity;
    const key = [entity, issue.locationId, issue.rule, issue.severity].join('\u0000');
    const row = counts.get(key) ?? { entity, locationId: issue.locationId, rule: issue.rule, severity: issue.severity, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  return [...counts.values()].sort((a, b) => a.entity.localeCompare(b.entity) || a.locationId.localeCompare(b.locationId) || a.rule.localeCompare(b.rule));
}

/** Per entity and location: counts, field comparison, issues, dead letters, lag, and cutover readiness. */
export function reconcile(model: ReconciliationModel, inputs: ReportInputs): Reconciliation {
  const issues = countIssues(model);
  const deadLetters = model.deadLetterCounts().sort((a, b) => a.service.localeCompare(b.service) || a.entity.localeCompare(b.entity));
  const results = model.targets().map((target) => {
    const deadLettered = deadLetters.filter((d) => d.entity === target.entity).reduce((n, d) => n + d.count, 0);
    return reconcileEntity(model, target, inputs, issues, deadLettered);
  });
  const entities = results.map((r) => r.entity);
  const details = results.flatMap((r) => r.details);
  const blockers = cutoverBlockers({ entities, issues, unresolved: new Map(results.map((r) => [r.entity.entity, r.unresolved])), lag: inputs.lag, deadLetters, zoho: inputs.zoho });
  return {
    report: {
      reportId: inputs.reportId,
      generatedAtMs: inputs.generatedAtMs,
      entities,
      ready: blockers.length === 0,
      sample: inputs.sample ?? null,
      blockers,
      lag: inputs.lag.map(({ stage, groupId, topic, lag }) => ({ stage, groupId, topic, lag })),
      deadLetters,
      issues,
      // Record keys and field names only: the values stay in `details`, for a person who asks.
      mismatches: details.map(({ entity, locationId, recordKey, field, kind }) => ({ entity, locationId, recordKey, field, kind })),
    },
    details,
  };
}
