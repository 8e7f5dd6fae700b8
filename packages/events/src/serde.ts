import avro from 'avsc';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { PermanentError, TransientError } from '@panda2zoho/kafka';
import { EVENT_SCHEMA_FILES, type EventName, type EventTypes } from './event-catalogue.ts';
import { readSchemaFile } from './schema-files.ts';

const MAGIC_BYTE = 0;

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary. */
export function readSchemaId(buffer: Buffer): number {
  if (buffer.length < 5) throw new PermanentError('UNDECODABLE', `record of ${buffer.length} bytes is shorter than the 5-byte wire header`);
  if (buffer[0] !== MAGIC_BYTE) throw new PermanentError('UNDECODABLE', `unknown magic byte ${buffer[0]}`);
  return buffer.readInt32BE(1);
}

function classifyRegistryError(error: unknown, what: string): Error {
  const status = (error as { status?: number }).status;
  if (status === 404) return new PermanentError('UNKNOWN_SCHEMA', `${what}: schema not found in the registry`, { cause: error });
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new PermanentError('SCHEMA_REJECTED', `${what}: registry answered ${status}`, { cause: error });
  }
  return new TransientError('REGISTRY_UNAVAILABLE', `${what}: registry unreachable or failing`, { cause: error });
}

/**
 * Avro through a Confluent-compatible registry (Apicurio's ccompat API in our stack). Subjects follow
 * TopicNameStrategy (`<topic>-value`), like Debezium's converter. Decoding resolves the writer's schema
 * (from the record's id) to our reader schema, so consumers keep working across BACKWARD changes.
 */
export class EventSerde {
  private readonly registry: SchemaRegistry;
  private readonly readerTypes = new Map<EventName, avro.Type>();
  private readonly writerIds = new Map<string, number>();
  private readonly writerTypes = new Map<number, Promise<avro.Type>>();
  private readonly resolvers = new Map<string, avro.Resolver>();

  constructor(private readonly registryUrl: string) {
    this.registry = new SchemaRegistry({ host: registryUrl, retry: { retries: 2 } });
  }

  readerType(name: EventName): avro.Type {
    let type = this.readerTypes.get(name);
    if (!type) {
      type = avro.Type.forSchema(readSchemaFile(EVENT_SCHEMA_FILES[name]) as avro.Schema);
      this.readerTypes.set(name, type);
    }
    return type;
  }

  /** Registers `schema` under `<topic>-value` with BACKWARD compatibility; the registry refuses an incompatible change. */
  async registerSchema(topic: string, schema: unknown): Promise<number> {
    return this.registerSubject(`${topic}-value`, schema);
  }

  async registerSubject(subject: string, schema: unknown): Promise<number> {
    const cacheKey = `${subject}|${JSON.stringify(schema)}`;
    const cached = this.writerIds.get(cacheKey);
    if (cached !== undefined) return cached;
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      this.writerIds.set(cacheKey, id);
      return id;
    } catch (error) {
      throw classifyRegistryError(error, `registering ${subject}`);
    }
  }

  async register(topic: string, name: EventName): Promise<number> {
    return this.registerSchema(topic, readSchemaFile(EVENT_SCHEMA_FILES[name]));
  }

  async encode<K extends EventName>(topic: string, name: K, value: EventTypes[K]): Promise<Buffer> {
    const id = await this.register(topic, name);
    return this.encodeWith(id, this.readerType(name), value);
  }

  /** Encodes with an explicit schema (the Debezium stand-in registers the connector's own schemas). */
  encodeWith(id: number, type: avro.Type, value: unknown): Buffer {
    const header = Buffer.alloc(5);
    header.writeUInt8(MAGIC_BYTE, 0);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, type.toBuffer(value)]);
  }

  async decode<K extends EventName>(name: K, buffer: Buffer): Promise<EventTypes[K]> {
    const id = readSchemaId(buffer);
    const writer = await this.writerType(id);
    const key = `${name}|${id}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      try {
        resolver = this.readerType(name).createResolver(writer);
      } catch (error) {
        throw new PermanentError('INCOMPATIBLE_SCHEMA', `schema ${id} cannot be read as ${name}`, { cause: error });
      }
      this.resolvers.set(key, resolver);
    }
    return this.decodeBody(buffer, () => this.readerType(name).fromBuffer(buffer.subarray(5), resolver)) as EventTypes[K];
  }

  /** Decodes with the writer's schema only: for foreign records (Debezium) that a handler then validates. */
  async decodeAny(buffer: Buffer): Promise<unknown> {
    const writer = await this.writerType(readSchemaId(buffer));
    return this.decodeBody(buffer, () => writer.fromBuffer(buffer.subarray(5)));
  }

  private decodeBody(buffer: Buffer, decode: () => unknown): unknown {
    try {
      return decode();
    } catch (error) {
      throw new PermanentError('UNDECODABLE', `Avro body of ${buffer.length} bytes does not match its schema`, { cause: error });
    }
  }

  /** Single-flight per id: a burst of records with a new schema id makes one registry call, not thousands. */
  private writerType(id: number): Promise<avro.Type> {
    let type = this.writerTypes.get(id);
    if (!type) {
      type = this.fetchSchema(id).then((schema) => avro.Type.forSchema(schema as avro.Schema));
      type.catch(() => this.writerTypes.delete(id));
      this.writerTypes.set(id, type);
    }
    return type;
  }

  /** GET /schemas/ids/{id}: the schema JSON, which we need to build our own writer→reader resolver. */
  private async fetchSchema(id: number): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.registryUrl}/schemas/ids/${id}`, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw classifyRegistryError(error, `fetching schema ${id}`);
    }
    if (!response.ok) throw classifyRegistryError({ status: response.status }, `fetching schema ${id}`);
    const body = (await response.json()) as { schema?: string };
    if (typeof body.schema !== 'string') throw new PermanentError('UNKNOWN_SCHEMA', `registry returned no schema for id ${id}`);
    return JSON.parse(body.schema) as unknown;
  }
}
