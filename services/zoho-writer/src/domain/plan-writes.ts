import type { PatientResolved } from '@panda2zoho/events';

/** One Zoho write for one contact: the last change in the chunk wins; every source event is credited. */
export interface PlannedWrite {
  contactKey: string;
  event: PatientResolved;
  /** Positions (in the chunk) of the messages this write covers; the first one carries the outcome. */
  messageIndexes: number[];
  sourceEventIds: string[];
}

export type PlanEntry = { index: number; event: PatientResolved } ;

export interface WritePlan {
  writes: PlannedWrite[];
  /** Deletes wait for the delete policy (ledger/rollback issue); counted and reported, never dropped silently. */
  deferredDeletes: number[];
}

/** Coalesces a chunk's upserts by contact, in arrival order. Pure. */
export function planWrites(entries: PlanEntry[]): WritePlan {
  const byContact = new Map<string, PlannedWrite>();
  const deferredDeletes: number[] = [];
  for (const { index, event } of entries) {
    if (event.operation === 'DELETE' || event.patient === null) {
      deferredDeletes.push(index);
      continue;
    }
    const existing = byContact.get(event.contactKey);
    if (existing) {
      existing.event = event;
      existing.messageIndexes.push(index);
      existing.sourceEventIds.push(event.eventId);
    } else {
      byContact.set(event.contactKey, { contactKey: event.contactKey, event, messageIndexes: [index], sourceEventIds: [event.eventId] });
    }
  }
  return { writes: [...byContact.values()], deferredDeletes };
}
