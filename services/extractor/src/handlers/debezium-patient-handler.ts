import type { EventSerde } from '@panda2zoho/events';
import { deadLetter, emit, skip, type InboundMessage, type Outcome } from '@panda2zoho/kafka';
import { extractPatientChange, type ExtractContext } from '../domain/extract-patient-change.ts';

/** Debezium patient change → PatientSourceChanged. Undecodable or invalid records are dead-lettered. */
export function debeziumPatientHandler(deps: { serde: EventSerde; outputTopic: string; ctx: ExtractContext }) {
  return async (message: InboundMessage): Promise<Outcome> => {
    // Debezium follows a delete with a tombstone (null value) for log compaction: nothing to extract.
    if (message.value === null || message.value.length === 0) return skip('tombstone');
    const decoded = await deps.serde.decodeAny(message.value);
    const result = extractPatientChange(decoded, deps.ctx);
    switch (result.kind) {
      case 'invalid':
        return deadLetter(result.code, result.reason);
      case 'extracted':
        return emit({
          topic: deps.outputTopic,
          key: result.key,
          value: await deps.serde.encode(deps.outputTopic, 'PatientSourceChanged', result.event),
        });
    }
  };
}
