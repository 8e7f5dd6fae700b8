import type { Kafka } from 'kafkajs';
import type { EventSerde } from '@panda2zoho/events';
import { idempotentProducer } from '@panda2zoho/kafka';
import { REFERENCE_TABLES } from '@panda2zoho/panda-model';
import { mappingVersion, type MappingDocument } from '../domain/mapping-document.ts';
import type { OwnerMapSection } from '../domain/owner-map.ts';
import { proposeMapping } from '../domain/propose-mapping.ts';
import { ensureControlTopics, MappingPublisher, type Actor } from './mapping-topics.ts';

/** The proposal for a source that is the reference PANDA schema itself (the generated practice). */
export function referenceMappingDocument(): MappingDocument {
  const tables = REFERENCE_TABLES.map((t) => ({ name: t.table, rows: null, columns: t.columns.map((c) => ({ name: c.column })) }));
  return proposeMapping({ source: { kind: 'inventory', name: 'reference PANDA schema' }, tables, targetFields: null });
}

/**
 * Proposes and confirms the reference mapping in one go, as an operator would with `map propose` and
 * `map confirm`: what the demo and the pipeline tests do so records may move (with an owner map when
 * given). Returns the version.
 */
export async function confirmReferenceMapping(options: { kafka: Kafka; serde: EventSerde; namespace: string; actor: Actor; owners?: OwnerMapSection }): Promise<string> {
  const doc: MappingDocument = { ...referenceMappingDocument(), ...(options.owners ? { owners: options.owners } : {}) };
  const admin = options.kafka.admin();
  const producer = idempotentProducer(options.kafka);
  await admin.connect();
  try {
    await ensureControlTopics(admin, options.namespace);
    await producer.connect();
    const publisher = new MappingPublisher(producer, options.serde, options.namespace);
    await publisher.propose(doc, options.actor);
    await publisher.confirm(mappingVersion(doc), options.actor);
    return mappingVersion(doc);
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}
