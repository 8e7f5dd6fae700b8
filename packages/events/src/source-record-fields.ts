import type { SourceRecordChanged } from './generated/events.ts';

/** A canonical value as code uses it (panda-model's CanonicalValue); bytes travel wrapped as BinaryValue. */
export type FieldValue = null | boolean | number | string | Buffer;

export type EventFields = NonNullable<SourceRecordChanged['fields']>;

export function toEventFields(fields: Record<string, FieldValue>): EventFields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Buffer.isBuffer(v) ? { data: v } : v]));
}

export function fromEventFields(fields: EventFields): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v !== null && typeof v === 'object' ? v.data : v]));
}
