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

/** Handles a chunk of messages from one partition; returns one outcome per message, in order. */
export type BatchHandler = (messages: InboundMessage[]) => Promise<Outcome[]>;
