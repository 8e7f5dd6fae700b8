import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Liveness and signalling of the process groups the supervisor creates. Every supervised process is
 * spawned detached, so it leads its own group and pgid === pid. On Linux /proc is read so that zombies
 * (an exited child nobody has reaped yet — e.g. under an init that does not reap) count as dead, and a
 * recycled pid is told apart from ours by its start time. Elsewhere `kill(-pgid, 0)` is the fallback.
 */

const HAS_PROC = existsSync('/proc/self/stat');

interface ProcStat {
  state: string;
  pgrp: number;
  startTicks: number;
}

function readStat(pid: number | string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm (field 2) may contain spaces and parentheses; everything after the last ')' is fixed-format.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const pgrp = Number(rest[2]);
  const startTicks = Number(rest[19]);
  if (state === undefined || !Number.isFinite(pgrp) || !Number.isFinite(startTicks)) return undefined;
  return { state, pgrp, startTicks };
}

const isDead = (s: ProcStat) => s.state === 'Z' || s.state === 'X' || s.state === 'x';

/** Start time of a process in clock ticks since boot (Linux), used to detect pid reuse. */
export function processStartTicks(pid: number): number | undefined {
  return HAS_PROC ? readStat(pid)?.startTicks : undefined;
}

/** Live (non-zombie) pids in process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  if (!HAS_PROC) return signalGroup(pgid, 0) ? [pgid] : [];
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && stat.pgrp === pgid && !isDead(stat)) members.push(Number(entry));
  }
  return members;
}

/**
 * True while the group we started is alive. If its leader still exists with a different start time,
 * the pid was recycled by someone else: then our group is necessarily empty (Linux does not hand out
 * a pid still in use as a pgid), and the stranger must not be reported as ours.
 */
export function groupAlive(pgid: number, leaderStartTicks?: number): boolean {
  if (HAS_PROC && leaderStartTicks !== undefined) {
    const leader = readStat(pgid);
    if (leader && leader.startTicks !== leaderStartTicks) return false;
  }
  return groupMembers(pgid).length > 0;
}

/** Sends `signal` to the whole group; false when no such group exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true; // exists but is not ours to signal
    throw err;
  }
}
