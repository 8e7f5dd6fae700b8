import { createHash } from 'node:crypto';
import { readCsvExport } from '@panda2zoho/extractor/csv';
import { buildSampleScope, type EntityName, type SampleScope, type ScopeRow } from '@panda2zoho/panda-model';
import { generatePractice, sourceKeyOf, tablesFromMapFile, type PracticeSpec } from '@panda2zoho/synthetic-practice';

/** The rows a sample is chosen from (only patients and what hangs from them by patient id). */
const WANTED: ReadonlySet<EntityName> = new Set(['patient', 'perio_exam', 'treatment_plan', 'clinical_note', 'clinical_flag', 'motivation_report']);

/** Only what the scope needs: keys and the patient id, never a name or a value. */
function light(row: ScopeRow): ScopeRow {
  return { locationId: row.locationId, entity: row.entity, sourceKey: row.sourceKey, fields: row.fields ? { patientId: row.fields['patientId'] ?? null } : null };
}

/** The live rows of a generated practice (snapshot and change phase applied: a deleted row is gone). */
export function generatedPracticeRows(spec: PracticeSpec, locationFor: (database: string) => string): ScopeRow[] {
  const live = new Map<string, ScopeRow>();
  for (const row of generatePractice(spec)) {
    if (!WANTED.has(row.table.entity)) continue;
    const image = row.after ?? row.before;
    if (!image) continue;
    const sourceKey = sourceKeyOf(row.table, image);
    const id = `${row.database}|${row.table.entity}|${sourceKey}`;
    if (row.op === 'd') live.delete(id);
    else live.set(id, light({ locationId: locationFor(row.database), entity: row.table.entity, sourceKey, fields: image as Record<string, unknown> }));
  }
  return [...live.values()];
}

/** The rows of a CSV export (`<folder>/<database>/<Table>.csv`, the install's table map applied). */
export async function csvExportRows(folder: string, tableMapFile: string | undefined, locationFor: (database: string) => string): Promise<ScopeRow[]> {
  const tables = tablesFromMapFile(tableMapFile).filter((t) => WANTED.has(t.entity));
  const rows: ScopeRow[] = [];
  for await (const item of readCsvExport({ folder, tables, locationFor })) {
    if (item.kind === 'change' && item.change.operation === 'UPSERT') rows.push(light(item.change));
  }
  return rows;
}

/** A new sample id: `sample-<hash of the chosen patients>-<UTC minute>` (a valid writer run id). */
export function newSampleId(patients: string[], nowMs: number): string {
  const hash = createHash('sha256').update(patients.join('\n')).digest('hex').slice(0, 8);
  return `sample-${hash}-${new Date(nowMs).toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
}

/** The scope of `n` patients from these rows, under a new sample id. */
export function scopeFromRows(rows: ScopeRow[], n: number, nowMs: number): SampleScope {
  const draft = buildSampleScope(() => rows, n, 'draft');
  return { ...draft, sampleId: newSampleId(draft.patients, nowMs) };
}

/** `PANDA_LOCATION_BY_DATABASE` (database=location pairs), as the extractor reads it. */
export function locationMapFrom(env: NodeJS.ProcessEnv): (database: string) => string {
  const pairs = (env['PANDA_LOCATION_BY_DATABASE'] ?? '').split(',').filter((p) => p.includes('='));
  const map = new Map(pairs.map((p) => p.split('=', 2) as [string, string]));
  return (database) => map.get(database) ?? database;
}
