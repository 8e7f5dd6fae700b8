import type { Command } from 'commander';
import type { CutoverBlocker } from '@panda2zoho/events';
import { EXIT } from '../exit-codes.ts';
import { LOCAL_PORTS, reconcilerUrl } from '../local-defaults.ts';
import { writerCredits, writerUrl } from '../metric-sum.ts';
import { ProgressRenderer, type ProgressRow } from '../progress.ts';
import { fetchReconciliation, positiveInteger } from './reconcile.ts';

export interface CutoverCheck {
  ready: boolean;
  blockers: CutoverBlocker[];
  /** Per entity: records in Zoho of those expected (for the progress bars). */
  rows?: ProgressRow[];
}

export interface WaitOptions {
  check: () => Promise<CutoverCheck>;
  timeoutMs: number;
  intervalMs: number;
  /** Called with the blockers whenever they change (and once at the start). */
  onBlockers: (blockers: CutoverBlocker[]) => void;
  /** Every check's result (progress). */
  onCheck?: (check: CutoverCheck) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type WaitResult = { ready: true; waitedMs: number } | { ready: false; waitedMs: number; blockers: CutoverBlocker[] };

export const describeBlocker = (b: CutoverBlocker) => `${b.kind}${b.entity ? ` ${b.entity}` : ''}${b.locationId ? ` @ ${b.locationId}` : ''}: ${b.detail}`;

/**
 * Polls readiness until it holds or the time is up. A check that fails (the reconciler restarting)
 * counts as not ready and is retried; only the deadline ends the wait.
 */
export async function waitForCutover(options: WaitOptions): Promise<WaitResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  let last = '';
  let blockers: CutoverBlocker[] = [];
  for (;;) {
    try {
      const check = await options.check();
      options.onCheck?.(check);
      if (check.ready) return { ready: true, waitedMs: now() - start };
      blockers = check.blockers;
    } catch (error) {
      blockers = [{ kind: 'UNREACHABLE', entity: null, locationId: null, detail: error instanceof Error ? error.message : String(error) }];
    }
    const shown = blockers.map(describeBlocker).join('\n');
    if (shown !== last) options.onBlockers(blockers);
    last = shown;
    if (now() - start + options.intervalMs > options.timeoutMs) return { ready: false, waitedMs: now() - start, blockers };
    await sleep(options.intervalMs);
  }
}

export function registerCutoverCommand(program: Command): void {
  program
    .command('cutover')
    .description('wait for cutover readiness (every stage drained, counts and fields equal, no ERROR issue, no dead letter), printing what blocks it; exit 0 when ready, 2 on timeout')
    .option('--timeout <seconds>', 'give up after this long', positiveInteger('--timeout'), 600)
    .option('--interval <seconds>', 'between checks (each reads Zoho back: COQL credits)', positiveInteger('--interval'), 15)
    .option('--sample <n>', 'compare the fields of a deterministic sample of N records per entity', positiveInteger('--sample'))
    .option('--json', 'print the outcome as JSON')
    .option('--url <url>', 'the reconciler service', reconcilerUrl())
    .action(async (opts: { timeout: number; interval: number; sample?: number; json?: boolean; url: string }) => {
      const progress = new ProgressRenderer(process.stderr, { json: opts.json ?? false });
      const credits = writerCredits(writerUrl(LOCAL_PORTS.services['zoho-writer']));
      const result = await waitForCutover({
        check: async () => {
          const r = await fetchReconciliation(opts.url, opts.sample ? { sample: opts.sample } : {});
          return { ready: r.ready, blockers: r.blockers, rows: r.entities.map((e) => ({ label: e.entity, done: e.zoho, total: e.resolved })) };
        },
        onCheck: (check) => {
          if (check.rows) void credits().then((spent) => progress.update(check.rows!, spent, check.ready ? 'ready' : `${check.blockers.length} blocker(s)`));
        },
        timeoutMs: opts.timeout * 1000,
        intervalMs: opts.interval * 1000,
        onBlockers: (blockers) => {
          progress.log(`${new Date().toISOString()} not ready:`);
          for (const b of blockers) progress.log(`  ${describeBlocker(b)}`);
        },
      });
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else if (result.ready) console.log(`Ready for cutover (after ${Math.round(result.waitedMs / 1000)} s).`);
      else console.error(`Not ready after ${opts.timeout} s; blocked by:\n${result.blockers.map((b) => `  ${describeBlocker(b)}`).join('\n')}`);
      process.exitCode = result.ready ? EXIT.OK : EXIT.TIMEOUT;
    });
}
