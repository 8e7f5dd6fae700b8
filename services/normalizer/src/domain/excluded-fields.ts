import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import type { RowReader } from './row-reader.ts';

/**
 * Columns panda-model marks `excluded` (outside the migration's purpose, minimum necessary: the SSN).
 * The extractor drops them before Kafka; should an input carry one anyway, the normalizer never passes
 * it on and says so (the SSN may instead be tokenised, normalize-patient.ts).
 */
export const EXCLUDED_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  REFERENCE_TABLES.map((t) => [t.entity, t.columns.filter((c) => c.excluded).map((c) => c.field)] as const).filter(([, fields]) => fields.length > 0),
);

/** Raises a DROPPED issue for every excluded field the row carries, except those in `handled`. */
export function dropExcluded(r: RowReader, handled: readonly string[] = []): void {
  for (const field of EXCLUDED_FIELDS[r.input.entity] ?? []) {
    if (handled.includes(field) || r.raw(field) === null) continue;
    r.issues.add({ field, rule: 'EXCLUDED_FIELD_DROPPED', severity: 'INFO', action: 'DROPPED', before: 'present', after: 'null', message: 'outside the migration purpose (minimum necessary); dropped' });
  }
}
