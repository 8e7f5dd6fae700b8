import type { PatientNormalized } from '@panda2zoho/events';
import { blockingKeys, MAX_BLOCK_SIZE, type PatientRecord } from './match-candidates.ts';

/** `<locationId>:patient:<sourceKey>`, as RecordNormalized parents and PatientResolved members name a source patient. */
export function patientRecordKey(locationId: string, sourceKey: string): string {
  return `${locationId}:patient:${sourceKey}`;
}

export interface IndexedPatient {
  recordKey: string;
  /** The latest UPSERT seen for the record (patient never null). */
  event: PatientNormalized;
  match: PatientRecord;
  blocks: string[];
}

/** What matching reads from a normalized patient: names, birth date, phones, e-mail. */
export function toPatientRecord(event: PatientNormalized): PatientRecord {
  const p = event.patient;
  return {
    locationId: event.source.locationId,
    sourceKey: event.source.sourceKey,
    firstName: p?.firstName ?? null,
    lastName: p?.lastName ?? null,
    dateOfBirth: p?.dateOfBirth ?? null,
    phones: [p?.mobilePhoneE164, p?.homePhoneE164, p?.workPhoneE164].filter((v): v is string => typeof v === 'string' && v !== ''),
    email: p?.email ? p.email.toLowerCase() : null,
  };
}

/**
 * Every current source patient with its blocking keys: the deduper's matching state. Built from the
 * input topic at start; memory grows with the practice (one entry per source patient).
 */
export class PatientIndex {
  private readonly records = new Map<string, IndexedPatient>();
  private readonly blocks = new Map<string, Set<string>>();

  get(recordKey: string): IndexedPatient | undefined {
    return this.records.get(recordKey);
  }

  has(recordKey: string): boolean {
    return this.records.has(recordKey);
  }

  recordKeys(): string[] {
    return [...this.records.keys()];
  }

  upsert(event: PatientNormalized): string {
    const recordKey = patientRecordKey(event.source.locationId, event.source.sourceKey);
    this.remove(recordKey);
    const match = toPatientRecord(event);
    const keys = blockingKeys(match);
    this.records.set(recordKey, { recordKey, event, match, blocks: keys });
    for (const key of keys) {
      let members = this.blocks.get(key);
      if (!members) this.blocks.set(key, (members = new Set()));
      members.add(recordKey);
    }
    return recordKey;
  }

  remove(recordKey: string): boolean {
    const existing = this.records.get(recordKey);
    if (!existing) return false;
    for (const key of existing.blocks) {
      const members = this.blocks.get(key);
      members?.delete(recordKey);
      if (members?.size === 0) this.blocks.delete(key);
    }
    this.records.delete(recordKey);
    return true;
  }

  /** Records sharing a block with this one (blocks above MAX_BLOCK_SIZE are not evidence), sorted. */
  candidates(recordKey: string): string[] {
    const record = this.records.get(recordKey);
    if (!record) return [];
    const out = new Set<string>();
    for (const key of record.blocks) {
      const members = this.blocks.get(key);
      if (!members || members.size > MAX_BLOCK_SIZE) continue;
      for (const other of members) if (other !== recordKey) out.add(other);
    }
    return [...out].sort();
  }
}
