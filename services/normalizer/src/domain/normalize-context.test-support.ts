import { carrierSynonyms, DEFAULT_CARRIER_SYNONYMS } from './insurance-carrier.ts';
import type { NormalizeContext } from './normalize-context.ts';
import type { SourceRecordChanged } from '@panda2zoho/events';

/** The context unit tests share: New York, US phones, dead-letter on a missing last name, overflow notes. */
export const testContext: NormalizeContext = {
  timeZone: 'America/New_York',
  defaultCountry: 'US',
  missingLastName: 'dead-letter',
  overlong: 'note',
  toothNumberingOf: (loc) => (loc === 'EU' ? 'FDI' : 'Universal'),
  carriers: carrierSynonyms(DEFAULT_CARRIER_SYNONYMS),
  ssn: 'drop',
};

export type Fields = NonNullable<SourceRecordChanged['fields']>;

let seq = 0;
/** A source event of one row; eventId unique per call unless given. */
export function sourceEvent(entity: string, sourceKey: string, fields: Fields | null, options: { operation?: 'UPSERT' | 'DELETE'; location?: string; eventId?: string; committedAtMs?: number } = {}): SourceRecordChanged {
  return {
    eventId: options.eventId ?? `ev-${entity}-${sourceKey}-${++seq}`,
    entity,
    source: { sourceSystem: 'DEBEZIUM_CDC', locationId: options.location ?? 'LOC01', sourceTable: `dbo.${entity}`, sourceKey, sourcePosition: 'p', sourceCommittedAtMs: options.committedAtMs ?? Date.UTC(2026, 10, 1) },
    operation: options.operation ?? 'UPSERT',
    extractedAtMs: 2,
    fields,
  };
}
