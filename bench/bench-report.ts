import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Shared by every bench/*.bench.ts: timing with peak RSS sampling, and bench/results/<name>.json.

export interface Measurement {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** Highest RSS sampled during this measurement (MiB). */
  peakRssMiB: number;
  [extra: string]: unknown;
}

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** Runs `work`, sampling RSS every 250 ms and whenever `work` calls `sample()` (say every 10,000 rows). */
export async function measure(name: string, work: (sample: () => void) => Promise<{ rows: number; [extra: string]: unknown }> | { rows: number; [extra: string]: unknown }): Promise<Measurement> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 250);
  const started = process.hrtime.bigint();
  try {
    const { rows, ...extra } = await work(sample);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    sample();
    const m: Measurement = { name, rows, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(rows / seconds), peakRssMiB: mib(peak), ...extra };
    console.log(`  ${name}: ${m.rows.toLocaleString('en-US')} rows in ${m.seconds} s = ${m.rowsPerSecond.toLocaleString('en-US')} rows/s, peak RSS ${m.peakRssMiB} MiB`);
    return m;
  } finally {
    clearInterval(timer);
  }
}

export function machine(): Record<string, unknown> {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

export function writeBenchResult(name: string, body: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, ranAt: new Date().toISOString(), machine: machine(), ...body, processPeakRssMiB: mib(process.resourceUsage().maxRSS * 1024) }, null, 2)}\n`);
  return file;
}
