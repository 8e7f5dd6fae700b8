import type { ReconciliationReported } from '@panda2zoho/events';

/** A mismatch with its two values, as GET /reconciliation?values=1 answers (to a token holder only). */
export interface MismatchValues {
  entity: string;
  locationId: string;
  recordKey: string;
  field: string;
  kind: string;
  sent: string | null;
  actual: string | null;
}

/** A letter template exported by `panda2zoho letters templates` (its templates.json). */
export interface ExportedTemplateRef {
  locationId: string;
  templateId: string;
  name: string;
  file: string;
  mergeFields: string[];
}

export type ReconciliationResponse = ReconciliationReported & { details?: MismatchValues[]; letterTemplates?: ExportedTemplateRef[] };

interface Table {
  header: string[];
  rows: string[][];
}
interface Section {
  title: string;
  intro?: string;
  table?: Table;
  items?: string[];
}

/** Mismatches listed in a report; the JSON keeps every one. */
export const MAX_LISTED_MISMATCHES = 1000;

const yes = (b: boolean) => (b ? 'yes' : '**NO**');
const n = (v: number) => String(v);

/** The report as sections: one model, rendered to Markdown or HTML, so both say the same. */
export function reportSections(report: ReconciliationResponse): { title: string; sections: Section[] } {
  const overall = report.entities.every((e) => e.match);
  const withValues = report.details !== undefined;
  const sections: Section[] = [
    {
      title: 'Summary',
      intro:
        `Overall: ${overall ? 'match' : '**MISMATCH**'}. Cutover: ${report.ready ? 'READY' : `**BLOCKED** (${report.blockers.length} blockers)`}. ` +
        `Fields compared: ${report.sample === null ? 'every written record' : `a deterministic sample of ${report.sample} records per entity`}.`,
      table: {
        header: ['entity', 'Zoho module', 'source', 'normalized', 'expected', 'written (ledger)', 'Zoho', 'failed', 'dead letters', 'issues (ERROR)', 'fields compared', 'mismatches', 'match'],
        rows: report.entities.map((e) => [
          e.entity,
          e.module,
          n(e.source),
          n(e.normalized),
          n(e.resolved),
          n(e.written),
          e.zohoReadBack ? n(e.zoho) : 'not read back',
          n(e.failed),
          n(e.deadLettered),
          `${e.openIssues} (${e.blockingIssues})`,
          n(e.fieldsCompared),
          n(e.fieldMismatches),
          yes(e.match),
        ]),
      },
    },
    {
      title: 'Per entity and location',
      table: {
        header: ['entity', 'location', 'source', 'normalized', 'expected', 'written', 'Zoho', 'failed', 'issues (ERROR)', 'mismatches', 'match'],
        rows: report.entities.flatMap((e) =>
          e.locations.map((l) => [e.entity, l.locationId, n(l.source), n(l.normalized), n(l.resolved), n(l.written), e.zohoReadBack ? n(l.zoho) : '—', n(l.failed), `${l.openIssues} (${l.blockingIssues})`, n(l.fieldMismatches), yes(l.match)]),
        ),
      },
    },
    {
      title: 'Cutover blockers',
      items: report.blockers.length === 0 ? ['none: ready for cutover'] : report.blockers.map((b) => `${b.kind}${b.entity ? ` ${b.entity}` : ''}${b.locationId ? ` @ ${b.locationId}` : ''}: ${b.detail}`),
    },
  ];
  const listed = (withValues ? report.details! : report.mismatches).slice(0, MAX_LISTED_MISMATCHES);
  sections.push({
    title: 'Field mismatches',
    intro:
      report.mismatches.length === 0
        ? 'none'
        : `${report.mismatches.length} mismatches${report.mismatches.length > listed.length ? `, the first ${listed.length} listed` : ''}. ` +
          (withValues ? 'Values shown: this report holds patient data.' : 'Values are not shown (`--show-values` with the reconciler token shows them).'),
    ...(listed.length === 0
      ? {}
      : {
          table: {
            header: ['entity', 'location', 'record key', 'field', 'kind', ...(withValues ? ['last written', 'in Zoho now'] : [])],
            rows: listed.map((m) => {
              const values = withValues ? [(m as MismatchValues).sent ?? '', (m as MismatchValues).actual ?? ''] : [];
              return [m.entity, m.locationId, m.recordKey, m.field, m.kind, ...values];
            }),
          },
        }),
  });
  sections.push({
    title: 'Data-quality issues per rule',
    ...(report.issues.length === 0
      ? { intro: 'none' }
      : { table: { header: ['entity', 'location', 'rule', 'severity', 'count'], rows: report.issues.map((i) => [i.entity, i.locationId, i.rule, i.severity, n(i.count)]) } }),
  });
  if (report.letterTemplates !== undefined) {
    sections.push({
      title: 'Letter templates (rebuild as Zoho e-mail templates)',
      ...(report.letterTemplates.length === 0
        ? { intro: 'none exported' }
        : { table: { header: ['location', 'template', 'name', 'file', 'merge fields'], rows: report.letterTemplates.map((t) => [t.locationId, t.templateId, t.name, t.file, t.mergeFields.join(', ')]) } }),
    });
  }
  sections.push({
    title: 'Dead letters',
    ...(report.deadLetters.length === 0
      ? { intro: 'none' }
      : { table: { header: ['service', 'entity', 'count'], rows: report.deadLetters.map((d) => [d.service, d.entity, n(d.count)]) } }),
  });
  sections.push({
    title: 'Consumer lag',
    ...(report.lag.length === 0 ? { intro: 'no consumer group found' } : { table: { header: ['stage', 'topic', 'lag'], rows: report.lag.map((l) => [l.stage, l.topic, n(l.lag)]) } }),
  });
  return { title: `Reconciliation ${new Date(report.generatedAtMs).toISOString()}`, sections };
}

const mdCell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function renderMarkdown(report: ReconciliationResponse): string {
  const { title, sections } = reportSections(report);
  const out = [`# ${title}`, ''];
  for (const s of sections) {
    out.push(`## ${s.title}`, '');
    if (s.intro) out.push(s.intro, '');
    if (s.items) out.push(...s.items.map((i) => `- ${mdCell(i)}`), '');
    if (s.table) {
      out.push(`| ${s.table.header.map(mdCell).join(' | ')} |`, `|${s.table.header.map(() => '---').join('|')}|`);
      out.push(...s.table.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`), '');
    }
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The Markdown emphasis the sections use, as HTML (after escaping). */
const strong = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`(.+?)`/g, '<code>$1</code>');

/** Table cells hold record keys and values as they are: only our own NO marker becomes emphasis. */
const cell = (c: string) => (c === yes(false) ? '<strong>NO</strong>' : esc(c));

export function renderHtml(report: ReconciliationResponse): string {
  const { title, sections } = reportSections(report);
  const body = sections.map((s) => {
    const parts = [`<h2>${esc(s.title)}</h2>`];
    if (s.intro) parts.push(`<p>${strong(s.intro)}</p>`);
    if (s.items) parts.push(`<ul>${s.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`);
    if (s.table) {
      parts.push(
        `<table><thead><tr>${s.table.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
          s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
    }
    return parts.join('\n');
  });
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;margin-bottom:1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}strong{color:#b00}</style>',
    `</head><body><h1>${esc(title)}</h1>`,
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
