import type { ColumnDefinition, EntityName } from '@panda2zoho/panda-model';
import { fieldPhrases, valueKindOf, type ValueKind } from './field-vocabulary.ts';
import { nameTokens, tokenSimilarity } from './name-tokens.ts';
import type { SourceColumn, ValueProfile } from './source-shape.ts';

export interface ColumnScore {
  field: string;
  score: number;
  /** Short clauses joined into the one-line reason. */
  why: string[];
}

/** Words that only say which entity a column belongs to (`PatFName`, `PatientID`): ignored when other words remain. */
const ENTITY_WORDS: Record<EntityName, string[]> = {
  patient: ['patient'],
  provider: ['provider', 'doctor'],
  referring_practice: ['practice', 'referring'],
  referring_dentist: ['dentist', 'referring', 'doctor'],
  perio_exam: ['exam', 'perio'],
  perio_site: ['site', 'perio'],
  perio_tooth: ['tooth', 'perio'],
  treatment_plan: ['plan', 'treatment'],
  treatment_procedure: ['procedure', 'treatment'],
  clinical_note: ['note', 'clinical'],
  clinical_flag: ['flag', 'clinical'],
  motivation_report: ['report', 'motivation'],
  referral_letter: ['letter', 'referral'],
  letter_template: ['template', 'letter'],
  pms_bridge: ['bridge'],
};

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The strongest shape the values show, if any (e-mail, phone, date). */
export function observedKind(profile: ValueProfile | undefined): { kind: ValueKind; share: number } | null {
  if (!profile || profile.filled === 0) return null;
  const { email, phone, date } = profile.shares;
  if (email >= 0.6) return { kind: 'email', share: email };
  if (phone >= 0.6) return { kind: 'phone', share: phone };
  if (date >= 0.6) return { kind: 'date', share: date };
  return null;
}

/** SQL type name → value kind; undefined when there is no declared type (CSV). */
export function kindOfTypeName(type: string | undefined): ValueKind | undefined {
  if (!type) return undefined;
  const t = type.toLowerCase();
  if (/^(date|datetime|datetime2|smalldatetime|datetimeoffset)/.test(t)) return 'date';
  if (/^(int|smallint|tinyint|bigint)/.test(t)) return 'integer';
  if (/^bit/.test(t)) return 'boolean';
  if (/^(decimal|numeric|money|smallmoney|float|real)/.test(t)) return 'decimal';
  if (/^(varbinary|binary|image)/.test(t)) return 'binary';
  return 'text';
}

function typeFits(expected: ValueKind, declared: ValueKind): boolean {
  const stored: ValueKind = expected === 'email' || expected === 'phone' || expected === 'code' ? 'text' : expected;
  if (stored === declared) return true;
  if (stored === 'text') return declared !== 'binary'; // numbers and dates can be carried as text
  if (stored === 'integer') return declared === 'decimal' || declared === 'boolean';
  if (stored === 'boolean') return declared === 'integer';
  if (stored === 'decimal') return declared === 'integer';
  return false;
}

function nameScore(columnTokens: string[], entity: EntityName, definition: ColumnDefinition): { score: number; phrase: string[] } {
  const entityWords = ENTITY_WORDS[entity];
  const stripped = columnTokens.filter((t) => !entityWords.includes(t));
  const variants = stripped.length > 0 && stripped.length < columnTokens.length ? [columnTokens, stripped] : [columnTokens];
  let best = { score: 0, phrase: [] as string[] };
  for (const phrase of fieldPhrases(entity, definition)) {
    for (const tokens of variants) {
      const score = tokenSimilarity(tokens, phrase);
      if (score > best.score) best = { score, phrase };
    }
  }
  return best;
}

/**
 * How well a source column fits one canonical field: name (tokens against the field's phrases), the
 * declared type, and what the values look like. Deterministic; the reasons quote names and shares only.
 */
export function scoreColumn(column: SourceColumn, entity: EntityName, definition: ColumnDefinition, isKey = false): ColumnScore {
  const tokens = nameTokens(column.name);
  const why: string[] = [];
  let score: number;
  if (column.name.toLowerCase() === definition.column.toLowerCase()) {
    score = 1;
    why.push(`same name as the reference column ${definition.column}`);
  } else {
    const byName = nameScore(tokens, entity, definition);
    score = byName.score;
    if (score > 0) why.push(`name reads "${tokens.join(' ')}" ≈ "${byName.phrase.join(' ')}"`);
  }
  const expected = valueKindOf(definition);
  const declared = kindOfTypeName(column.type);
  if (declared !== undefined) {
    if (typeFits(expected, declared)) why.push(`type ${column.type} fits`);
    else {
      score -= 0.3;
      why.push(`type ${column.type} does not fit ${expected}`);
    }
  }
  const observed = observedKind(column.profile);
  const shapeKinds: ValueKind[] = ['email', 'phone', 'date'];
  if (observed && observed.kind === expected) {
    score += 0.1;
    why.push(`values look like ${observed.kind === 'email' ? 'e-mail addresses' : `${observed.kind}s`} (${pct(observed.share)})`);
  } else if (observed && shapeKinds.includes(expected)) {
    score -= 0.55; // the values contradict the name: never map on the name alone
    why.push(`values look like ${observed.kind}s, not ${expected}s`);
  } else if (column.profile && column.profile.filled > 0 && shapeKinds.includes(expected)) {
    const share = column.profile.shares[expected as 'email' | 'phone' | 'date'];
    if (share < 0.2) {
      score -= 0.2;
      why.push(`only ${pct(share)} of values look like ${expected}s`);
    }
  } else if (observed && expected === 'text' && score < 1) {
    score -= 0.15;
    why.push(`values look like ${observed.kind}s`);
  }
  if (expected === 'code' && column.profile && column.profile.shares.code >= 0.8) {
    score += 0.1;
    why.push(`code-like values (${pct(column.profile.shares.code)}, ${column.profile.distinct} distinct)`);
  }
  const cardinality = cardinalityEvidence(column.profile, definition, isKey || definition.field === 'chartNumber');
  if (cardinality) {
    score += cardinality.delta;
    why.push(cardinality.why);
  }
  if (declared === undefined && !column.profile && score > 0.9) {
    score = 0.9; // a name alone, with neither a type nor values to back it
    why.push('no type or values to confirm it');
  }
  return { field: definition.field, score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), why };
}

/** Fields whose values come from a short list (codes, statuses). */
const CATEGORICAL = new Set(['sex', 'status', 'state', 'country', 'examType', 'noteType', 'flagType', 'toothNumbering', 'guarantorRelation', 'site', 'bleeding', 'suppuration', 'plaque', 'mobility', 'furcation', 'recessionClass', 'phase', 'credentials', 'title']);

/**
 * Cardinality: a single-column key's (and the chart number's) values are all distinct; a categorical field's are few. Only with enough rows
 * to tell (≥ 20 filled) and an uncapped distinct count.
 */
function cardinalityEvidence(profile: ValueProfile | undefined, definition: ColumnDefinition, isKey: boolean): { delta: number; why: string } | null {
  if (!profile || profile.filled < 20 || profile.distinctCapped) return null;
  if (isKey) {
    return profile.distinct === profile.filled
      ? { delta: 0.05, why: 'every value distinct, like a key' }
      : { delta: -0.3, why: `values repeat (${profile.distinct} distinct of ${profile.filled}): not a key` };
  }
  if (CATEGORICAL.has(definition.field) && profile.distinct <= 12) return { delta: 0.05, why: `${profile.distinct} distinct values, like a code list` };
  return null;
}

/** When the name says nothing, values that are clearly e-mail addresses still point at the entity's one e-mail field. */
export function scoreByValuesOnly(column: SourceColumn, definitions: ColumnDefinition[]): ColumnScore | null {
  const observed = observedKind(column.profile);
  if (!observed || observed.kind !== 'email' || observed.share < 0.8) return null;
  const emails = definitions.filter((d) => valueKindOf(d) === 'email');
  if (emails.length !== 1) return null;
  return { field: emails[0]!.field, score: 0.6, why: [`name says little, but values look like e-mail addresses (${pct(observed.share)})`] };
}
