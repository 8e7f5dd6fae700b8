import { randomUUID } from 'node:crypto';
import type { Admin, Producer } from 'kafkajs';
import { EventSerde, topicNames, type AuditRecorded, type MappingRecorded } from '@panda2zoho/events';
import { ensureTopics } from '@panda2zoho/kafka';
import { mappingVersion, summarize, toYaml, type MappingDocument } from '../domain/mapping-document.ts';

/** Every mapping event has this key: one partition holds them all, in the order they happened. */
export const MAPPING_KEY = 'mapping';

/** The mapping and audit topics: one partition each (a total order), kept forever (they are the record of who approved what). */
export async function ensureControlTopics(admin: Admin, namespace: string): Promise<void> {
  const topics = topicNames(namespace);
  await ensureTopics(admin, [
    { topic: topics.controlMapping, partitions: 1, retention: 'forever' },
    { topic: topics.controlAudit, partitions: 1, retention: 'forever' },
  ]);
}

export interface Actor {
  name: string;
  via: 'cli' | 'console';
}

/**
 * Writes mapping and audit events. The producer is the caller's (idempotent, connected); `now` is the
 * caller's clock. A confirmation is written before its audit event: the mapping topic is the fact.
 */
export class MappingPublisher {
  private readonly topics;

  constructor(
    private readonly producer: Producer,
    private readonly serde: EventSerde,
    namespace: string,
    private readonly now: () => number = Date.now,
  ) {
    this.topics = topicNames(namespace);
  }

  async propose(doc: MappingDocument, actor: Actor): Promise<MappingRecorded> {
    const version = mappingVersion(doc);
    const event: MappingRecorded = {
      eventId: `mapping-proposed:${version}`,
      kind: 'PROPOSED',
      mappingVersion: version,
      atMs: this.now(),
      actor: actor.name,
      via: actor.via,
      mappingYaml: toYaml(doc),
      ...summarize(doc),
    };
    await this.sendMapping(event);
    await this.audit(actor, 'MAPPING_PROPOSED', `mapping:${version}`, null);
    return event;
  }

  async confirm(version: string, actor: Actor): Promise<MappingRecorded> {
    const event: MappingRecorded = {
      eventId: `mapping-confirmed:${randomUUID()}`,
      kind: 'CONFIRMED',
      mappingVersion: version,
      atMs: this.now(),
      actor: actor.name,
      via: actor.via,
      mappingYaml: null,
      columns: 0,
      mapped: 0,
      excluded: 0,
      unmapped: 0,
    };
    await this.sendMapping(event);
    await this.audit(actor, 'MAPPING_CONFIRMED', `mapping:${version}`, null);
    return event;
  }

  async audit(actor: Actor, action: string, subject: string, detail: string | null): Promise<AuditRecorded> {
    const event: AuditRecorded = { eventId: randomUUID(), actor: actor.name, action, subject, atMs: this.now(), via: actor.via, detail };
    await this.producer.send({
      topic: this.topics.controlAudit,
      acks: -1,
      messages: [{ key: subject, value: await this.serde.encode(this.topics.controlAudit, 'AuditRecorded', event) }],
    });
    return event;
  }

  private async sendMapping(event: MappingRecorded): Promise<void> {
    await this.producer.send({
      topic: this.topics.controlMapping,
      acks: -1,
      messages: [{ key: MAPPING_KEY, value: await this.serde.encode(this.topics.controlMapping, 'MappingRecorded', event) }],
    });
  }
}
