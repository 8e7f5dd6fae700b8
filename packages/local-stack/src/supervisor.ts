import { spawn } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupAlive, processStartTicks, signalGroup } from './process-group.ts';
import { stackPaths, type StackConfig } from './stack-config.ts';

/**
 * A tiny `docker compose up -d` for plain processes: each one runs detached in its own process group,
 * appends stdout+stderr to `<stateDir>/logs/<name>.log`, and is remembered by `<stateDir>/run/<name>.pid`
 * (just the pid, so `kill $(cat x.pid)` works) plus `<name>.json` with what is needed to recognise it
 * later from another process: its start time (pid reuse) and the log offset where this run began.
 */

export interface DetachedSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface DetachedRecord {
  name: string;
  pid: number;
  /** Leader start time in clock ticks (Linux only); tells a recycled pid from ours. */
  startTicks?: number;
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  /** Byte offset in logFile where this run's output starts. */
  logOffset: number;
  startedAt: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function assertName(name: string): void {
  if (!NAME.test(name)) throw new Error(`invalid process name '${name}' (letters, digits, '.', '_', '-')`);
}

const pidFile = (cfg: StackConfig, name: string) => join(stackPaths(cfg).runDir, `${name}.pid`);
const recordFile = (cfg: StackConfig, name: string) => join(stackPaths(cfg).runDir, `${name}.json`);
export const logFileOf = (cfg: StackConfig, name: string) => join(stackPaths(cfg).logsDir, `${name}.log`);

function readPid(cfg: StackConfig, name: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(pidFile(cfg, name), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** The record of `name` if a pid file exists (alive or not). */
export function readRecord(cfg: StackConfig, name: string): DetachedRecord | undefined {
  assertName(name);
  const pid = readPid(cfg, name);
  if (pid === undefined) return undefined;
  try {
    const rec = JSON.parse(readFileSync(recordFile(cfg, name), 'utf8')) as DetachedRecord;
    if (rec.pid === pid) return rec;
  } catch {
    // pid file written by hand or by an older layout: fall through to a minimal record
  }
  return { name, pid, command: '', args: [], cwd: '', logFile: logFileOf(cfg, name), logOffset: 0, startedAt: '' };
}

function removeFiles(cfg: StackConfig, name: string): void {
  rmSync(pidFile(cfg, name), { force: true });
  rmSync(recordFile(cfg, name), { force: true });
}

const recordAlive = (rec: DetachedRecord) => groupAlive(rec.pid, rec.startTicks);

/** Whether `name` runs; a stale pid file (process gone) is removed on the way. */
export function isRunning(cfg: StackConfig, name: string): boolean {
  const rec = readRecord(cfg, name);
  if (!rec) return false;
  if (recordAlive(rec)) return true;
  removeFiles(cfg, name);
  return false;
}

/** Names with a pid file under stateDir/run, sorted. */
export function listDetached(cfg: StackConfig): string[] {
  let entries: string[];
  try {
    entries = readdirSync(stackPaths(cfg).runDir);
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Starts `spec` detached (own process group, no stdin, output appended to its log) and unrefs it, so it
 * outlives the caller. Refuses a second copy of a running name. Resolves once the OS has spawned it; whether
 * it then becomes healthy is the caller's readiness check.
 */
export async function startDetached(cfg: StackConfig, spec: DetachedSpec): Promise<{ pid: number; logFile: string }> {
  assertName(spec.name);
  const { runDir, logsDir } = stackPaths(cfg);
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  if (isRunning(cfg, spec.name)) {
    throw new Error(`${spec.name} is already running (pid ${readPid(cfg, spec.name)}); stop it first`);
  }
  const logFile = logFileOf(cfg, spec.name);
  const cwd = spec.cwd ?? cfg.repoRoot;
  appendFileSync(logFile, `\n=== ${new Date().toISOString()} p2z starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`);
  const logOffset = statSync(logFile).size;
  const fd = openSync(logFile, 'a');
  let pid: number;
  try {
    const child = spawn(spec.command, spec.args, {
      cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`cannot start ${spec.name} (${spec.command}): ${err.message}`)));
      child.once('spawn', () => resolve(child.pid as number));
    });
    child.unref();
  } finally {
    closeSync(fd);
  }
  const record: DetachedRecord = {
    name: spec.name,
    pid,
    startTicks: processStartTicks(pid),
    command: spec.command,
    args: spec.args,
    cwd,
    logFile,
    logOffset,
    startedAt: new Date().toISOString(),
  };
  writeAtomically(recordFile(cfg, spec.name), `${JSON.stringify(record, null, 2)}\n`);
  writeAtomically(pidFile(cfg, spec.name), `${pid}\n`);
  return { pid, logFile };
}

async function waitUntilGone(rec: DetachedRecord, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!recordAlive(rec)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}

/**
 * Stops `name`: SIGTERM to its whole process group, SIGKILL after `graceMs`, then removes its pid file.
 * Only processes recorded in our own pid files are signalled. Resolves true if something was running.
 */
export async function stopDetached(cfg: StackConfig, name: string, opts: { graceMs?: number } = {}): Promise<boolean> {
  const rec = readRecord(cfg, name);
  if (!rec) return false;
  if (!recordAlive(rec)) {
    removeFiles(cfg, name);
    return false;
  }
  signalGroup(rec.pid, 'SIGTERM');
  if (!(await waitUntilGone(rec, opts.graceMs ?? 10_000))) {
    signalGroup(rec.pid, 'SIGKILL');
    if (!(await waitUntilGone(rec, 5_000))) {
      throw new Error(`${name} (process group ${rec.pid}) survived SIGKILL; pid file kept`);
    }
  }
  removeFiles(cfg, name);
  return true;
}
