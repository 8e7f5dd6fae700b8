import type { IHeaders } from 'kafkajs';

/** A consumed record, as handlers see it: raw bytes, decoded by the handler through the serde. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface OutboundRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
  /** Explicit partition (a changelog written beside the input partition it belongs to); absent: by key. */
  partition?: number;
}

/**
 * What a handler decided for one message. Expected outcomes are values, not exceptions; the runtime
 * produces, dead-letters, commits and measures.
 */
export type Outcome =
  | { kind: 'emit'; records: OutboundRecord[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'dead-letter'; code: string; reason: string; records?: OutboundRecord[] };

export const emit = (...records: OutboundRecord[]): Outcome => ({ kind: 'emit', records });
export const skip = (reason: string): Outcome => ({ kind: 'skip', reason });
/** `records` are produced alongside the dead letter (e.g. the writer's ledger outcome for a rejected record). */
export const deadLetter = (code: string, reason: string, records?: OutboundRecord[]): Outcome =>
  records ? { kind: 'dead-letter', code, reason, records } : { kind: 'dead-letter', code, reason };

/** What the runtime offers a handler while it works on a chunk. */
export interface ChunkContext {
  /**
   * Tells the group coordinator this member is alive. A handler that works on one chunk for longer
   * than the session timeout (e.g. waiting for a Zoho Bulk Write job) calls it now and then; never throws.
   */
  heartbeat(): Promise<void>;
}

/** Handles a chunk of messages from one partition; returns one outcome per message, in order. */
export type BatchHandler = (messages: InboundMessage[], context?: ChunkContext) => Promise<Outcome[]>;

/**
 * Kafka's default `message.max.bytes` is 1,048,588; an output above it would fail its transaction on
 * every retry (a crash loop). Key, value and headers are counted, with room left for the batch framing.
 */
export const DEFAULT_MAX_RECORD_BYTES = 1_000_000;

function recordBytes(r: OutboundRecord): number {
  const headers = Object.entries(r.headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  const key = r.key === null ? 0 : typeof r.key === 'string' ? Buffer.byteLength(r.key) : r.key.length;
  return key + (r.value?.length ?? 0) + headers;
}

/** An emit whose records would not fit in a Kafka record becomes a dead letter that says so (never quoting the value). */
export function guardRecordSize(outcome: Outcome, maxBytes: number): Outcome {
  if (outcome.kind !== 'emit') return outcome;
  const largest = Math.max(0, ...outcome.records.map(recordBytes));
  if (largest <= maxBytes) return outcome;
  return deadLetter('RECORD_TOO_LARGE', `an output record of ${largest} bytes exceeds the ${maxBytes}-byte limit`);
}

function outboundBytes(r: OutboundRecord): number {
  // + room for the record's framing in the batch
  return recordBytes(r) + 64;
}

/** Consecutive slices of at most `maxBytes` (a single larger record is a slice of its own); order kept. */
export function slicesByBytes(records: OutboundRecord[], maxBytes: number): OutboundRecord[][] {
  const slices: OutboundRecord[][] = [];
  let current: OutboundRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = outboundBytes(r);
    if (current.length > 0 && bytes + size > maxBytes) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) slices.push(current);
  return slices;
}
