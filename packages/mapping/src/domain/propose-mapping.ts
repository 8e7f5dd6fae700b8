import { REFERENCE_TABLES, type TableDefinition } from '@panda2zoho/panda-model';
import { zohoTargetOf, type ZohoTarget } from './field-vocabulary.ts';
import { MAPPING_FORMAT, type MappingColumn, type MappingDocument, type MappingTable } from './mapping-document.ts';
import { nameTokens, tokenSimilarity } from './name-tokens.ts';
import { scoreByValuesOnly, scoreColumn, type ColumnScore } from './score-column.ts';
import type { SourceColumn, SourceTable, ValueProfile } from './source-shape.ts';

/** A field of the target org as `GET /crm/v8/settings/fields` lists it. */
export interface TargetField {
  api_name: string;
  data_type: string;
}

export interface ProposalInput {
  source: MappingDocument['source'];
  tables: SourceTable[];
  /** Per Zoho module, the org's fields; null when the org was not asked (offline proposal). */
  targetFields: Record<string, TargetField[]> | null;
  /** The reference model (default: packages/panda-model REFERENCE_TABLES). */
  reference?: TableDefinition[];
}

/** Below this a column is listed as unmapped rather than guessed. */
export const MAPPED_THRESHOLD = 0.5;
const TABLE_THRESHOLD = 0.35;

const TABLE_SYNONYMS: Partial<Record<string, string[]>> = {
  patient: ['patient', 'client', 'person', 'demographic'],
  provider: ['provider', 'doctor', 'clinician', 'staff'],
  referring_practice: ['referring practice', 'referral source', 'referral practice', 'practice'],
  referring_dentist: ['referring dentist', 'referring doctor', 'referrer', 'dentist'],
  perio_exam: ['perio exam', 'exam', 'perio chart', 'chart'],
  perio_site: ['perio site measurement', 'site measurement', 'perio measurement', 'probing'],
  perio_tooth: ['perio tooth finding', 'tooth finding', 'tooth'],
  treatment_plan: ['treatment plan', 'plan'],
  treatment_procedure: ['treatment procedure', 'procedure', 'planned procedure'],
  clinical_note: ['clinical note', 'soap note', 'progress note', 'note'],
  clinical_flag: ['clinical flag', 'alert', 'flag', 'medical alert'],
  motivation_report: ['motivation report', 'report'],
  referral_letter: ['referral letter', 'letter', 'correspondence'],
  letter_template: ['letter template', 'template'],
  pms_bridge: ['open dental bridge', 'bridge', 'pms link'],
};

const SSN_PHRASES = [['ssn'], ['social', 'security'], ['social', 'security', 'number']];
const pct = (n: number) => `${Math.round(n * 100)}%`;

function profileText(profile: ValueProfile | undefined): string | undefined {
  if (!profile) return undefined;
  const shares = Object.entries(profile.shares)
    .filter(([, share]) => share >= 0.05)
    .map(([kind, share]) => `${kind} ${pct(share)}`);
  return [`${profile.filled} filled`, `${profile.empty} empty`, `${profile.distinctCapped ? '≥' : ''}${profile.distinct} distinct`, ...shares].join(', ');
}

function tableNameScore(table: SourceTable, definition: TableDefinition): number {
  const tokens = nameTokens(table.name);
  const phrases = [definition.table, ...(TABLE_SYNONYMS[definition.entity] ?? [])].map((p) => nameTokens(p));
  return Math.max(...phrases.map((p) => tokenSimilarity(tokens, p)));
}

function bestScores(column: SourceColumn, definition: TableDefinition): ColumnScore[] {
  const singleKey = definition.primaryKey.length === 1 ? definition.primaryKey[0] : undefined;
  const scores = definition.columns.map((c) => scoreColumn(column, definition.entity, c, c.column === singleKey));
  const byValues = scoreByValuesOnly(column, definition.columns);
  if (byValues) {
    const same = scores.find((s) => s.field === byValues.field);
    if (same && same.score < byValues.score) Object.assign(same, byValues);
  }
  return scores.sort((a, b) => b.score - a.score);
}

function chooseEntity(table: SourceTable, reference: TableDefinition[]): { definition: TableDefinition; score: number; why: string } | null {
  let best: { definition: TableDefinition; score: number; why: string } | null = null;
  for (const definition of reference) {
    const byName = tableNameScore(table, definition);
    const fits = table.columns.filter((c) => (bestScores(c, definition)[0]?.score ?? 0) >= 0.7).length;
    const byColumns = table.columns.length === 0 ? 0 : fits / table.columns.length;
    const score = Math.round((0.45 * byName + 0.55 * byColumns) * 100) / 100;
    if (!best || score > best.score) {
      best = { definition, score, why: `table name ≈ ${definition.table} (${pct(byName)}); ${fits} of ${table.columns.length} columns fit ${definition.entity} fields` };
    }
  }
  return best && best.score >= TABLE_THRESHOLD ? best : null;
}

function isSsnName(name: string): boolean {
  const tokens = nameTokens(name);
  return SSN_PHRASES.some((p) => tokenSimilarity(tokens, p) === 1);
}

function targetNote(target: ZohoTarget, targetFields: ProposalInput['targetFields']): { note: string; factor: number } {
  const fields = targetFields?.[target.module];
  if (!fields) return { note: '', factor: 1 };
  const found = fields.find((f) => f.api_name === target.field);
  if (found) return { note: `; Zoho ${target.module}.${target.field} (${found.data_type}) exists`, factor: 1 };
  if (/^(PANDA_|Source_)/.test(target.field)) return { note: `; ${target.module}.${target.field} is a custom field the writer provisions`, factor: 1 };
  return { note: `; the org has no ${target.module}.${target.field}: check the target`, factor: 0.8 };
}

/** Columns → fields one to one, best scores first; what is left is unmapped, with the best guess named. */
function assignColumns(table: SourceTable, definition: TableDefinition, targetFields: ProposalInput['targetFields']): MappingColumn[] {
  const ranked = new Map(table.columns.map((c) => [c.name, bestScores(c, definition)]));
  const pairs = [...ranked].flatMap(([column, scores]) => scores.filter((s) => s.score >= MAPPED_THRESHOLD).map((s) => ({ column, s })));
  pairs.sort((a, b) => b.s.score - a.s.score || a.column.localeCompare(b.column));
  const chosen = new Map<string, ColumnScore>();
  const takenBy = new Map<string, string>();
  for (const { column, s } of pairs) {
    if (chosen.has(column) || takenBy.has(s.field)) continue;
    chosen.set(column, s);
    takenBy.set(s.field, column);
  }
  return table.columns.map((column): MappingColumn => {
    const profile = profileText(column.profile);
    const base = { source: column.name, ...(profile ? { profile } : {}) };
    const choice = chosen.get(column.name);
    const fieldDefinition = choice ? definition.columns.find((c) => c.field === choice.field) : undefined;
    if (isSsnName(column.name) || fieldDefinition?.excluded) {
      return { ...base, status: 'excluded', ...(fieldDefinition ? { field: fieldDefinition.field } : {}), confidence: 1, reason: `${fieldDefinition?.field === 'ssn' || isSsnName(column.name) ? 'SSN' : fieldDefinition?.field}: outside the migration's purpose (minimum necessary); never leaves the extractor` };
    }
    if (choice) {
      const target = zohoTargetOf(definition.entity, choice.field);
      const { note, factor } = targetNote(target, targetFields);
      return {
        ...base,
        status: 'mapped',
        field: choice.field,
        zoho: `${target.module}.${target.field}`,
        ...(target.via ? { via: target.via } : {}),
        confidence: Math.round(choice.score * factor * 100) / 100,
        reason: `${choice.why.join('; ')}${note}`,
      };
    }
    const guess = ranked.get(column.name)?.[0];
    const reason =
      guess && guess.score >= MAPPED_THRESHOLD
        ? `its best field ${guess.field} is taken by ${takenBy.get(guess.field)} (a better fit)`
        : guess && guess.score > 0
          ? `no ${definition.entity} field fits well (best guess ${guess.field} at ${guess.score}); map it by hand or leave it behind`
          : `no ${definition.entity} field resembles it; map it by hand or leave it behind`;
    return { ...base, status: 'unmapped', confidence: guess?.score ?? 0, reason };
  });
}

function proposeTable(table: SourceTable, input: ProposalInput, reference: TableDefinition[]): MappingTable {
  const choice = chooseEntity(table, reference);
  if (!choice) {
    return {
      source: table.name,
      entity: null,
      status: 'unmapped',
      confidence: 0,
      reason: 'no PANDA object resembles this table; its columns stay behind unless mapped by hand',
      columns: table.columns.map((c) => {
        const profile = profileText(c.profile);
        return isSsnName(c.name)
          ? { source: c.name, ...(profile ? { profile } : {}), status: 'excluded', confidence: 1, reason: "SSN: outside the migration's purpose (minimum necessary); never migrated" }
          : { source: c.name, ...(profile ? { profile } : {}), status: 'unmapped', confidence: 0, reason: 'its table is not mapped' };
      }),
    };
  }
  const { definition } = choice;
  if (!definition.migrate) {
    const why =
      definition.entity === 'pms_bridge'
        ? 'Open Dental bridge ids (practice-management data): inventoried, never migrated'
        : definition.entity === 'letter_template'
          ? 'letter templates: exported as files by `panda2zoho letters templates`, never migrated as records'
          : 'inventoried, never migrated';
    return {
      source: table.name,
      entity: definition.entity,
      status: 'excluded',
      confidence: choice.score,
      reason: `${choice.why}; ${why}`,
      columns: table.columns.map((c) => {
        const profile = profileText(c.profile);
        return { source: c.name, ...(profile ? { profile } : {}), status: 'excluded', confidence: 1, reason: why };
      }),
    };
  }
  return { source: table.name, entity: definition.entity, status: 'mapped', confidence: choice.score, reason: choice.why, columns: assignColumns(table, definition, input.targetFields) };
}

/**
 * Proposes where every source column goes: source table/column → canonical entity/field (the
 * reference model) → Zoho module/field. Deterministic: the same inventory and org give the same file
 * and so the same version. Every column is listed — mapped, excluded (SSN, the Open Dental bridge) or
 * unmapped — each with a confidence and a one-line reason.
 */
export function proposeMapping(input: ProposalInput): MappingDocument {
  const reference = input.reference ?? REFERENCE_TABLES;
  const tables = [...input.tables].sort((a, b) => a.name.localeCompare(b.name)).map((t) => proposeTable(t, input, reference));
  return {
    format: MAPPING_FORMAT,
    source: input.source,
    target: { modules: Object.keys(input.targetFields ?? {}).sort(), metadata: input.targetFields ? 'org' : 'none' },
    tables,
  };
}
