import avro from 'avsc';
import type { Kafka, Producer } from 'kafkajs';
import { EventSerde, debeziumTopic, readSchemaFile } from '@panda2zoho/events';
import { ensureTopics, idempotentProducer } from '@panda2zoho/kafka';
import { patientEnvelope, type DebeziumOp } from './debezium-envelope.ts';
import type { PandaPatientRow } from './generate-patients.ts';

/** Debezium names its Avro types after topic prefix and database; our schema file uses panda.PANDA_LOC01. */
function renamed(schema: unknown, prefix: string, database: string): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('panda.PANDA_LOC01.', `${prefix}.${database}.`)) as unknown;
}

/**
 * Produces Debezium-format Patients change events (Avro, Confluent wire format, schemas registered
 * under `<topic>-key` / `<topic>-value` as the connector's AvroConverter does).
 */
export class DebeziumPatientProducer {
  private readonly types = new Map<string, { topic: string; keyId: number; valueId: number; keyType: avro.Type; valueType: avro.Type }>();
  private readonly sequences = new Map<string, number>();
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: EventSerde,
    private readonly prefix: string,
  ) {}

  async start(databases: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, databases.map((db) => ({ topic: debeziumTopic(this.prefix, db, 'Patients') })));
    await admin.disconnect();
    for (const db of databases) {
      const topic = debeziumTopic(this.prefix, db, 'Patients');
      const valueSchema = renamed(readSchemaFile('debezium/panda-patients-envelope.avsc'), this.prefix, db);
      const keySchema = renamed(readSchemaFile('debezium/panda-patients-key.avsc'), this.prefix, db);
      const valueId = await this.serde.registerSchema(topic, valueSchema);
      const keyId = await this.serde.registerSubject(`${topic}-key`, keySchema);
      this.types.set(db, {
        topic,
        keyId,
        valueId,
        keyType: avro.Type.forSchema(keySchema as avro.Schema),
        valueType: avro.Type.forSchema(valueSchema as avro.Schema),
      });
    }
    this.producer = idempotentProducer(this.kafka);
    await this.producer.connect();
  }

  /** Sends change events, in order per database. */
  async send(changes: Array<{ database: string; op: DebeziumOp; before: PandaPatientRow | null; after: PandaPatientRow | null }>, commitMs = Date.now()): Promise<void> {
    if (!this.producer) throw new Error('producer not started');
    const byTopic = new Map<string, Array<{ key: Buffer; value: Buffer }>>();
    for (const change of changes) {
      const t = this.types.get(change.database);
      if (!t) throw new Error(`database ${change.database} was not started`);
      const sequence = (this.sequences.get(change.database) ?? 0) + 1;
      this.sequences.set(change.database, sequence);
      const row = change.after ?? change.before;
      if (!row) throw new Error('a change needs a before or an after image');
      const value = this.serde.encodeWith(t.valueId, t.valueType, patientEnvelope({ prefix: this.prefix, sequence, commitMs, ...change }));
      const key = this.serde.encodeWith(t.keyId, t.keyType, { PatientID: row.PatientID });
      const list = byTopic.get(t.topic) ?? [];
      list.push({ key, value });
      byTopic.set(t.topic, list);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })), acks: -1 });
  }

  topicOf(database: string): string {
    return debeziumTopic(this.prefix, database, 'Patients');
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
