import type { QualityIssue } from './quality-issue.ts';
import type { FieldValueOut, OverflowValue } from './zoho-field-rules.ts';

export interface ParentRef {
  readonly role: string;
  readonly entity: string;
  readonly recordKey: string;
}

/** One normalized non-patient record, before it becomes a RecordNormalized event. */
export interface NormalizedRecord {
  readonly entity: string;
  readonly recordKey: string;
  readonly operation: 'UPSERT' | 'DELETE';
  readonly parents: readonly ParentRef[];
  /** null for a delete. Insertion order is the contract table's order (stable bytes). */
  readonly fields: Readonly<Record<string, FieldValueOut>> | null;
  readonly issues: readonly QualityIssue[];
  /** Values too long for their Zoho field under the `note` policy: each becomes an overflow_note record. */
  readonly overflow: readonly OverflowValue[];
}

export type RecordResult = { kind: 'normalized'; record: NormalizedRecord } | { kind: 'rejected'; code: string; reason: string };
