import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SIGNAL_TABLE, dependencyOrder, tablesFromMapFile } from '@panda2zoho/synthetic-practice';

export interface ConnectorOptions {
  name: string;
  databases: string[];
  prefix: string;
  /** Table names in dbo: the model's (or a table map's) tables. */
  tables: string[];
  hostname: string;
  port: number;
  user: string;
  /** A Connect config-provider reference, never the password itself. */
  password: string;
  bootstrapServers: string;
  /** Registry base URL (Apicurio), e.g. http://registry:8080. */
  registry: string;
  converter: 'apicurio' | 'confluent';
  encrypt: boolean;
  replicationFactor: number;
}

/** Kafka Connect converter settings that write the Confluent wire format the extractor reads (reference §3). */
function converterConfig(side: 'key' | 'value', o: ConnectorOptions): Record<string, string> {
  const p = `${side}.converter`;
  if (o.converter === 'confluent') {
    // Confluent's converter against Apicurio's Confluent-compatible API (Apicurio/apicurio-registry#4831 is fixed in 2.6.x).
    return { [p]: 'io.confluent.connect.avro.AvroConverter', [`${p}.schema.registry.url`]: `${o.registry}/apis/ccompat/v7` };
  }
  // Apicurio 2.x serde keys: as-confluent + use-id=contentId write magic byte + 4-byte content id, which /apis/ccompat/v7 serves.
  return {
    [p]: 'io.apicurio.registry.utils.converter.AvroConverter',
    [`${p}.apicurio.registry.url`]: `${o.registry}/apis/registry/v2`,
    [`${p}.apicurio.registry.auto-register`]: 'true',
    [`${p}.apicurio.registry.find-latest`]: 'true',
    [`${p}.apicurio.registry.as-confluent`]: 'true',
    [`${p}.apicurio.registry.use-id`]: 'contentId',
    [`${p}.apicurio.registry.headers.enabled`]: 'false',
  };
}

/** The Debezium SQL Server connector for every PANDA database and table: `{ name, config }` for POST /connectors. */
export function debeziumConnectorConfig(o: ConnectorOptions): { name: string; config: Record<string, string> } {
  if (o.databases.length === 0) throw new Error('at least one PANDA database is needed');
  return {
    name: o.name,
    config: {
      'connector.class': 'io.debezium.connector.sqlserver.SqlServerConnector',
      // One task reads every database in turn; the single signal table below is why (multi-task signalling is a preview).
      'tasks.max': '1',
      'database.hostname': o.hostname,
      'database.port': String(o.port),
      'database.user': o.user,
      'database.password': o.password,
      'database.names': o.databases.join(','),
      'database.encrypt': String(o.encrypt),
      'topic.prefix': o.prefix,
      'table.include.list': [...o.tables, SIGNAL_TABLE].map((t) => `dbo.${t}`).join(','),
      'snapshot.mode': 'initial',
      'decimal.handling.mode': 'precise',
      'time.precision.mode': 'adaptive',
      'binary.handling.mode': 'bytes',
      'tombstones.on.delete': 'true',
      // Keeps offsets moving while a quiet practice writes nothing (topic __debezium-heartbeat.<prefix>).
      'heartbeat.interval.ms': '10000',
      'schema.history.internal.kafka.bootstrap.servers': o.bootstrapServers,
      'schema.history.internal.kafka.topic': `${o.prefix}.schema-history`,
      'signal.enabled.channels': 'source',
      'signal.data.collection': `${o.databases[0]}.dbo.${SIGNAL_TABLE}`,
      // The broker does not auto-create topics: Connect creates data, schema-change and heartbeat topics.
      'topic.creation.default.replication.factor': String(o.replicationFactor),
      'topic.creation.default.partitions': '3',
      'schema.name.adjustment.mode': 'avro',
      'field.name.adjustment.mode': 'avro',
      ...converterConfig('key', o),
      ...converterConfig('value', o),
    },
  };
}

interface ConfigCliOptions {
  locations: string;
  prefix: string;
  out?: string;
  name: string;
  hostname: string;
  port: string;
  user: string;
  password: string;
  bootstrapServers: string;
  registry: string;
  converter: string;
  encrypt?: boolean;
  replicationFactor: string;
  tableMap?: string;
  configOnly?: boolean;
}

export function registerDebeziumCommands(program: Command): void {
  const debezium = program.command('debezium').description('Debezium SQL Server connector for the PANDA databases');
  debezium
    .command('config')
    .description('write the Kafka Connect connector JSON (POST /connectors; --config-only for PUT /connectors/<name>/config)')
    .requiredOption('--locations <databases>', 'PANDA databases, comma-separated (PANDA_LOC01,PANDA_LOC02)')
    .option('--prefix <prefix>', 'topic.prefix: topics are <prefix>.<database>.dbo.<Table>', 'panda')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--name <name>', 'connector name', 'panda-sqlserver')
    .option('--hostname <host>', 'SQL Server host', 'mssql')
    .option('--port <port>', 'SQL Server port', '1433')
    .option('--user <user>', 'SQL Server login (needs SELECT on the cdc schema)', 'sa')
    .option('--password <reference>', 'a config-provider reference resolved by the Connect worker, never the password', '${env:MSSQL_SA_PASSWORD}')
    .option('--bootstrap-servers <list>', 'Kafka as Connect sees it (schema history topic)', 'kafka:9092')
    .option('--registry <url>', 'Apicurio Registry base URL as Connect sees it', 'http://registry:8080')
    .option('--converter <kind>', 'apicurio (Apicurio converter in Confluent mode) or confluent (Confluent converter on /apis/ccompat/v7)', 'apicurio')
    .option('--encrypt', 'encrypt the JDBC connection (database.encrypt=true); trust the server certificate in the JDBC settings')
    .option('--replication-factor <n>', 'for the topics Connect creates', '1')
    .option('--table-map <file>', 'a real install’s table names (PANDA_TABLE_MAP_FILE format)')
    .option('--config-only', 'print only the config object')
    .action((opts: ConfigCliOptions) => {
      if (opts.converter !== 'apicurio' && opts.converter !== 'confluent') throw new Error('--converter must be apicurio or confluent');
      const connector = debeziumConnectorConfig({
        name: opts.name,
        databases: opts.locations.split(',').map((d) => d.trim()).filter(Boolean),
        prefix: opts.prefix,
        tables: dependencyOrder(tablesFromMapFile(opts.tableMap)).map((t) => t.table),
        hostname: opts.hostname,
        port: Number(opts.port),
        user: opts.user,
        password: opts.password,
        bootstrapServers: opts.bootstrapServers,
        registry: opts.registry.replace(/\/+$/, ''),
        converter: opts.converter,
        encrypt: opts.encrypt === true,
        replicationFactor: Number(opts.replicationFactor),
      });
      const json = `${JSON.stringify(opts.configOnly ? connector.config : connector, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, json);
      else process.stdout.write(json);
      // Notes go to stderr so stdout stays valid JSON for curl --data @-.
      if (!opts.encrypt) console.error('note: database.encrypt=false leaves the JDBC link to SQL Server unencrypted; fine on a test box, use --encrypt for a practice.');
      console.error('note: CDC must be on for every captured table and the signal table (deploy/sql/enable-cdc.sql), with the SQL Server Agent running.');
    });
}
