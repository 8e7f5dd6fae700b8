import type { MappingRecorded } from '@panda2zoho/events';

export interface MappingProposal {
  version: string;
  atMs: number;
  actor: string;
  via: string;
  yaml: string | null;
  summary: { columns: number; mapped: number; excluded: number; unmapped: number };
}

export interface MappingConfirmation {
  version: string;
  atMs: number;
  actor: string;
  via: string;
}

/** What the mapping topic says so far: every proposal (latest last) and the confirmation in force. */
export interface MappingState {
  proposals: MappingProposal[];
  /** The latest confirmation; a later one of another version replaces it. */
  confirmed: MappingConfirmation | null;
  /** Every confirmation, oldest first (the audit trail of the map). */
  confirmations: MappingConfirmation[];
}

export const EMPTY_MAPPING_STATE: MappingState = { proposals: [], confirmed: null, confirmations: [] };

/** Folds one event into the state. Idempotent on replays: a proposal of a known version is kept once. */
export function applyMappingEvent(state: MappingState, event: MappingRecorded): MappingState {
  switch (event.kind) {
    case 'PROPOSED': {
      const proposal: MappingProposal = {
        version: event.mappingVersion,
        atMs: event.atMs,
        actor: event.actor,
        via: event.via,
        yaml: event.mappingYaml,
        summary: { columns: event.columns, mapped: event.mapped, excluded: event.excluded, unmapped: event.unmapped },
      };
      return { ...state, proposals: [...state.proposals.filter((p) => p.version !== event.mappingVersion), proposal] };
    }
    case 'CONFIRMED': {
      const confirmation: MappingConfirmation = { version: event.mappingVersion, atMs: event.atMs, actor: event.actor, via: event.via };
      return { ...state, confirmed: confirmation, confirmations: [...state.confirmations, confirmation] };
    }
    default: {
      const never: never = event.kind;
      throw new Error(`unknown mapping event kind ${String(never)}`);
    }
  }
}

export function latestProposal(state: MappingState): MappingProposal | null {
  return state.proposals.at(-1) ?? null;
}

export function proposalOf(state: MappingState, version: string): MappingProposal | null {
  return state.proposals.find((p) => p.version === version) ?? null;
}

export type GateDecision =
  | { ok: true; version: string }
  | { ok: false; code: 'MAPPING_NOT_CONFIRMED' | 'MAPPING_VERSION_MISSING' | 'MAPPING_VERSION_MISMATCH'; reason: string };

/**
 * May a record produced under `recordVersion` be written? Only when a mapping is confirmed and the
 * record was produced under exactly that version. The reason names versions and commands, never data.
 */
export function checkMappingVersion(state: MappingState, recordVersion: string | null | undefined): GateDecision {
  const confirmed = state.confirmed;
  if (!confirmed) {
    return { ok: false, code: 'MAPPING_NOT_CONFIRMED', reason: 'no field mapping is confirmed yet: run `panda2zoho map propose`, review it, then `panda2zoho map confirm`' };
  }
  if (recordVersion === null || recordVersion === undefined || recordVersion === '') {
    return { ok: false, code: 'MAPPING_VERSION_MISSING', reason: `the record carries no mapping version; the confirmed mapping is ${confirmed.version}` };
  }
  if (recordVersion !== confirmed.version) {
    return { ok: false, code: 'MAPPING_VERSION_MISMATCH', reason: `the record was produced under mapping ${recordVersion}, but the confirmed mapping is ${confirmed.version}` };
  }
  return { ok: true, version: confirmed.version };
}
