import { stableEventId, type PatientRow, type PatientSourceChanged } from '@panda2zoho/events';
import { z } from 'zod';
import { asDate, asEpochMs, asText, type ColumnValue } from './debezium-values.ts';
import type { PatientColumnMap } from './patient-columns.ts';

// avsc decodes records as class instances, which z.record refuses: accept any non-null object.
const row = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a row struct');

/** The SQL Server connector's envelope (reference §3). Row structs are checked column by column below. */
export const debeziumEnvelope = z.object({
  before: row.nullable().optional(),
  after: row.nullable().optional(),
  source: z.object({
    connector: z.string(),
    db: z.string().min(1),
    schema: z.string(),
    table: z.string().min(1),
    ts_ms: z.number(),
    snapshot: z.string().nullable().optional(),
    change_lsn: z.string().nullable().optional(),
    commit_lsn: z.string().nullable().optional(),
    event_serial_no: z.number().nullable().optional(),
  }),
  op: z.enum(['c', 'u', 'd', 'r']),
});

export type ExtractResult =
  | { kind: 'extracted'; key: string; event: PatientSourceChanged }
  | { kind: 'invalid'; code: string; reason: string };

export interface ExtractContext {
  columns: PatientColumnMap;
  /** PANDA database → practice location id; a database not listed is its own location. */
  locationFor: (database: string) => string;
  now: () => number;
}

function toPatientRow(values: Record<string, unknown>, columns: PatientColumnMap): PatientRow | string {
  const get = (field: keyof PatientRow) => values[columns[field]] as ColumnValue;
  const patientId = asText(get('patientId'));
  if (patientId === null || patientId === '') return `primary key column ${columns.patientId} is missing`;
  return {
    patientId,
    chartNumber: asText(get('chartNumber')),
    firstName: asText(get('firstName')),
    middleName: asText(get('middleName')),
    lastName: asText(get('lastName')),
    preferredName: asText(get('preferredName')),
    dateOfBirth: asDate(get('dateOfBirth')),
    sex: asText(get('sex')),
    email: asText(get('email')),
    homePhone: asText(get('homePhone')),
    mobilePhone: asText(get('mobilePhone')),
    workPhone: asText(get('workPhone')),
    addressLine1: asText(get('addressLine1')),
    addressLine2: asText(get('addressLine2')),
    city: asText(get('city')),
    state: asText(get('state')),
    postalCode: asText(get('postalCode')),
    country: asText(get('country')),
    status: asText(get('status')),
    createdAtMs: asEpochMs(get('createdAtMs')),
    modifiedAtMs: asEpochMs(get('modifiedAtMs')),
  };
}

/**
 * A decoded Debezium change → the canonical PatientSourceChanged. Pure. A delete carries the row's
 * before-image (SQL Server CDC provides it) so the deduper can place it. Reasons never include values.
 */
export function extractPatientChange(decoded: unknown, ctx: ExtractContext): ExtractResult {
  const parsed = debeziumEnvelope.safeParse(decoded);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    return { kind: 'invalid', code: 'INVALID_ENVELOPE', reason: `not a Debezium change envelope (${fields})` };
  }
  const envelope = parsed.data;
  const isDelete = envelope.op === 'd';
  const image = isDelete ? envelope.before : envelope.after;
  if (!image) return { kind: 'invalid', code: 'INVALID_ENVELOPE', reason: `op ${envelope.op} without its ${isDelete ? 'before' : 'after'} image` };
  const patient = toPatientRow(image, ctx.columns);
  if (typeof patient === 'string') return { kind: 'invalid', code: 'MISSING_PRIMARY_KEY', reason: patient };

  const { source } = envelope;
  const locationId = ctx.locationFor(source.db);
  const position =
    envelope.op === 'r'
      ? `snapshot:${source.commit_lsn ?? 'none'}:${patient.patientId}`
      : `${source.commit_lsn ?? 'none'}:${source.change_lsn ?? 'none'}:${source.event_serial_no ?? 0}`;
  const event: PatientSourceChanged = {
    eventId: stableEventId('DEBEZIUM_CDC', locationId, source.table, patient.patientId, position, envelope.op),
    source: {
      sourceSystem: 'DEBEZIUM_CDC',
      locationId,
      sourceTable: `${source.schema}.${source.table}`,
      sourceKey: patient.patientId,
      sourcePosition: position,
      sourceCommittedAtMs: source.ts_ms,
    },
    operation: isDelete ? 'DELETE' : 'UPSERT',
    extractedAtMs: ctx.now(),
    patient,
  };
  return { kind: 'extracted', key: `${locationId}:${patient.patientId}`, event };
}
