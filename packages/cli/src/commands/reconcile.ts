import type { Command } from 'commander';
import type { ReconciliationReported } from '@panda2zoho/events';
import { reconcilerUrl } from '../local-defaults.ts';

export async function fetchReconciliation(url: string): Promise<ReconciliationReported> {
  let response: Response;
  try {
    response = await fetch(`${url}/reconciliation`, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(`the reconciler at ${url} does not answer: is the pipeline running? (npm start, or panda2zoho pipeline up)`, { cause: error });
  }
  if (!response.ok) throw new Error(`the reconciler answered HTTP ${response.status}`);
  return (await response.json()) as ReconciliationReported;
}

export function formatReconciliation(report: ReconciliationReported): string {
  const header = ['entity', 'source', 'resolved', 'written', 'zoho', 'dead-lettered', 'match'];
  const rows = report.entities.map((e) => [e.entity, e.source, e.resolved, e.written, e.zoho, e.deadLettered, e.match ? 'yes' : 'NO'].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [`Reconciliation ${new Date(report.generatedAtMs).toISOString()}`, line(header), ...rows.map(line)].join('\n');
}

/** The machine-readable form: per entity, source and zoho counts and whether they match. */
export function reconciliationJson(report: ReconciliationReported): Record<string, unknown> {
  return {
    generatedAt: new Date(report.generatedAtMs).toISOString(),
    match: report.entities.every((e) => e.match),
    entities: Object.fromEntries(
      report.entities.map((e) => [e.entity, { source: e.source, resolved: e.resolved, written: e.written, zoho: e.zoho, deadLettered: e.deadLettered, match: e.match }]),
    ),
  };
}

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('source against Zoho, per entity')
    .option('--json', 'print JSON for machines')
    .option('--url <url>', 'the reconciler service', reconcilerUrl())
    .action(async (opts: { json?: boolean; url: string }) => {
      const report = await fetchReconciliation(opts.url);
      console.log(opts.json ? JSON.stringify(reconciliationJson(report), null, 2) : formatReconciliation(report));
      if (!report.entities.every((e) => e.match)) process.exitCode = 1;
    });
}
