/**
 * Progress of long work (migrate, sample, rollback, cutover): per entity a count, a rate, an ETA, and
 * the Zoho credits used. `formatProgress` is pure; `ProgressRenderer` draws it on stderr: bars redrawn
 * in place on a terminal, plain lines (at most one every few seconds, and only when something moved)
 * otherwise, nothing with `--json` (stdout stays one JSON document). Labels and counts only: no PHI.
 */
export interface ProgressRow {
  label: string;
  done: number;
  /** null: unknown (no bar, no ETA). */
  total: number | null;
}

export interface ProgressSnapshot {
  rows: ProgressRow[];
  elapsedMs: number;
  /** Credits spent so far, when known. */
  credits: number | null;
  /** A short status (what is being waited for). */
  note?: string;
}

const BAR = 24;

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line per row: label, bar, done/total, rate per second, ETA; then a totals line with credits. */
export function formatProgress(p: ProgressSnapshot, options: { bars: boolean }): string[] {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  const width = Math.max(6, ...p.rows.map((r) => r.label.length));
  const line = (r: ProgressRow) => {
    const rate = r.done / seconds;
    const total = r.total ?? null;
    const complete = total !== null && r.done >= total;
    const eta = total === null ? '' : complete ? 'done' : rate > 0 ? `ETA ${duration(((total - r.done) / rate) * 1000)}` : 'ETA –';
    const filled = total && total > 0 ? Math.min(BAR, Math.round((r.done / total) * BAR)) : 0;
    const bar = options.bars && total !== null ? `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ` : '';
    return `${r.label.padEnd(width)} ${bar}${r.done}${total === null ? '' : `/${total}`}  ${rate.toFixed(1)}/s  ${eta}`.trimEnd();
  };
  const done = p.rows.reduce((n, r) => n + r.done, 0);
  const knownTotal = p.rows.every((r) => r.total !== null) ? p.rows.reduce((n, r) => n + (r.total ?? 0), 0) : null;
  const totals = `${'total'.padEnd(width)} ${done}${knownTotal === null ? '' : `/${knownTotal}`} in ${duration(p.elapsedMs)}, credits ${p.credits === null ? 'n/a' : p.credits}${p.note ? ` · ${p.note}` : ''}`;
  return [...p.rows.map(line), totals];
}

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressRenderer {
  private drawn = 0;
  private lastPlain = '';
  private lastPlainAt = -Infinity;
  private readonly startedAt: number;

  constructor(
    private readonly out: ProgressOutput,
    private readonly options: { json: boolean; now?: () => number; plainEveryMs?: number } = { json: false },
  ) {
    this.startedAt = this.now();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  update(rows: ProgressRow[], credits: number | null = null, note?: string): void {
    if (this.options.json) return;
    const snapshot = { rows, elapsedMs: this.elapsedMs, credits, ...(note ? { note } : {}) };
    if (this.out.isTTY) {
      const lines = formatProgress(snapshot, { bars: true });
      // Move up over the previous drawing and overwrite it, line by line.
      const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
      this.out.write(`${up}${lines.map((l) => `\x1b[2K${l}\n`).join('')}`);
      this.drawn = lines.length;
      return;
    }
    const key = JSON.stringify(rows.map((r) => [r.done, r.total]));
    if (key === this.lastPlain || this.now() - this.lastPlainAt < (this.options.plainEveryMs ?? 5_000)) return;
    this.lastPlain = key;
    this.lastPlainAt = this.now();
    this.out.write(`${formatProgress(snapshot, { bars: false }).join(' | ')}\n`);
  }

  /** A message between updates (the next update draws below it). */
  log(line: string): void {
    if (this.options.json) return;
    this.out.write(`${line}\n`);
    this.drawn = 0;
  }

  /** The final state, always printed once (also when not a terminal and nothing moved lately). */
  finish(rows: ProgressRow[], credits: number | null = null, note?: string): void {
    this.lastPlainAt = -Infinity;
    this.lastPlain = '';
    this.update(rows, credits, note);
    this.drawn = 0;
  }
}
