import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tablesFromMapFile } from '@panda2zoho/synthetic-practice';
import { debeziumConnectorConfig, type ConnectorOptions } from './debezium-config.ts';

const REFERENCE_TABLES = tablesFromMapFile(undefined);

const base: ConnectorOptions = {
  name: 'panda-sqlserver',
  databases: ['PANDA_LOC01', 'PANDA_LOC02'],
  prefix: 'panda',
  tables: REFERENCE_TABLES.map((t) => t.table),
  hostname: 'mssql',
  port: 1433,
  user: 'sa',
  password: '${env:MSSQL_SA_PASSWORD}',
  bootstrapServers: 'kafka:9092',
  registry: 'http://registry:8080',
  converter: 'apicurio',
  encrypt: false,
  replicationFactor: 1,
};

test('the SQL Server connector captures every database and table, with the settings the extractor relies on', () => {
  const { name, config } = debeziumConnectorConfig(base);
  assert.equal(name, 'panda-sqlserver');
  assert.equal(config['connector.class'], 'io.debezium.connector.sqlserver.SqlServerConnector');
  assert.equal(config['database.names'], 'PANDA_LOC01,PANDA_LOC02');
  assert.equal(config['topic.prefix'], 'panda');
  const included = config['table.include.list']!.split(',');
  for (const t of REFERENCE_TABLES) assert.ok(included.includes(`dbo.${t.table}`), t.table);
  assert.ok(included.includes('dbo.debezium_signal'), 'the signal table is captured too');
  assert.equal(config['signal.data.collection'], 'PANDA_LOC01.dbo.debezium_signal');
  assert.deepEqual(
    {
      snapshot: config['snapshot.mode'],
      decimals: config['decimal.handling.mode'],
      time: config['time.precision.mode'],
      tombstones: config['tombstones.on.delete'],
      encrypt: config['database.encrypt'],
      history: config['schema.history.internal.kafka.topic'],
      historyBrokers: config['schema.history.internal.kafka.bootstrap.servers'],
    },
    { snapshot: 'initial', decimals: 'precise', time: 'adaptive', tombstones: 'true', encrypt: 'false', history: 'panda.schema-history', historyBrokers: 'kafka:9092' },
  );
  assert.ok(Number(config['heartbeat.interval.ms']) > 0);
  assert.equal(config['database.password'], '${env:MSSQL_SA_PASSWORD}', 'a provider reference, never a password');
  for (const value of Object.values(config)) assert.equal(typeof value, 'string', 'Connect configs are strings');
});

test('Apicurio converter in Confluent mode, or Confluent’s converter on the ccompat API', () => {
  const apicurio = debeziumConnectorConfig(base).config;
  for (const side of ['key', 'value']) {
    assert.equal(apicurio[`${side}.converter`], 'io.apicurio.registry.utils.converter.AvroConverter');
    assert.equal(apicurio[`${side}.converter.apicurio.registry.url`], 'http://registry:8080/apis/registry/v2');
    assert.equal(apicurio[`${side}.converter.apicurio.registry.as-confluent`], 'true');
    assert.equal(apicurio[`${side}.converter.apicurio.registry.use-id`], 'contentId');
    assert.equal(apicurio[`${side}.converter.apicurio.registry.headers.enabled`], 'false');
    assert.equal(apicurio[`${side}.converter.apicurio.registry.auto-register`], 'true');
  }
  assert.equal(apicurio['schema.name.adjustment.mode'], 'avro');
  const confluent = debeziumConnectorConfig({ ...base, converter: 'confluent', encrypt: true }).config;
  for (const side of ['key', 'value']) {
    assert.equal(confluent[`${side}.converter`], 'io.confluent.connect.avro.AvroConverter');
    assert.equal(confluent[`${side}.converter.schema.registry.url`], 'http://registry:8080/apis/ccompat/v7');
    assert.ok(!Object.keys(confluent).some((k) => k.includes('apicurio')));
  }
  assert.equal(confluent['database.encrypt'], 'true');
});

test('no database, no connector', () => {
  assert.throws(() => debeziumConnectorConfig({ ...base, databases: [] }), /at least one/);
});
