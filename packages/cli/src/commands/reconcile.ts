import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { ReconciliationReported } from '@panda2zoho/events';
import { CliError, EXIT } from '../exit-codes.ts';
import { reconcilerUrl } from '../local-defaults.ts';
import { renderHtml, renderMarkdown, type ReconciliationResponse } from './reconcile-report.ts';
import { readTemplateIndex, TEMPLATE_INDEX } from './letters.ts';

export interface FetchReconciliationOptions {
  /** Compare the fields of this many records per entity (a deterministic sample) instead of all. */
  sample?: number;
  /** The reconciler's P2Z_RECONCILER_TOKEN: asks for mismatch values (patient data). */
  valuesToken?: string;
}

export async function fetchReconciliation(url: string, options: FetchReconciliationOptions = {}): Promise<ReconciliationResponse> {
  const query = new URLSearchParams();
  if (options.sample !== undefined) query.set('sample', String(options.sample));
  if (options.valuesToken) query.set('values', '1');
  let response: Response;
  try {
    response = await fetch(`${url}/reconciliation${query.size > 0 ? `?${query.toString()}` : ''}`, {
      signal: AbortSignal.timeout(300_000),
      ...(options.valuesToken ? { headers: { Authorization: `Bearer ${options.valuesToken}` } } : {}),
    });
  } catch (error) {
    throw new CliError(`the reconciler at ${url} does not answer: is the pipeline running? (npm start, or panda2zoho pipeline up)${error instanceof Error ? ` (${error.message})` : ''}`, EXIT.PRECONDITION);
  }
  if (!response.ok) {
    const code = ((await response.json().catch(() => null)) as { code?: string } | null)?.code;
    throw new Error(`the reconciler answered HTTP ${response.status}${code ? ` ${code}` : ''}`);
  }
  return (await response.json()) as ReconciliationResponse;
}

/** The short console table the demo prints. */
export function formatReconciliation(report: ReconciliationReported): string {
  const header = ['entity', 'source', 'resolved', 'written', 'zoho', 'dead-lettered', 'match'];
  const rows = report.entities.map((e) => [e.entity, e.source, e.resolved, e.written, e.zoho, e.deadLettered, e.match ? 'yes' : 'NO'].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [`Reconciliation ${new Date(report.generatedAtMs).toISOString()}`, line(header), ...rows.map(line)].join('\n');
}

/**
 * The machine-readable form. `entities` keeps its first shape (source, resolved, written, zoho,
 * deadLettered, match per entity) for the consumers that read it; the rest is per entity and location
 * in `details`, plus readiness. Counts, record keys and field names only: never a field value.
 */
export function reconciliationJson(report: ReconciliationReported & { letterTemplates?: ReconciliationResponse['letterTemplates'] }): Record<string, unknown> {
  return {
    generatedAt: new Date(report.generatedAtMs).toISOString(),
    match: report.entities.every((e) => e.match),
    ready: report.ready,
    sample: report.sample,
    entities: Object.fromEntries(
      report.entities.map((e) => [e.entity, { source: e.source, resolved: e.resolved, written: e.written, zoho: e.zoho, deadLettered: e.deadLettered, match: e.match }]),
    ),
    details: Object.fromEntries(
      report.entities.map((e) => [
        e.entity,
        {
          module: e.module,
          source: e.source,
          normalized: e.normalized,
          resolved: e.resolved,
          written: e.written,
          zoho: e.zohoReadBack ? e.zoho : null,
          failed: e.failed,
          deadLettered: e.deadLettered,
          openIssues: e.openIssues,
          blockingIssues: e.blockingIssues,
          fieldsCompared: e.fieldsCompared,
          fieldMismatches: e.fieldMismatches,
          match: e.match,
          locations: Object.fromEntries(e.locations.map(({ locationId, ...row }) => [locationId, { ...row, zoho: e.zohoReadBack ? row.zoho : null }])),
        },
      ]),
    ),
    blockers: report.blockers,
    mismatches: report.mismatches,
    issues: report.issues,
    deadLetters: report.deadLetters,
    lag: report.lag,
    ...(report.letterTemplates ? { letterTemplates: report.letterTemplates } : {}),
  };
}

export const positiveInteger = (what: string) => (value: string) => {
  const n = Number(value);
  // InvalidArgumentError: a usage error (exit 64), with the command's help hint.
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
};

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('source, ledger and Zoho per entity and location, field by field: a report (Markdown or HTML) or JSON; exit 1 unless everything matches')
    .option('--json', 'print JSON for machines (counts, record keys and field names; never values)')
    .option('--format <format>', 'md or html', 'md')
    .option('--out <file>', 'write the report (or JSON) to this file instead of stdout')
    .option('--sample <n>', 'compare the fields of a deterministic sample of N records per entity (large runs)', positiveInteger('--sample'))
    .option('--show-values', 'list both values of each mismatch (patient data): needs P2Z_RECONCILER_TOKEN')
    .option('--url <url>', 'the reconciler service', reconcilerUrl())
    .option('--templates <dir>', 'list the letter templates `panda2zoho letters templates` exported to this folder')
    .action(async (opts: { json?: boolean; format: string; out?: string; sample?: number; showValues?: boolean; url: string; templates?: string }) => {
      if (opts.format !== 'md' && opts.format !== 'html') throw new CliError(`--format must be md or html, got ${JSON.stringify(opts.format)}`, EXIT.USAGE);
      const token = process.env['P2Z_RECONCILER_TOKEN'];
      if (opts.showValues && !token) throw new CliError('--show-values needs P2Z_RECONCILER_TOKEN (the reconciler’s token) in the environment', EXIT.PRECONDITION);
      if (opts.showValues && opts.json) throw new CliError('--show-values applies to the report, not to --json (JSON never carries values)', EXIT.USAGE);
      const fetched = await fetchReconciliation(opts.url, { ...(opts.sample ? { sample: opts.sample } : {}), ...(opts.showValues && token ? { valuesToken: token } : {}) });
      const templates = opts.templates ? readTemplateIndex(opts.templates) : null;
      if (opts.templates && templates === null) throw new CliError(`no ${TEMPLATE_INDEX} in ${opts.templates}: run \`panda2zoho letters templates\` first`, EXIT.PRECONDITION);
      const report = templates ? { ...fetched, letterTemplates: templates } : fetched;
      const text = opts.json ? JSON.stringify(reconciliationJson(report), null, 2) : opts.format === 'html' ? renderHtml(report) : renderMarkdown(report);
      if (opts.out) {
        // A report with values holds patient data: readable by its owner only.
        writeFileSync(opts.out, `${text}\n`, { mode: opts.showValues ? 0o600 : 0o644 });
        console.error(`wrote ${opts.out}`);
      } else {
        console.log(text);
      }
      if (!report.entities.every((e) => e.match)) process.exitCode = 1;
    });
}
