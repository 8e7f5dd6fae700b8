import type { SqlType, TableDefinition } from '@panda2zoho/panda-model';

/**
 * The Avro schemas Debezium's SQL Server connector registers through the AvroConverter (reference §3),
 * derived from a table definition, so a table map's names give the names a real install's connector
 * would. Types follow time.precision.mode=adaptive and decimal.handling.mode=precise.
 */

/** schema.name.adjustment.mode / field.name.adjustment.mode = avro: invalid characters become '_'. */
export function avroName(name: string): string {
  const adjusted = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(adjusted) ? adjusted : `_${adjusted}`;
}

export function debeziumNamespace(prefix: string, database: string, table: string, schema = 'dbo'): string {
  return [prefix, database, schema, table].map(avroName).join('.');
}

const timestamp = (name: string) => ({ type: 'long', 'connect.version': 1, 'connect.name': `io.debezium.time.${name}` });

/** One column's Avro type, as Kafka Connect's AvroData writes the connector's Connect schema. */
export function debeziumColumnType(type: SqlType): unknown {
  switch (type.kind) {
    case 'bit':
      return 'boolean';
    case 'tinyint':
    case 'smallint':
      return { type: 'int', 'connect.type': 'int16' };
    case 'int':
      return 'int';
    case 'bigint':
      return 'long';
    case 'nvarchar':
    case 'varchar':
    case 'uniqueidentifier':
      return 'string';
    case 'date':
      return { type: 'int', 'connect.version': 1, 'connect.name': 'io.debezium.time.Date' };
    case 'datetime':
      return timestamp('Timestamp');
    case 'datetime2':
      return timestamp(type.precision <= 3 ? 'Timestamp' : type.precision <= 6 ? 'MicroTimestamp' : 'NanoTimestamp');
    case 'decimal':
      return {
        type: 'bytes',
        scale: type.scale,
        precision: type.precision,
        'connect.version': 1,
        'connect.parameters': { scale: String(type.scale), 'connect.decimal.precision': String(type.precision) },
        'connect.name': 'org.apache.kafka.connect.data.Decimal',
        logicalType: 'decimal',
      };
    case 'varbinary':
      return 'bytes';
  }
}

function columnField(column: TableDefinition['columns'][number]): Record<string, unknown> {
  const type = debeziumColumnType(column.type);
  return column.nullable ? { name: avroName(column.column), type: ['null', type], default: null } : { name: avroName(column.column), type };
}

export function debeziumValueSchema(table: TableDefinition, prefix: string, database: string): Record<string, unknown> {
  const namespace = debeziumNamespace(prefix, database, table.table);
  return { type: 'record', name: 'Value', namespace, fields: table.columns.map(columnField), 'connect.name': `${namespace}.Value` };
}

export function debeziumKeySchema(table: TableDefinition, prefix: string, database: string): Record<string, unknown> {
  const namespace = debeziumNamespace(prefix, database, table.table);
  const fields = table.primaryKey.map((name) => {
    const column = table.columns.find((c) => c.column === name);
    if (!column) throw new Error(`${table.table}: primary key column ${name} is not a column`);
    return { name: avroName(column.column), type: debeziumColumnType(column.type) };
  });
  return { type: 'record', name: 'Key', namespace, fields, 'connect.name': `${namespace}.Key` };
}

/** io.debezium.connector.sqlserver.Source, `snapshot` as the io.debezium.data.Enum string it really is. */
export const SQLSERVER_SOURCE_SCHEMA = {
  type: 'record',
  name: 'Source',
  namespace: 'io.debezium.connector.sqlserver',
  fields: [
    { name: 'version', type: 'string' },
    { name: 'connector', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'ts_ms', type: 'long' },
    {
      name: 'snapshot',
      type: [
        {
          type: 'string',
          'connect.version': 1,
          'connect.parameters': { allowed: 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental' },
          'connect.default': 'false',
          'connect.name': 'io.debezium.data.Enum',
        },
        'null',
      ],
      default: 'false',
    },
    { name: 'db', type: 'string' },
    { name: 'sequence', type: ['null', 'string'], default: null },
    { name: 'ts_us', type: ['null', 'long'], default: null },
    { name: 'ts_ns', type: ['null', 'long'], default: null },
    { name: 'schema', type: 'string' },
    { name: 'table', type: 'string' },
    { name: 'change_lsn', type: ['null', 'string'], default: null },
    { name: 'commit_lsn', type: ['null', 'string'], default: null },
    { name: 'event_serial_no', type: ['null', 'long'], default: null },
  ],
  'connect.name': 'io.debezium.connector.sqlserver.Source',
} as const;

const TRANSACTION_BLOCK = {
  type: 'record',
  name: 'block',
  namespace: 'event',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'total_order', type: 'long' },
    { name: 'data_collection_order', type: 'long' },
  ],
  'connect.version': 1,
  'connect.name': 'event.block',
} as const;

export function debeziumEnvelopeSchema(table: TableDefinition, prefix: string, database: string): Record<string, unknown> {
  const namespace = debeziumNamespace(prefix, database, table.table);
  const value = debeziumValueSchema(table, prefix, database);
  return {
    type: 'record',
    name: 'Envelope',
    namespace,
    fields: [
      { name: 'before', type: ['null', value], default: null },
      { name: 'after', type: ['null', `${namespace}.Value`], default: null },
      { name: 'source', type: SQLSERVER_SOURCE_SCHEMA },
      { name: 'op', type: 'string' },
      { name: 'ts_ms', type: ['null', 'long'], default: null },
      { name: 'ts_us', type: ['null', 'long'], default: null },
      { name: 'ts_ns', type: ['null', 'long'], default: null },
      { name: 'transaction', type: ['null', TRANSACTION_BLOCK], default: null },
    ],
    'connect.version': 2,
    'connect.name': `${namespace}.Envelope`,
  };
}
