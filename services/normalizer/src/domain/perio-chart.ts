import type { SourceRecordChanged } from '@panda2zoho/events';
import { isProblem } from './domain-problem.ts';
import type { NormalizeContext } from './normalize-context.ts';
import type { NormalizedRecord, ParentRef } from './normalized-record.ts';
import {
  bleedingOnProbingPercent, clinicalAttachmentLevel, parseFurcation, parseMobility, parsePerioFlag, parseRecessionClass, parseSiteName,
  recessionFromGingivalMargin, PANDA_GINGIVAL_MARGIN_CONVENTION, type Furcation, type MillerMobility, type RecessionClass, type SiteName,
} from './perio-values.ts';
import { provisionalStage, stagingFindings } from './provisional-stage.ts';
import { richTextToPlainText } from './rich-text.ts';
import { recordKeyOf, RowReader } from './row-reader.ts';
import { parseToothLabel, parseToothNumbering, type Tooth, type ToothNumbering } from './tooth-numbers.ts';
import { applyLengthRules } from './zoho-field-rules.ts';

/** The rows of one exam as the normalizer holds them (assembly-state.ts); sites and teeth in any order. */
export interface ChartRows {
  readonly exam: SourceRecordChanged;
  readonly sites: readonly SourceRecordChanged[];
  readonly teeth: readonly SourceRecordChanged[];
}

interface SiteValues {
  tooth: Tooth | null;
  rawTooth: string;
  site: SiteName | null;
  pd: number | null;
  cal: number | null;
  bleeding: boolean | null;
  suppuration: boolean | null;
  plaque: boolean | null;
}

interface ToothValues {
  tooth: Tooth | null;
  rawTooth: string;
  furcation: Furcation | null;
  furcationRaw: string | null;
  mobility: MillerMobility | null;
  recession: RecessionClass | null;
  recessionRaw: string | null;
  missing: boolean;
  implant: boolean;
}

const SITE_ORDER: readonly SiteName[] = ['DB', 'B', 'MB', 'DL', 'L', 'ML'];

/** Universal order: permanent 1–32, primary A–T, then supernumeraries; unreadable labels last, by label. */
function toothOrder(t: Tooth | null, raw: string): string {
  if (!t) return `9|${raw}`;
  if (/^\d+$/.test(t.universal)) return `${Number(t.universal) > 32 ? 3 : 1}|${t.universal.padStart(3, '0')}`;
  return `${t.supernumerary ? 4 : 2}|${t.universal.padStart(3, ' ')}`;
}

const bySourceKey = (a: SourceRecordChanged, b: SourceRecordChanged) => (a.source.sourceKey < b.source.sourceKey ? -1 : a.source.sourceKey > b.source.sourceKey ? 1 : 0);

function readTooth(r: RowReader, numbering: ToothNumbering): { tooth: Tooth | null; raw: string } {
  const raw = r.text('tooth') ?? '';
  const tooth = parseToothLabel(raw, numbering);
  if (isProblem(tooth)) {
    r.issues.add({ field: 'findings', rule: tooth.problem, severity: 'WARNING', action: 'KEPT', before: `tooth "${raw}" (${numbering})`, after: 'raw label kept', message: `tooth label not readable in ${numbering}; kept as written` });
    return { tooth: null, raw };
  }
  return { tooth, raw };
}

function flag(r: RowReader, field: string): boolean | null {
  const value = parsePerioFlag(r.raw(field));
  if (!isProblem(value)) return value;
  r.issues.add({ field: 'findings', rule: value.problem, severity: 'WARNING', action: 'NULLED', before: `${field} "${r.text(field)}"`, after: 'not recorded', message: `${field} spelling not recognised; treated as not recorded` });
  return null;
}

function readSite(row: SourceRecordChanged, ctx: NormalizeContext, numbering: ToothNumbering, issues: RowReader['issues']['issues']): SiteValues {
  const r = new RowReader(row, ctx);
  const { tooth, raw } = readTooth(r, numbering);
  const siteName = parseSiteName(r.raw('site'));
  if (isProblem(siteName)) r.issues.add({ field: 'findings', rule: siteName.problem, severity: 'WARNING', action: 'DROPPED', before: `site "${r.text('site') ?? ''}"`, message: 'site name not recognised; the site is left out of the chart' });
  const pd = r.long('probingDepthMm');
  const recession = recessionFromGingivalMargin(r.long('gingivalMarginMm'), PANDA_GINGIVAL_MARGIN_CONVENTION);
  let cal: number | null = null;
  if (isProblem(recession)) {
    r.issues.add({ field: 'findings', rule: recession.problem, severity: 'WARNING', action: 'NULLED', before: 'gingival margin out of range', message: 'gingival margin outside the physiological range; CAL not computed' });
  } else {
    const level = clinicalAttachmentLevel(pd, recession);
    if (isProblem(level)) r.issues.add({ field: 'findings', rule: level.problem, severity: 'WARNING', action: 'NULLED', before: 'out of range', message: 'probing depth or margin outside the physiological range; CAL not computed' });
    else cal = level;
  }
  const values = { tooth, rawTooth: raw, site: isProblem(siteName) ? null : siteName, pd, cal, bleeding: flag(r, 'bleeding'), suppuration: flag(r, 'suppuration'), plaque: flag(r, 'plaque') };
  issues.push(...r.issues.issues);
  return values;
}

function readToothRow(row: SourceRecordChanged, ctx: NormalizeContext, numbering: ToothNumbering, issues: RowReader['issues']['issues']): ToothValues {
  const r = new RowReader(row, ctx);
  const { tooth, raw } = readTooth(r, numbering);
  const furcation = parseFurcation(r.raw('furcation'));
  if (isProblem(furcation)) r.issues.add({ field: 'findings', rule: furcation.problem, severity: 'WARNING', action: 'KEPT', before: `furcation "${r.text('furcation')}"`, after: 'raw value kept', message: 'furcation grade not readable; the source text is kept' });
  const mobility = parseMobility(r.raw('mobility'));
  if (isProblem(mobility)) {
    const iv = mobility.problem === 'MOBILITY_GRADE_IV_NOT_MILLER';
    r.issues.add({
      field: 'findings', rule: mobility.problem, severity: 'WARNING', action: 'NULLED', before: `mobility "${r.text('mobility')}"`, after: 'null',
      message: iv ? 'Miller mobility has no grade IV (mislabelled scale); rejected, not mapped' : 'mobility not readable; left out',
    });
  }
  const recession = parseRecessionClass(r.raw('recessionClass'));
  if (isProblem(recession)) r.issues.add({ field: 'findings', rule: recession.problem, severity: 'WARNING', action: 'KEPT', before: `recession class "${r.text('recessionClass')}"`, after: 'raw value kept', message: 'recession class not readable; the source text is kept' });
  issues.push(...r.issues.issues);
  return {
    tooth, rawTooth: raw,
    furcation: isProblem(furcation) ? null : furcation, furcationRaw: isProblem(furcation) ? r.text('furcation') : null,
    mobility: isProblem(mobility) ? null : mobility,
    recession: isProblem(recession) ? null : recession, recessionRaw: isProblem(recession) ? r.text('recessionClass') : null,
    missing: r.bool('missing') === true, implant: r.bool('implant') === true,
  };
}

const num = (v: number | null) => (v === null ? '-' : String(v));
const sitesWhere = (sites: SiteValues[], pick: (s: SiteValues) => boolean | null) => sites.filter((s) => pick(s) === true).map((s) => s.site).join(',') || 'none';

/** One line per tooth: Universal/FDI, PD and CAL per site ('DB B MB / DL L ML'), BOP/SUP/plaque sites, furcation, mobility, recession class. */
function findingLine(label: string, sites: SiteValues[], tooth: ToothValues | undefined): string {
  const at = (site: SiteName) => sites.find((s) => s.site === site);
  // Facial DB B MB / lingual DL L ML, '-' where not recorded.
  const row = (pick: (s: SiteValues) => number | null) => `${SITE_ORDER.slice(0, 3).map((n) => num(at(n) ? pick(at(n)!) : null)).join(' ')} / ${SITE_ORDER.slice(3).map((n) => num(at(n) ? pick(at(n)!) : null)).join(' ')}`;
  const parts = [label];
  if (sites.length > 0) {
    parts.push(`PD ${row((s) => s.pd)}`, `CAL ${row((s) => s.cal)}`, `BOP ${sitesWhere(sites, (s) => s.bleeding)}`, `SUP ${sitesWhere(sites, (s) => s.suppuration)}`, `plaque ${sitesWhere(sites, (s) => s.plaque)}`);
  }
  if (tooth) {
    if (tooth.missing) parts.push('missing');
    if (tooth.implant) parts.push('implant');
    if (tooth.furcation) parts.push(`furcation ${tooth.furcation.scale} ${tooth.furcation.scale === 'Glickman' ? ['0', 'I', 'II', 'III', 'IV'][tooth.furcation.grade] : tooth.furcation.grade}`);
    else if (tooth.furcationRaw) parts.push(`furcation "${tooth.furcationRaw}" (unread)`);
    if (tooth.mobility !== null) parts.push(`mobility Miller ${tooth.mobility}`);
    if (tooth.recession) parts.push(`recession ${tooth.recession.scale} ${tooth.recession.recessionClass}`);
    else if (tooth.recessionRaw) parts.push(`recession "${tooth.recessionRaw}" (unread)`);
  }
  return parts.join('; ');
}

const maxOf = (values: Array<number | null>) => values.reduce<number | null>((m, v) => (v !== null && (m === null || v > m) ? v : m), null);

/** Which numbering the exam's tooth labels use: its own ToothNumbering column, else the location's, else Universal. */
export function chartNumbering(exam: RowReader): ToothNumbering {
  const declared = exam.text('toothNumbering');
  const fallback = exam.ctx.toothNumberingOf(exam.input.source.locationId);
  if (declared === null) return fallback;
  const parsed = parseToothNumbering(declared);
  if (!isProblem(parsed)) return parsed;
  exam.issues.add({ field: 'toothNumbering', rule: parsed.problem, severity: 'WARNING', action: 'KEPT', before: `"${declared}"`, after: fallback, message: `declared tooth numbering not recognised; read as the location's ${fallback}` });
  return fallback;
}

/** An exam with its sites and teeth → one perio_chart record. Pure; the same rows in any order give the same record. */
export function assemblePerioChart(rows: ChartRows, ctx: NormalizeContext): NormalizedRecord {
  const loc = rows.exam.source.locationId;
  const recordKey = recordKeyOf(loc, 'perio_chart', rows.exam.source.sourceKey);
  const exam = new RowReader(rows.exam, ctx);
  const parent = (role: string, entity: string, field: string): ParentRef[] => {
    const id = exam.long(field);
    return id === null ? [] : [{ role, entity, recordKey: recordKeyOf(loc, entity, String(id)) }];
  };
  const parents = [...parent('patient', 'patient', 'patientId'), ...parent('provider', 'provider', 'providerId'), ...parent('compared_to', 'perio_chart', 'comparedToExamId')];
  if (rows.exam.operation === 'DELETE') return { entity: 'perio_chart', recordKey, operation: 'DELETE', parents, fields: null, issues: [], overflow: [] };

  const numbering = chartNumbering(exam);
  const rowIssues: RowReader['issues']['issues'] = [];
  const sites = [...rows.sites].sort(bySourceKey).map((s) => readSite(s, ctx, numbering, rowIssues)).filter((s) => s.site !== null);
  const teeth = [...rows.teeth].sort(bySourceKey).map((t) => readToothRow(t, ctx, numbering, rowIssues));

  const labels = new Map<string, { order: string; label: string }>();
  const labelOf = (t: Tooth | null, raw: string) => (t ? `#${t.universal}/${t.fdi}${t.primary ? ' primary' : ''}${t.supernumerary ? ' supernumerary' : ''}` : `tooth "${raw}" (${numbering}, unread)`);
  for (const v of [...sites, ...teeth]) labels.set(v.tooth?.universal ?? `raw:${v.rawTooth}`, { order: toothOrder(v.tooth, v.rawTooth), label: labelOf(v.tooth, v.rawTooth) });
  const findings = [...labels.entries()]
    .sort(([, a], [, b]) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map(([key, { label }]) => findingLine(label, sites.filter((s) => (s.tooth?.universal ?? `raw:${s.rawTooth}`) === key), teeth.find((t) => (t.tooth?.universal ?? `raw:${t.rawTooth}`) === key)))
    .join('\n');

  const probed = sites.filter((s) => s.pd !== null);
  const bop = bleedingOnProbingPercent(sites.map((s) => ({ probingDepthMm: s.pd, bleeding: s.bleeding })));
  const universalList = (pick: (t: ToothValues) => boolean) => teeth.filter((t) => pick(t) && t.tooth).sort((a, b) => (toothOrder(a.tooth, a.rawTooth) < toothOrder(b.tooth, b.rawTooth) ? -1 : 1)).map((t) => t.tooth!.universal).join(',') || null;
  const staging = stagingFindings(
    sites.filter((s) => s.tooth).map((s) => ({ universal: s.tooth!.universal, site: s.site!, probingDepthMm: s.pd, calMm: s.cal })),
    teeth.filter((t) => t.tooth).map((t) => ({ universal: t.tooth!.universal, present: !t.missing, furcation: t.furcation, mobility: t.mobility })),
  );
  // Provisional and stored beside the clinician's diagnosis, never in its place (provisional-stage.ts).
  const stage = probed.length > 0 ? provisionalStage(staging) : null;
  const notes = richTextToPlainText(exam.raw('notes'));
  if (isProblem(notes)) exam.issues.add({ field: 'notesText', rule: notes.problem, severity: 'WARNING', action: 'KEPT', before: 'rich text', after: 'raw source text', message: 'rich text could not be read; the source text is kept' });

  const fields = {
    examDate: exam.date('examDate'),
    examType: exam.tidy('examType'),
    toothNumbering: numbering,
    diagnosis: exam.raw('diagnosis'),
    notesText: isProblem(notes) ? exam.raw('notes') : notes,
    sitesProbed: probed.length,
    bleedingSites: probed.filter((s) => s.bleeding === true).length,
    bopPercent: isProblem(bop) ? null : bop.toFixed(1),
    maxProbingDepthMm: maxOf(sites.map((s) => s.pd)),
    maxCalMm: maxOf(sites.map((s) => s.cal)),
    teethPresent: staging.teethPresent,
    missingTeeth: universalList((t) => t.missing),
    implants: universalList((t) => t.implant),
    provisionalStage: stage === null ? null : stage.stage === null ? 'no periodontitis case (provisional)' : `Stage ${stage.stage} (provisional)`,
    provisionalStageBasis: stage === null ? null : stage.basis.join('; '),
    findings: findings === '' ? null : findings,
    sourceCreatedAt: exam.dateTime('createdAt', 'sourceCreatedAt'),
    sourceModifiedAt: exam.dateTime('modifiedAt', 'sourceModifiedAt'),
  };
  const { fields: fitted, overflow } = applyLengthRules('perio_chart', fields, ctx.overlong, exam.issues);
  return { entity: 'perio_chart', recordKey, operation: 'UPSERT', parents, fields: fitted, issues: [...exam.issues.issues, ...rowIssues], overflow };
}
