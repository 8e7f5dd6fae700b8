import type { SourceRecordChanged } from '@panda2zoho/events';

/**
 * Assembly of records made from several source tables: a perio chart (PerioExams + PerioSiteMeasurements
 * + PerioToothFindings of one exam) and a treatment plan (TreatmentPlans + TreatmentProcedures). Rows
 * arrive as separate events on different topics, in any order; the state of one ROOT (exam / plan) holds
 * its latest root row and its child rows. The handler persists it to a compacted changelog in the same
 * transaction as the output, so it survives restarts and replays (adapters/assembly-changelog.ts).
 */
export type RootEntity = 'perio_exam' | 'treatment_plan';

export const ASSEMBLED_FROM: Readonly<Record<string, RootEntity>> = {
  perio_exam: 'perio_exam',
  perio_site: 'perio_exam',
  perio_tooth: 'perio_exam',
  treatment_plan: 'treatment_plan',
  treatment_procedure: 'treatment_plan',
};

export const OUTPUT_OF: Readonly<Record<RootEntity, 'perio_chart' | 'treatment_plan'>> = { perio_exam: 'perio_chart', treatment_plan: 'treatment_plan' };

export function isAssemblyEntity(entity: string): boolean {
  return entity in ASSEMBLED_FROM;
}

export interface RootState {
  /** `<locationId>:<rootEntity>:<rootId>` — also the Kafka key every row of the root carries (extractor). */
  readonly rootKey: string;
  /** Latest row of the exam / plan itself (UPSERT or DELETE); null until it arrived. */
  readonly root: SourceRecordChanged | null;
  /** Child rows by `<entity>:<sourceKey>`, latest image; a deleted child is removed. */
  readonly children: Readonly<Record<string, SourceRecordChanged>>;
  /** Data-quality issue ids already published for this root (sorted): a re-emitted chart does not raise them again. */
  readonly raisedIssues: readonly string[];
  /** eventId of the record last emitted for this root: an unchanged root is not emitted again. */
  readonly lastEmitted: string | null;
}

export const emptyRoot = (rootKey: string): RootState => ({ rootKey, root: null, children: {}, raisedIssues: [], lastEmitted: null });

/**
 * The root a row belongs to. Sites and teeth name their exam in `examId` (also the first primary-key
 * column, so an image-less delete still has it); a procedure names its plan in `planId`. A procedure
 * delete without an image returns null: the caller looks the procedure up in its state.
 */
export function rootKeyOf(row: SourceRecordChanged): string | null {
  const loc = row.source.locationId;
  const root = ASSEMBLED_FROM[row.entity];
  if (!root) return null;
  if (row.entity === root) return `${loc}:${root}:${row.source.sourceKey}`;
  const idField = root === 'perio_exam' ? 'examId' : 'planId';
  const id = row.fields?.[idField] ?? (root === 'perio_exam' ? row.source.sourceKey.split('|')[0] : undefined);
  return id === undefined || id === null || typeof id === 'object' ? null : `${loc}:${root}:${String(id)}`;
}

export const childKeyOf = (row: SourceRecordChanged): string => `${row.entity}:${row.source.sourceKey}`;

/** Applies one row to its root's state. Idempotent: the same row twice gives the same state. */
export function applyRow(state: RootState, row: SourceRecordChanged): RootState {
  if (row.entity === ASSEMBLED_FROM[row.entity]) return { ...state, root: row };
  const children = { ...state.children };
  if (row.operation === 'DELETE') delete children[childKeyOf(row)];
  else children[childKeyOf(row)] = row;
  return { ...state, children };
}

/** Child rows in a stable order (by child key), whatever order they arrived in. */
export function childrenOf(state: RootState, entity: string): SourceRecordChanged[] {
  return Object.keys(state.children)
    .filter((k) => k.startsWith(`${entity}:`))
    .sort()
    .map((k) => state.children[k]!);
}

/** A deleted root with no children left holds nothing worth keeping: the changelog gets a tombstone. */
export function isEmpty(state: RootState): boolean {
  return (state.root === null || state.root.operation === 'DELETE') && Object.keys(state.children).length === 0;
}
