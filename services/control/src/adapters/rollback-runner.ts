export interface RollbackOutcome {
  complete: boolean;
  /** Per module: deleted, restored, already gone, skipped, failed, pending. */
  modules: Record<string, Record<string, number>>;
  problems: number;
}

export interface RollbackJob {
  runId: string;
  actor: string;
  startedAtMs: number;
  /** Progress lines (modules, counts, ids: no PHI). */
  lines: string[];
  finishedAtMs: number | null;
  outcome: RollbackOutcome | null;
  error: string | null;
}

export type RunRollback = (runId: string, actor: string, progress: (line: string) => void) => Promise<RollbackOutcome>;

/**
 * One rollback at a time, started from the console and run in the background (it waits for the writer
 * step by step, which takes minutes); the page shows its progress. A rollback is resumable: starting
 * the same run again after a restart continues where it stopped.
 */
export class RollbackRunner {
  current: RollbackJob | null = null;

  constructor(
    private readonly run: RunRollback,
    private readonly now: () => number = Date.now,
  ) {}

  running(): boolean {
    return this.current !== null && this.current.finishedAtMs === null;
  }

  /** false when one is already running. */
  start(runId: string, actor: string, onDone: (job: RollbackJob) => Promise<void>): boolean {
    if (this.running()) return false;
    const job: RollbackJob = { runId, actor, startedAtMs: this.now(), lines: [], finishedAtMs: null, outcome: null, error: null };
    this.current = job;
    void this.run(runId, actor, (line) => job.lines.push(line))
      .then((outcome) => {
        job.outcome = outcome;
      })
      .catch((error: unknown) => {
        job.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        job.finishedAtMs = this.now();
        return onDone(job).catch(() => undefined);
      });
    return true;
  }
}
