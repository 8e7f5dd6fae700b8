import type { SourceRecordChanged } from '@panda2zoho/events';
import { parseCdtCode, parseTeethList, type TeethDesignation } from './cdt-code.ts';
import { isProblem } from './domain-problem.ts';
import type { NormalizeContext } from './normalize-context.ts';
import type { NormalizedRecord, ParentRef } from './normalized-record.ts';
import { richTextToPlainText } from './rich-text.ts';
import { recordKeyOf, RowReader } from './row-reader.ts';
import { applyLengthRules } from './zoho-field-rules.ts';
import type { QualityIssue } from './quality-issue.ts';

export interface PlanRows {
  readonly plan: SourceRecordChanged;
  readonly procedures: readonly SourceRecordChanged[];
}

interface Procedure {
  phase: number | null;
  id: string;
  code: string | null;
  teeth: TeethDesignation | null;
  teethText: string | null;
  description: string | null;
  feeCents: number | null;
  fee: string | null;
  status: string | null;
}

function designationText(d: TeethDesignation | null, raw: string | null): string {
  if (d === null) return raw ?? '-';
  switch (d.kind) {
    case 'teeth':
      return d.teeth.map((t) => t.universal).join(',');
    case 'quadrant':
      return `${d.quadrant} quadrant`;
    case 'arch':
      return `${d.arch} arch`;
    case 'full-mouth':
      return 'full mouth';
  }
}

/** Fixed-point money string (canonical decimal, scale 2) → integer cents; anything else → null. */
function cents(fee: string | null): number | null {
  const m = fee === null ? null : /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(fee.trim());
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -value : value;
}

const money = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

function readProcedure(row: SourceRecordChanged, ctx: NormalizeContext, issues: QualityIssue[]): Procedure {
  const r = new RowReader(row, ctx);
  const rawCode = r.text('cdtCode');
  const cdt = parseCdtCode(rawCode);
  if (isProblem(cdt) && rawCode !== null) {
    r.issues.add({ field: 'cdtCodes', rule: cdt.problem, severity: 'WARNING', action: 'KEPT', before: `"${rawCode}"`, after: 'raw code kept', message: 'not a CDT code (D####, ####, 0####); the source code is kept' });
  }
  // TreatmentProcedures.Teeth is Universal in PANDA whatever the exam charting numbering (the generator writes it so).
  const rawTeeth = r.text('teeth');
  const teeth = parseTeethList(rawTeeth, 'Universal');
  if (isProblem(teeth)) r.issues.add({ field: 'teeth', rule: teeth.problem, severity: 'WARNING', action: 'KEPT', before: `"${rawTeeth}"`, after: 'raw text kept', message: 'teeth list not readable; the source text is kept in procedures' });
  const fee = r.text('fee');
  issues.push(...r.issues.issues);
  return {
    phase: r.long('phase'), id: row.source.sourceKey, code: isProblem(cdt) ? rawCode : cdt.code,
    teeth: isProblem(teeth) ? null : teeth, teethText: rawTeeth,
    description: r.tidy('description'), feeCents: cents(fee), fee, status: r.tidy('status'),
  };
}

const order = (a: Procedure, b: Procedure) => (a.phase ?? 99) - (b.phase ?? 99) || Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A plan with its procedures → one treatment_plan record. Pure; any row order gives the same record. */
export function assembleTreatmentPlan(rows: PlanRows, ctx: NormalizeContext): NormalizedRecord {
  const loc = rows.plan.source.locationId;
  const recordKey = recordKeyOf(loc, 'treatment_plan', rows.plan.source.sourceKey);
  const plan = new RowReader(rows.plan, ctx);
  const parent = (role: string, entity: string, field: string): ParentRef[] => {
    const id = plan.long(field);
    return id === null ? [] : [{ role, entity, recordKey: recordKeyOf(loc, entity, String(id)) }];
  };
  const parents = [...parent('patient', 'patient', 'patientId'), ...parent('provider', 'provider', 'providerId')];
  if (rows.plan.operation === 'DELETE') return { entity: 'treatment_plan', recordKey, operation: 'DELETE', parents, fields: null, issues: [], overflow: [] };

  const rowIssues: QualityIssue[] = [];
  const procedures = rows.procedures.map((p) => readProcedure(p, ctx, rowIssues)).sort(order);
  const teeth = new Map<string, number>();
  for (const p of procedures) {
    if (p.teeth?.kind !== 'teeth') continue;
    for (const t of p.teeth.teeth) teeth.set(t.universal, /^\d+$/.test(t.universal) ? Number(t.universal) : 100 + t.universal.charCodeAt(0));
  }
  const fees = procedures.map((p) => p.feeCents).filter((c): c is number => c !== null);
  let title = plan.tidy('title');
  if (title === null) {
    title = `Treatment plan ${rows.plan.source.sourceKey}`;
    plan.issues.add({ field: 'title', rule: 'MANDATORY_PLACEHOLDER', severity: 'WARNING', action: 'PLACEHOLDER', before: 'empty', after: title, message: `mandatory in Zoho (Deal_Name) and empty; placeholder "${title}" written` });
  }
  const notes = richTextToPlainText(plan.raw('notes'));
  if (isProblem(notes)) plan.issues.add({ field: 'notesText', rule: notes.problem, severity: 'WARNING', action: 'KEPT', before: 'rich text', after: 'raw source text', message: 'rich text could not be read; the source text is kept' });
  const fields = {
    title,
    status: plan.tidy('status'),
    presentedDate: plan.date('presentedDate'),
    notesText: isProblem(notes) ? plan.raw('notes') : notes,
    cdtCodes: [...new Set(procedures.map((p) => p.code).filter((c): c is string => c !== null))].sort().join(',') || null,
    teeth: [...teeth.entries()].sort((a, b) => a[1] - b[1]).map(([u]) => u).join(',') || null,
    phases: [...new Set(procedures.map((p) => p.phase).filter((p): p is number => p !== null))].sort((a, b) => a - b).join(',') || null,
    procedures: procedures.map((p) => [`phase ${p.phase ?? '-'}`, p.code ?? '-', designationText(p.teeth, p.teethText), p.description ?? '-', p.fee ?? '-', p.status ?? '-'].join(' | ')).join('\n') || null,
    totalFee: fees.length > 0 ? money(fees.reduce((a, b) => a + b, 0)) : null,
    procedureCount: procedures.length,
    sourceCreatedAt: plan.dateTime('createdAt', 'sourceCreatedAt'),
    sourceModifiedAt: plan.dateTime('modifiedAt', 'sourceModifiedAt'),
  };
  const { fields: fitted, overflow } = applyLengthRules('treatment_plan', fields, ctx.overlong, plan.issues);
  return { entity: 'treatment_plan', recordKey, operation: 'UPSERT', parents, fields: fitted, issues: [...plan.issues.issues, ...rowIssues], overflow };
}
