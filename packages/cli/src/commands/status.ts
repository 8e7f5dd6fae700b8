import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.ts';
import { reconcilerUrl } from '../local-defaults.ts';

export interface EntityStatus {
  entity: string;
  module: string;
  extracted: number;
  normalized: number;
  resolved: number;
  written: number;
  failed: number;
  lag: number;
}

export interface PipelineStatus {
  generatedAtMs: number;
  entities: EntityStatus[];
  lag: Array<{ stage: string; groupId: string; topic: string; entity: string | null; lag: number }>;
}

/** GET /status: the reconciler's read model and Kafka offsets, no Zoho call — fast. */
export async function fetchStatus(url: string): Promise<PipelineStatus> {
  let response: Response;
  try {
    response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new CliError(`the reconciler at ${url} does not answer: is the pipeline running? (npm start, or panda2zoho pipeline up)${error instanceof Error ? ` (${error.message})` : ''}`, EXIT.PRECONDITION);
  }
  if (!response.ok) throw new Error(`the reconciler answered HTTP ${response.status}`);
  return (await response.json()) as PipelineStatus;
}

export function formatStatus(status: PipelineStatus): string {
  const header = ['entity', 'module', 'extracted', 'normalized', 'resolved', 'written', 'failed', 'lag'];
  const rows = status.entities.map((e) => [e.entity, e.module, e.extracted, e.normalized, e.resolved, e.written, e.failed, e.lag].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const stages = new Map<string, number>();
  for (const l of status.lag) stages.set(l.stage, (stages.get(l.stage) ?? 0) + l.lag);
  return [
    `Status ${new Date(status.generatedAtMs).toISOString()}`,
    line(header),
    ...rows.map(line),
    '',
    `lag per stage: ${[...stages].map(([stage, lag]) => `${stage} ${lag}`).join(', ') || 'no consumer group found'}`,
  ].join('\n');
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('per entity: extracted, normalized, resolved, written, failed (dead letters + failed writes), lag — from the reconciler, without calling Zoho')
    .option('--json', 'print JSON for machines')
    .option('--url <url>', 'the reconciler service', reconcilerUrl())
    .action(async (opts: { json?: boolean; url: string }) => {
      const status = await fetchStatus(opts.url);
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatStatus(status));
    });
}
