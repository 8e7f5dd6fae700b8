import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import type { PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { DLQ_HEADERS } from '@panda2zoho/kafka';
import { contacts, type ContactRecord } from './harness/zoho-contacts.ts';
import { REPO_ROOT, eventually } from './harness/test-stack.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';
import { readTopic } from './harness/read-topics.ts';

const DAY = 86_400_000;

function patient(id: number, overrides: Partial<PandaPatientRow> = {}): PandaPatientRow {
  return {
    PatientID: id,
    ChartNumber: `IT-${id}`,
    FirstName: 'MARGARET',
    MiddleName: null,
    LastName: 'Okafor-Smith',
    PreferredName: null,
    BirthDate: Math.floor(Date.UTC(1958, 6, 14) / DAY),
    Sex: 'F',
    Email: ' Margaret.Okafor@Example.COM ',
    HomePhone: '(217) 555-0199',
    CellPhone: '217.201.4478',
    WorkPhone: null,
    Address1: '12 Elm St',
    Address2: 'Apt 4',
    City: 'SPRINGFIELD',
    State: 'il',
    Zip: '62701',
    Country: 'US',
    Status: 'Active',
    CreatedAt: Date.UTC(2019, 2, 5, 14, 30),
    ModifiedAt: Date.UTC(2024, 0, 2, 9, 0),
    InsuranceCarrier: ' DELTA DENTAL PPO ',
    GuarantorName: 'JAMES  OKAFOR-SMITH',
    GuarantorRelation: 'spouse',
    ...overrides,
  };
}

const byChart = (p: TestPipeline, chart: string) => contacts(p.emulator).filter((c) => c['PANDA_Chart_Number'] === chart);

describe('walking skeleton: Debezium patient → Zoho Contact', { timeout: 300_000 }, () => {
  let p: TestPipeline;
  before(async () => {
    p = await startTestPipeline();
  });
  after(async () => {
    await p?.stop();
  });

  test('a Debezium-envelope patient row arrives in Zoho as a Contact with normalized values', async () => {
    await p.debezium.send([{ database: 'PANDA_LOC01', op: 'c', before: null, after: patient(101) }]);
    const [contact] = await eventually(`Contact IT-101 in Zoho\n${p.logs()}`, async () => {
      const found = byChart(p, 'IT-101');
      return found.length > 0 ? found : undefined;
    });
    const c = contact as ContactRecord;
    assert.equal(c['First_Name'], 'Margaret');
    assert.equal(c['Last_Name'], 'Okafor-Smith');
    assert.equal(c['Email'], 'margaret.okafor@example.com');
    // The display form for people; E.164 stays in the events for matching.
    assert.equal(c['Mobile'], '(217) 201-4478');
    // The carrier through the normalizer's synonym list, carried by the deduper's golden record.
    assert.equal(c['PANDA_Insurance'], 'Delta Dental');
    // The guarantor, tidied by the normalizer, carried by the golden record, written as "Name (Relation)".
    assert.equal(c['PANDA_Guarantor'], 'James Okafor-Smith (Spouse)');
    assert.equal(c['Date_of_Birth'], '1958-07-14');
    assert.equal(c['Mailing_Street'], '12 Elm St, Apt 4');
    assert.equal(c['Mailing_City'], 'Springfield');
    assert.equal(c['Mailing_State'], 'IL');
    // 14:30 wall-clock at a New York practice; Zoho renders the instant in the org's zone.
    assert.equal(Date.parse(String(c['Source_Created_Time'])), Date.parse('2019-03-05T14:30:00-05:00'));
    assert.match(String(c['PANDA_Patient_Key']), /^cl_[A-Za-z0-9_-]{24}$/);
    // The writer asked Zoho to run no workflows for migrated records.
    const writes = p.emulator.exportState().writes.filter((w) => w.module === 'Contacts');
    assert.ok(writes.length > 0 && writes.every((w) => Array.isArray(w.trigger) && w.trigger.length === 0));
  });

  test('a malformed event is dead-lettered with its reason, and the next good event still reaches Zoho', async () => {
    const topic = p.debezium.topicOf('PANDA_LOC02');
    const producer = p.kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'bad', value: Buffer.from('this is not a Debezium Avro record') }] });
    await producer.disconnect();
    await p.debezium.send([{ database: 'PANDA_LOC02', op: 'c', before: null, after: patient(202, { FirstName: 'Kwame', LastName: 'Mensah' }) }]);

    await eventually(`Contact IT-202 in Zoho\n${p.logs()}`, async () => byChart(p, 'IT-202').length === 1);
    const [dead] = await readTopic(p.kafka, `${p.namespace}.dlq.extractor.v1`, 1);
    assert.ok(dead);
    const header = (name: string) => dead.headers[name]?.toString();
    assert.equal(header(DLQ_HEADERS.code), 'UNDECODABLE');
    assert.match(header(DLQ_HEADERS.reason) ?? '', /magic byte/);
    assert.equal(header(DLQ_HEADERS.topic), topic);
    assert.equal(header(DLQ_HEADERS.service), 'extractor');
    assert.equal(dead.value?.toString(), 'this is not a Debezium Avro record', 'the original bytes are kept for replay');
  });

  test('replaying the same events creates no second Contact, and writes nothing the ledger shows as done', async () => {
    const before = contacts(p.emulator);
    const original = byChart(p, 'IT-101')[0]!;
    const ledger = `${p.namespace}.zoho.ledger.v1`;
    // Record writes only: provisioning's own entries (keyed zoho-field:/zoho-module:) are not record writes.
    const recordWrites = async () => (await readTopic(p.kafka, ledger, 8, 2_000)).filter((r) => !/^zoho-(field|module):/.test(r.key?.toString() ?? '')).length;
    const writesBefore = await recordWrites();
    // The connector re-sends after a restart (at-least-once): same rows, same positions.
    await p.debezium.send([{ database: 'PANDA_LOC01', op: 'c', before: null, after: patient(101) }]);
    // And a real replay: the writer re-reads every resolved event from the start of its topic.
    const writer = p.services.get('zoho-writer')!;
    await writer.stop();
    const admin = p.kafka.admin();
    await admin.connect();
    const resolved = `${p.namespace}.resolved.patient.v1`;
    const group = `${p.namespace}.zoho-writer`;
    try {
      await admin.resetOffsets({ groupId: group, topic: resolved, earliest: true });
      await p.restart('zoho-writer');
      // The replay is over when the writer committed the resolved topic to its end again.
      await eventually(`the writer re-read every resolved event\n${p.logs()}`, async () => {
        const ends = await admin.fetchTopicOffsets(resolved);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [resolved] });
        // An empty partition (high = low) has nothing to commit.
        return ends.every((end) => BigInt(end.high) <= BigInt(end.low) || BigInt(committed?.partitions.find((c) => c.partition === end.partition)?.offset ?? '-1') >= BigInt(end.high));
      });
    } finally {
      await admin.disconnect();
    }
    const afterReplay = contacts(p.emulator);
    assert.equal(afterReplay.length, before.length, 'no Contact was added by the replay');
    const replayed = byChart(p, 'IT-101');
    assert.equal(replayed.length, 1);
    assert.equal(replayed[0]!.id, original.id, 'the same Contact, in place');
    // The writes the ledger shows as done are not sent again (same run, record and source events). Only the
    // connector's re-sent row may reach Zoho once more (a new source event: one intent and one outcome);
    // rewriting the replayed events too would add an intent and an outcome per contact on top.
    const added = (await recordWrites()) - writesBefore;
    assert.ok(added >= 0 && added <= 2, `the replay wrote nothing again beyond the re-sent row (ledger entries added: ${added})`);
  });

  test('`panda2zoho reconcile --json` reports per-entity source and Zoho counts, and the dead letter blocks a match', async () => {
    const run = async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['packages/cli/bin/panda2zoho.mjs', 'reconcile', '--json', '--url', p.urlOf('reconciler')], { cwd: REPO_ROOT }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout }), // exit code 1 when not matching
      );
      return JSON.parse(stdout) as { match: boolean; entities: Record<string, { source: number; zoho: number; match: boolean; deadLettered: number }> };
    };
    const report = await eventually('the reconciler to see both patients', async () => {
      const r = await run();
      return r.entities['patient']?.source === 2 ? r : undefined;
    });
    assert.deepEqual(report.entities['patient'], { source: 2, resolved: 2, written: 2, zoho: 2, deadLettered: 1, match: false });
    assert.equal(report.match, false);
  });
});
