import type { IdIndex } from './id-index.ts';
import { operationId } from './ledger-entries.ts';

/** One input to write: a record (its key) and the source events coalesced into its write, under the writer's run. */
export interface WriteInput {
  runId: string;
  recordKey: string;
  sourceEventIds: string[];
}

/**
 * Whether the input's write is done already: the record's last successful write in the ledger is the
 * very operation this input makes (same operation id: run, operation, module, record, source events).
 * That is a chunk redelivered after a crash between its Zoho calls and its commit (recovery wrote the
 * outcome at start) or retried after a transient failure (the index learnt the outcome); sending it again
 * would cost credits (a second Bulk Write job) and could overwrite what a person changed in Zoho since.
 * A new source event, another run, a write that failed, or a record deleted since (a rollback: the index
 * forgets it) is written. Pure.
 */
export function alreadyWritten(index: IdIndex, input: WriteInput): boolean {
  const last = index.lastWrite(input.recordKey);
  if (!last) return false;
  return last.operationId === operationId(input.runId, { operation: last.operation, module: last.module, recordKey: input.recordKey, externalId: input.recordKey, sourceEventIds: input.sourceEventIds });
}
