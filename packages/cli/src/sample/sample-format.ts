import type { SampleDiff } from './sample-diff.ts';

const show = (v: string | null) => (v === null ? '∅' : JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v));
const DIFFERENCE = new Set(['differs', 'not-written', 'missing']);

/**
 * The diff for the operator's terminal: a summary per entity, then per record each field as
 * `source field → Zoho field: source value → Zoho value [status]` (differences marked `!`). This is
 * the one place patient values are displayed; it is written to stdout only, never to a log.
 */
export function formatSampleDiff(sampleId: string, diff: SampleDiff, options: { differencesOnly: boolean }): string {
  const header = ['entity', 'records', 'written', 'in Zoho', 'same', 'changed', 'derived', 'differs', 'not written', 'missing'];
  const rows = diff.entities.map((e) => [e.entity, e.expected, e.written, e.inZoho, e.same, e.changed, e.derived, e.differs, e.notWritten, e.missing].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`Sample ${sampleId}: ${diff.matches} fields match, ${diff.differences} differences`, line(header), ...rows.map(line), ''];
  let record = '';
  for (const f of diff.fields) {
    if (options.differencesOnly && !DIFFERENCE.has(f.status)) continue;
    if (f.recordKey !== record) {
      record = f.recordKey;
      out.push(`${f.entity} ${f.recordKey}`);
    }
    const mark = DIFFERENCE.has(f.status) ? '!' : ' ';
    out.push(`  ${mark} ${f.sourceField ?? '—'} → ${f.zohoField ?? '—'}: ${show(f.sourceValue)} → ${show(f.zohoValue)}  [${f.status}]`);
  }
  out.push('', 'same: source = Zoho · changed: the pipeline transformed it and Zoho holds what was sent · derived: no source column');
  out.push('differs: Zoho holds something else than was sent · not written: a mapped source value the writer did not send · missing: not in Zoho');
  return out.join('\n');
}
