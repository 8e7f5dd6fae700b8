import type { DataQualityIssueRaised, PatientResolved } from '@panda2zoho/events';
import { CDT_PRODUCT_TARGET, ENTITY_TARGETS, cdtProductKey, parseRecordKey, type EntityTarget } from './entity-targets.ts';
import { ledgerEntityOf, ledgerKeyOf, type LedgerEntry } from './ledger-entry.ts';

export type Operation = 'UPSERT' | 'DELETE';

/** What the ledger says about one record in Zoho, after every outcome so far. */
export interface LedgerRecord {
  key: string;
  module: string;
  externalIdField: string;
  externalId: string;
  zohoId: string | null;
  /** Some write succeeded and no delete followed. */
  written: boolean;
  /** The last outcome was FAILED. */
  failed: boolean;
  locationId: string | null;
  /** Zoho API name → JSON-encoded value, merged over every successful write (later writes win). */
  sentFields: Record<string, string>;
}

export interface IssueRecord {
  entity: string;
  recordKey: string;
  locationId: string;
  rule: string;
  severity: string;
}

/** Per entity: the keys expected in Zoho, each with the locations it stands for. */
export type KeyLocations = Map<string, Set<string>>;

const add = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
};

/**
 * The reconciler's read model, rebuilt from the beginning of every topic at each start. Pure state
 * transitions: the app decodes records and feeds them in; reports are computed from it on demand.
 * Every input is idempotent per key (latest state wins), so a re-read record changes nothing.
 */
export class ReconciliationModel {
  /** entity → `<loc>\u0000<sourceKey>` → loc, live rows only. */
  private readonly sources = new Map<string, Map<string, string>>();
  /** entity → recordKey → loc, live normalized records only. */
  private readonly normalized = new Map<string, Map<string, string>>();
  /** `<loc>:patient:<sourceKey>` → contactKey, for live resolutions. */
  private readonly contacts = new Map<string, string>();
  /** contact key → the member record keys its latest event named. */
  private readonly membersOf = new Map<string, Set<string>>();
  /** entity → golden recordKey → locations it stands for (its own and its merged records'). */
  private readonly golden = new Map<string, KeyLocations>();
  private readonly ledger = new Map<string, Map<string, LedgerRecord>>();
  private readonly issues = new Map<string, IssueRecord>();
  /** Record keys whose last normalized event is a DELETE: their issues are closed. */
  private readonly deletedRecords = new Set<string>();
  /** `<service>\u0000<entity>` → count. */
  private readonly deadLetters = new Map<string, number>();
  /** Live treatment plans' CDT codes (ZOHO_CDT_CODES=products: one Product each): recordKey → location and codes. */
  private readonly planCodes = new Map<string, { locationId: string; codes: readonly string[] }>();

  /** `cdtProducts`: the writer runs with ZOHO_CDT_CODES=products (the Products are counted even before any is written). */
  constructor(private readonly options: { cdtProducts?: boolean } = {}) {}

  onSourceChanged(entity: string, locationId: string, sourceKey: string, operation: Operation): void {
    const rows = add(this.sources, entity, () => new Map<string, string>());
    const key = `${locationId}\u0000${sourceKey}`;
    if (operation === 'DELETE') rows.delete(key);
    else rows.set(key, locationId);
  }

  onNormalized(entity: string, recordKey: string, locationId: string, operation: Operation): void {
    const records = add(this.normalized, entity, () => new Map<string, string>());
    if (operation === 'DELETE') {
      records.delete(recordKey);
      this.deletedRecords.add(recordKey);
    } else {
      records.set(recordKey, locationId);
      this.deletedRecords.delete(recordKey);
    }
  }

  /**
   * The latest event per contact key is that contact's whole truth (the deduper's contract): members
   * missing from it moved to another contact or were deleted. Events of different contacts arrive in
   * any order, so a mapping is only removed by the contact it points to.
   */
  onPatientResolved(event: PatientResolved): void {
    const own = `${event.source.locationId}:patient:${event.source.sourceKey}`;
    if (event.members.length === 0 && !this.membersOf.has(event.contactKey)) {
      // Events written before members existed (v1): one event per source patient, contacts accumulate.
      if (event.operation === 'DELETE') this.contacts.delete(own);
      else this.contacts.set(own, event.contactKey);
      return;
    }
    const previous = this.membersOf.get(event.contactKey) ?? new Set<string>();
    for (const key of previous) if (this.contacts.get(key) === event.contactKey) this.contacts.delete(key);
    if (event.operation === 'DELETE') {
      this.membersOf.delete(event.contactKey);
      return;
    }
    const members = new Set(event.members.map((m) => m.recordKey));
    for (const key of members) this.contacts.set(key, event.contactKey);
    this.membersOf.set(event.contactKey, members);
  }

  /** A treatment plan's codes as normalized now (its `cdtCodes`); null: the plan was deleted. */
  onPlanCodes(recordKey: string, locationId: string, codes: readonly string[] | null): void {
    if (codes === null) this.planCodes.delete(recordKey);
    else this.planCodes.set(recordKey, { locationId, codes: [...new Set(codes)] });
  }

  onRecordResolved(entity: string, recordKey: string, mergedFrom: readonly string[], operation: Operation): void {
    const goldens = add(this.golden, entity, () => new Map<string, Set<string>>());
    if (operation === 'DELETE') {
      goldens.delete(recordKey);
      return;
    }
    const locations = [recordKey, ...mergedFrom].flatMap((k) => parseRecordKey(k)?.locationId ?? []);
    goldens.set(recordKey, new Set(locations));
  }

  onLedger(entry: LedgerEntry): void {
    if (entry.phase !== 'OUTCOME' || entry.result === null) return;
    // A Deal's link to a Product (ZOHO_CDT_CODES=products) is not a record: the Products are counted by their upserts.
    if (entry.operation === 'LINK' || entry.operation === 'UNLINK') return;
    const entity = ledgerEntityOf(entry);
    if (!entity) return;
    const records = add(this.ledger, entity, () => new Map<string, LedgerRecord>());
    const key = ledgerKeyOf(entity, entry);
    if (entry.result === 'DELETED') {
      records.delete(key);
      return;
    }
    const record = add(records, key, () => ({
      key,
      module: entry.module,
      externalIdField: entry.externalIdField,
      externalId: entry.externalId,
      zohoId: null,
      written: false,
      failed: false,
      locationId: entry.locationId,
      sentFields: {},
    }));
    record.failed = entry.result === 'FAILED';
    if (entry.result === 'FAILED') return;
    record.written = true;
    record.zohoId = entry.zohoId ?? record.zohoId;
    record.locationId = entry.locationId ?? record.locationId;
    Object.assign(record.sentFields, entry.sentFields);
  }

  /** At-least-once upstream: an issue re-raised with the same eventId counts once. It stays open while its record exists. */
  onIssue(issue: DataQualityIssueRaised): void {
    this.issues.set(issue.eventId, { entity: issue.entity, recordKey: issue.recordKey, locationId: issue.locationId, rule: issue.rule, severity: issue.severity });
  }

  /** `entity`: the reconciled entity of the record's origin topic, or `unattributed`. */
  onDeadLetter(service: string, entity: string): void {
    const key = `${service}\u0000${entity}`;
    this.deadLetters.set(key, (this.deadLetters.get(key) ?? 0) + 1);
  }

  // ---- queries ----

  /** Live source rows per location (CDT Products: a code per location its live plans use it at). */
  sourceLocations(target: EntityTarget): string[] {
    if (target.entity === CDT_PRODUCT_TARGET.entity) return [...this.codeLocations().values()];
    return [...(this.sources.get(target.sourceEntity)?.values() ?? [])];
  }

  normalizedRecords(entity: string): Map<string, string> {
    if (entity === CDT_PRODUCT_TARGET.entity) return this.codeLocations();
    return this.normalized.get(entity) ?? new Map<string, string>();
  }

  /** `<code>\u0000<location>` → location: the distinct codes of the live plans, per location. */
  private codeLocations(): Map<string, string> {
    const out = new Map<string, string>();
    for (const { locationId, codes } of this.planCodes.values()) for (const code of codes) out.set(`${code}\u0000${locationId}`, locationId);
    return out;
  }

  /** Live source patients with no contact yet (they have not reached the deduper's output). */
  unresolvedPatients(): Array<{ locationId: string }> {
    const rows = this.sources.get('patient') ?? new Map<string, string>();
    return [...rows.entries()].flatMap(([key, locationId]) => {
      const sourceKey = key.slice(locationId.length + 1);
      return this.contacts.has(`${locationId}:patient:${sourceKey}`) ? [] : [{ locationId }];
    });
  }

  /** The keys this entity should have in Zoho, each with its locations. */
  expected(target: EntityTarget): KeyLocations {
    const out: KeyLocations = new Map();
    if (target.entity === CDT_PRODUCT_TARGET.entity) {
      for (const { locationId, codes } of this.planCodes.values()) for (const code of codes) add(out, cdtProductKey(code), () => new Set<string>()).add(locationId);
      return out;
    }
    if (target.dedupe === 'patient') {
      for (const [key, locationId] of this.sources.get('patient') ?? []) {
        const contact = this.contacts.get(`${locationId}:patient:${key.slice(locationId.length + 1)}`);
        if (contact) add(out, contact, () => new Set<string>()).add(locationId);
      }
      return out;
    }
    const goldens = this.golden.get(target.entity);
    // Until the deduper publishes golden records for a deduplicated entity, every normalized record is expected.
    if (target.dedupe === 'record' && goldens && goldens.size > 0) {
      for (const [key, locations] of goldens) out.set(key, new Set(locations));
      return out;
    }
    for (const [key, locationId] of this.normalizedRecords(target.entity)) out.set(key, new Set([locationId]));
    return out;
  }

  ledgerRecords(entity: string): LedgerRecord[] {
    return [...(this.ledger.get(entity)?.values() ?? [])];
  }

  /** Open issues: those of records that still exist (an issue of a deleted record is closed). */
  issueRecords(): IssueRecord[] {
    return [...this.issues.values()].filter((i) => !this.deletedRecords.has(i.recordKey));
  }

  deadLetterCounts(): Array<{ service: string; entity: string; count: number }> {
    return [...this.deadLetters.entries()].map(([key, count]) => {
      const [service = '', entity = ''] = key.split('\u0000');
      return { service, entity, count };
    });
  }

  /** The reconciled entities; the CDT Products in products mode, or once the ledger holds any. */
  targets(): readonly EntityTarget[] {
    const products = this.options.cdtProducts === true || (this.ledger.get(CDT_PRODUCT_TARGET.entity)?.size ?? 0) > 0;
    return products ? [...ENTITY_TARGETS, CDT_PRODUCT_TARGET] : ENTITY_TARGETS;
  }
}
