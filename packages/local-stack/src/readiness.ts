import { open } from 'node:fs/promises';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves true if something accepts TCP connections on host:port within timeoutMs. */
export function tcpAccepts(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** HTTP status of a GET, or undefined when nothing answers in time. */
export async function httpStatus(url: string, timeoutMs = 2_000): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

const SCAN_CHUNK = 64 * 1024;
const SCAN_LIMIT = 32 * 1024 * 1024;

/**
 * Whether `needle` occurs in `file` after byte `from`. Scanning is bounded: the lines we look for are
 * printed during start-up, within the first few hundred KB of a run's output.
 */
export async function logContains(file: string, needle: string, from = 0): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(SCAN_CHUNK + needle.length);
    let carry = 0;
    for (let pos = from; pos < from + SCAN_LIMIT; ) {
      const { bytesRead } = await handle.read(buf, carry, SCAN_CHUNK, pos);
      if (bytesRead === 0) return false;
      const window = buf.subarray(0, carry + bytesRead);
      if (window.includes(needle)) return true;
      // keep the last needle.length-1 bytes so a match straddling two chunks is still found
      carry = Math.min(needle.length - 1, window.length);
      window.copyWithin(0, window.length - carry);
      pos += bytesRead;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** Last `lines` lines of `file` after byte `from` (at most the last 16 KB), for error messages. */
export async function logTail(file: string, from = 0, lines = 40): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return '(no log output)';
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(from, size - 16 * 1024);
    const buf = Buffer.alloc(Math.max(0, size - start));
    await handle.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8').trimEnd();
    return text === '' ? '(no log output)' : text.split('\n').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}

export type Probe = () => Promise<'ready' | 'waiting' | { failed: string }>;

/**
 * Polls `probe` until it reports ready or failure, or until `timeoutMs` passes. Returns a reason on
 * failure instead of throwing, so the caller can attach its own context (which log to show).
 */
export async function waitFor(probe: Probe, timeoutMs: number, intervalMs = 250): Promise<{ ok: true } | { ok: false; reason: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await probe();
    if (outcome === 'ready') return { ok: true };
    if (outcome !== 'waiting') return { ok: false, reason: outcome.failed };
    if (Date.now() >= deadline) return { ok: false, reason: `not ready after ${Math.round(timeoutMs / 1000)} s` };
    await sleep(intervalMs);
  }
}
