import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CLIENT } from '@panda2zoho/zoho-emulator';
import { runRollback, type RollbackRequest } from 'panda2zoho';
import { readTopic } from './harness/read-topics.ts';
import { comparableState, migrated, publishPractice, seedPreExisting, type PracticeCounts } from './harness/rollback-practice.ts';
import { RunningProcess } from './harness/service-process.ts';
import { eventually, REPO_ROOT, testStack } from './harness/test-stack.ts';
import { WriterHarness } from './harness/writer-harness.ts';

const TOKEN = 'rollback-test-operator-token';
const RUN = 'run-rb';

function request(over: Partial<RollbackRequest> = {}): RollbackRequest {
  return { runId: RUN, locationId: null, sinceMs: null, includeProvisioning: true, force: false, operator: 'dr.ops', operatorToken: TOKEN, dryRun: false, stepTimeoutMs: 60_000, ...over };
}

function rollback(h: WriterHarness, over: Partial<RollbackRequest> = {}, afterPublish?: (step: number) => void) {
  return runRollback(request(over), { kafka: h.kafka, serde: h.serde, namespace: h.namespace, now: Date.now, progress: () => undefined, ...(afterPublish ? { afterPublish } : {}) });
}

async function migrate(h: WriterHarness): Promise<PracticeCounts> {
  const counts = await publishPractice(h, ['L1', 'L2'], 3);
  await eventually('the practice in Zoho', async () => migrated(h.emulator.exportState(), counts), 120_000);
  // the last outcomes are committed: wait until the ledger stops growing
  await h.ledgerSettled();
  return counts;
}

const byEmail = (h: WriterHarness, email: string) => h.records('Contacts').find((c) => c['Email'] === email);

describe('rollback: one location, a record changed since the migration, then the whole run, back to the snapshot', () => {
  const h = new WriterHarness({ P2Z_OPERATOR_TOKEN: TOKEN, P2Z_RUN_ID: RUN });
  let snapshot: unknown;
  before(async () => {
    await h.start();
    await seedPreExisting(h);
    snapshot = comparableState(h.emulator.exportState());
    await h.startWriter();
    await migrate(h);
  });
  after(() => h.stop());

  test('the migration updated the pre-existing Contacts (with before-images) and created the rest', () => {
    assert.equal(byEmail(h, 'erin@example.test')?.['PANDA_Patient_Key'], 'ck-L1-1');
    assert.equal(byEmail(h, 'erin@example.test')?.['Description'], 'practice note');
    assert.equal(byEmail(h, 'sam@example.test')?.['Mailing_City'], 'Capital City');
    assert.notDeepEqual(comparableState(h.emulator.exportState()), snapshot);
  });

  test('a compensation not signed with the writer\'s operator token is refused and ledgered as such', async () => {
    const { report } = await rollback(h, { locationId: 'L2', operatorToken: 'not-the-writer-token-at-all', stepTimeoutMs: 20_000 });
    assert.equal(report.complete, false);
    assert.ok(report.problems.length > 0 && report.problems.every((p) => p.code === 'UNAUTHENTICATED' || p.code === 'NO_OUTCOME'), JSON.stringify(report.problems));
    assert.equal(h.emulator.exportState().attachments.length, 4, 'nothing was deleted');
  });

  test('--dry-run plans without sending anything', async () => {
    const before = comparableState(h.emulator.exportState());
    const { plan } = await rollback(h, { dryRun: true });
    assert.ok(plan.steps.flat().length > 20);
    // --include-provisioning: the fields the writer's provisioning created, last (rollback-provisioning.int.test.ts)
    assert.deepEqual(plan.steps.map((s) => (s[0]!.action === 'DELETE_FIELD' ? 'fields' : s[0]!.module)), ['Attachments', 'Notes', 'Tasks', 'Deals', 'PANDA_Charting', 'Contacts', 'Accounts', 'fields']);
    assert.deepEqual(comparableState(h.emulator.exportState()), before);
  });

  test('rolling back L2 removes L2\'s records, restores Sam, and leaves L1 as it is', async () => {
    const l1Before = (m: string) => h.records(m).filter((r) => JSON.stringify(r).includes('L1')).length;
    const keep = { contacts: l1Before('Contacts'), accounts: l1Before('Accounts'), erin: byEmail(h, 'erin@example.test') };
    const { report } = await rollback(h, { locationId: 'L2' });
    assert.equal(report.complete, true, JSON.stringify(report.problems));
    assert.equal(report.modules['Contacts']?.restored, 1);
    assert.equal(h.records('Contacts').filter((c) => String(c['PANDA_Patient_Key'] ?? '').includes('L2')).length, 0);
    assert.equal(h.records('PANDA_Charting').filter((c) => String(c['PANDA_Chart_Key']).startsWith('L2:')).length, 0);
    assert.equal(h.records('PANDA_Charting').filter((c) => String(c['PANDA_Chart_Key']).startsWith('L1:')).length, 3);
    const sam = byEmail(h, 'sam@example.test')!;
    assert.deepEqual([sam['Mailing_City'], sam['PANDA_Patient_Key'] ?? null, sam['Mobile'] ?? null], ['Shelbyville', null, null]);
    assert.equal(l1Before('Contacts'), keep.contacts);
    assert.equal(l1Before('Accounts'), keep.accounts);
    assert.deepEqual(byEmail(h, 'erin@example.test'), keep.erin);
  });

  test('a record changed in Zoho after the migration is skipped (parents kept) unless --force; then the snapshot is back', async () => {
    const patient = h.records('Contacts').find((c) => c['PANDA_Patient_Key'] === 'ck-L1-3')!;
    await h.zohoApi('PUT', '/crm/v8/Contacts', { data: [{ id: patient['id'], Last_Name: 'Renamed By Staff' }], trigger: [] });
    const first = await rollback(h);
    assert.equal(first.report.complete, false);
    const [records, fields] = [first.report.problems.filter((p) => !p.module.endsWith('(fields)')), first.report.problems.filter((p) => p.module.endsWith('(fields)'))];
    assert.deepEqual(records.map((p) => [p.module, p.status, p.code, p.field]), [['Contacts', 'skipped', 'CHANGED_SINCE_MIGRATION', 'Last_Name'], ['Accounts', 'pending', 'NO_OUTCOME', null], ['Accounts', 'pending', 'NO_OUTCOME', null], ['Accounts', 'pending', 'NO_OUTCOME', null]]);
    assert.ok(fields.length > 0 && fields.every((p) => p.status === 'pending' && p.code === 'NO_OUTCOME'), 'the provisioned fields are not touched while a record is kept');
    assert.ok(byEmail(h, 'p3.l1@example.test'), 'the changed Contact is kept');
    assert.equal(first.report.modules['Attachments']?.alreadyGone, 2, 'L2\'s files were gone already');

    const forced = await rollback(h, { force: true });
    assert.equal(forced.report.complete, true, JSON.stringify(forced.report.problems));
    assert.deepEqual(comparableState(h.emulator.exportState()), snapshot);

    // auditable: every compensation is ledgered with its rollback id, and repeating the rollback changes nothing
    const ledger = await h.ledger(1);
    const restores = ledger.filter((e) => e.operation === 'RESTORE' && e.phase === 'OUTCOME' && e.rollbackId !== null);
    assert.ok(restores.length >= 2 && restores.every((e) => e.compensatedOperationIds.length > 0));
    const again = await rollback(h, { force: true });
    assert.equal(again.report.complete, true);
    assert.deepEqual(comparableState(h.emulator.exportState()), snapshot);
  });

  test('every rollback but the dry run is audited on the control audit topic: who, run, scope, how it ended; no PHI, no token', async () => {
    const records = await readTopic(h.kafka, h.topics.controlAudit, 10, 4_000);
    const audits = await Promise.all(records.map((r) => h.serde.decode('AuditRecorded', r.value!)));
    const S = 'ROLLBACK_STARTED';
    assert.deepEqual(audits.map((a) => a.action), [S, 'ROLLBACK_INCOMPLETE', S, 'ROLLBACK_COMPLETED', S, 'ROLLBACK_INCOMPLETE', S, 'ROLLBACK_COMPLETED', S, 'ROLLBACK_COMPLETED']);
    assert.ok(audits.every((a) => a.actor === 'dr.ops' && a.via === 'cli' && a.subject.startsWith('rollback:rb-')), JSON.stringify(audits));
    const l2 = JSON.parse(audits[3]!.detail!) as { runId: string; scope: { location: string }; counts: { restored: number; deleted: number; pending: number } };
    assert.deepEqual([l2.runId, l2.scope.location, l2.counts.restored, l2.counts.pending], [RUN, 'L2', 1, 0]);
    assert.ok(l2.counts.deleted > 0);
    const text = JSON.stringify(audits);
    for (const secret of ['erin', 'sam@', 'Shelbyville', 'Capital City', 'Renamed', 'ck-L', TOKEN]) assert.ok(!text.includes(secret), `the audit trail holds ${secret}`);
  });
});

describe('rollback: the writer killed mid-migration, then the rollback killed mid-way (writer and CLI), re-run: back to the snapshot', () => {
  const h = new WriterHarness({ P2Z_OPERATOR_TOKEN: TOKEN, P2Z_RUN_ID: RUN, ZOHO_WRITE_BATCH_SIZE: '2' });
  let snapshot: unknown;
  before(async () => {
    await h.start();
    await seedPreExisting(h);
    snapshot = comparableState(h.emulator.exportState());
  });
  after(() => h.stop());

  test('the writer crashes between Zoho calls and their outcomes, restarts, and finishes the migration', async () => {
    let calls = 0;
    await h.startWriter({
      afterZohoCalls: () => {
        if (++calls === 3) throw new Error('simulated crash after the Zoho calls, before the outcomes');
      },
    });
    const counts = publishPractice(h, ['L1', 'L2'], 3);
    await eventually('the writer crashed', async () => calls >= 3, 60_000);
    await h.stopWriter();
    await h.startWriter();
    await counts;
    await migrate(h);
    const ledger = await h.ledger(1);
    assert.ok(ledger.some((e) => e.recovered), 'an intent left open by the crash was resolved at restart');
    // every record the run wrote can be undone: the recovered creates read as creates (intendedResult), not as updates without a before-image
    const { plan } = await rollback(h, { dryRun: true });
    assert.deepEqual(plan.skipped, []);
  });

  test('the CLI dies after publishing a step and the writer dies mid-compensation; after restarts the re-run finishes', async () => {
    let executed = 0;
    await h.stopWriter();
    await h.startWriter({
      afterCompensationCall: () => {
        if (++executed === 6) throw new Error('simulated crash after a compensation\'s Zoho call, before its outcome');
      },
    });
    await assert.rejects(
      rollback(h, {}, (step) => {
        if (step === 1) throw new Error('simulated CLI crash');
      }),
      /simulated CLI crash/,
    );
    await eventually('the writer crashed mid-rollback (a note of step 1)', async () => executed >= 6, 60_000);
    await h.stopWriter();
    await h.startWriter();
    const { report } = await rollback(h);
    assert.equal(report.complete, true, JSON.stringify(report.problems));
    assert.ok(Object.values(report.modules).reduce((n, t) => n + t.alreadyGone, 0) >= 1, 'the deletes done before the crash count as already gone');
    assert.deepEqual(comparableState(h.emulator.exportState()), snapshot);
  });
});

describe('rollback: the writer as a separate process, SIGKILLed mid-migration and mid-rollback: back to the snapshot', () => {
  const h = new WriterHarness();
  let snapshot: unknown;
  let writer: RunningProcess | undefined;
  const startWriterProcess = () => {
    const stack = testStack();
    writer = new RunningProcess({
      name: 'zoho-writer',
      command: process.execPath,
      args: ['--import', 'tsx', path.join('services', 'zoho-writer', 'src', 'main.ts')],
      cwd: REPO_ROOT,
      env: {
        KAFKA_BROKERS: stack.brokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, P2Z_TOPIC_NAMESPACE: h.namespace, P2Z_INSTANCE_ID: 'sigkill-test',
        ZOHO_ACCOUNTS_URL: h.emulator.url, ZOHO_API_URL: h.emulator.url, ZOHO_CLIENT_ID: DEFAULT_CLIENT.clientId, ZOHO_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
        ZOHO_REFRESH_TOKEN: DEFAULT_CLIENT.refreshToken, P2Z_RUN_ID: RUN, P2Z_OPERATOR_TOKEN: TOKEN, WRITER_PARK_RETRY_MS: '300', ZOHO_WRITE_BATCH_SIZE: '2', LOG_LEVEL: 'warn', P2Z_MAPPING_GATE: 'off',
      },
    });
    return writer;
  };
  before(async () => {
    await h.start();
    await seedPreExisting(h);
    snapshot = comparableState(h.emulator.exportState());
  });
  after(async () => {
    await writer?.stop('SIGKILL');
    await h.stop();
  });

  test('SIGKILL while writing and while compensating; restarts and a re-run of the CLI end equal to the snapshot', async () => {
    startWriterProcess();
    const counts = await publishPractice(h, ['L1', 'L2'], 3);
    await eventually('some of the practice written', async () => (h.emulator.exportState().modules['PANDA_Charting']?.records.length ?? 0) >= 2, 120_000).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${writer!.tail()}`);
    });
    await writer!.stop('SIGKILL');
    startWriterProcess();
    await eventually('the practice in Zoho after the restart', async () => migrated(h.emulator.exportState(), counts), 120_000);
    await migrate(h);

    // the rollback: the writer is killed once a few records are gone; the CLI gives up waiting (its "crash")
    const before = h.emulator.exportState().attachments.length + (h.emulator.exportState().modules['Notes']?.records.length ?? 0);
    const first = rollback(h, { stepTimeoutMs: 15_000 });
    await eventually('the rollback under way', async () => h.emulator.exportState().attachments.length + (h.emulator.exportState().modules['Notes']?.records.length ?? 0) <= before - 3, 60_000);
    await writer!.stop('SIGKILL');
    const interrupted = await first;
    assert.equal(interrupted.report.complete, false, 'the writer died: the first run cannot have finished');
    startWriterProcess();
    const { report } = await rollback(h);
    assert.equal(report.complete, true, JSON.stringify(report.problems));
    assert.equal(report.rollbackId, interrupted.report.rollbackId, 'the re-run resumed the same rollback');
    assert.deepEqual(comparableState(h.emulator.exportState()), snapshot);
  });
});
