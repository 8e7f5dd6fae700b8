import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { chromium, type Browser } from 'playwright-core';
import { EventSerde, topicNames, type DataQualityIssueRaised, type ReconciliationReported } from '@panda2zoho/events';
import { createKafka, idempotentProducer, type StartedService } from '@panda2zoho/kafka';
import { kafkaBrokers, registryUrl, stackConfigFromEnv } from '@panda2zoho/local-stack';
import { MappingGate, MappingPublisher, mappingVersion, proposeMapping } from '@panda2zoho/mapping';
import { createLogger, createMetrics, startOpsServer, type OpsServer } from '@panda2zoho/observability';
import { diffSample, publishSampleEvent } from 'panda2zoho';
import { createApp } from './app.ts';

// The console in a real browser (Debian's Chromium driven by playwright-core) against the real broker
// and registry: sign in with the operator token, review the proposal, confirm it through the page, and
// find MappingConfirmed on Kafka. Requests without the token are refused.
const stack = stackConfigFromEnv(fileURLToPath(new URL('../../../', import.meta.url)));
const brokers = process.env['P2Z_TEST_KAFKA_BROKERS']?.split(',') ?? kafkaBrokers(stack);
const registry = process.env['P2Z_TEST_REGISTRY_URL'] ?? registryUrl(stack);
const chromiumPath = process.env['P2Z_CHROMIUM'] ?? '/usr/bin/chromium';
const TOKEN = 'test-operator-token-0123456789';

const proposal = proposeMapping({
  source: { kind: 'csv', name: 'export' },
  targetFields: null,
  tables: [
    {
      name: 'tblPatient',
      rows: 3,
      columns: ['PatNo', 'PatFName', 'PatLName', 'Birth_Dt', 'HomePh', 'CellPh', 'EMail', 'Addr1', 'Zip', 'SSN', 'ShoeSize'].map((name) => ({ name })),
    },
    { name: 'OpenDentalBridge', rows: 3, columns: ['PatientID', 'PatNum', 'ProvNum'].map((name) => ({ name })) },
  ],
});
const version = mappingVersion(proposal);

describe('control console in a real browser', { timeout: 120_000 }, () => {
  const namespace = `console${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const topics = topicNames(namespace);
  const logger = createLogger({ service: 'control-test', level: 'fatal' });
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let app: StartedService;
  let ops: OpsServer;
  let browser: Browser;
  let gate: MappingGate | undefined;
  // A service's /metrics as the progress page reads it (the pipeline itself does not run in this test).
  let metricsServer: Server;
  const METRICS = 'p2z_records_in_total{topic="t",entity="patient",service="normalizer"} 50\np2z_records_out_total{topic="t",entity="patient",outcome="ok",service="normalizer"} 48\n';

  // The reconciler's GET /status, served by the same test server (counts per entity and location).
  const STATUS = {
    generatedAtMs: Date.now(),
    entities: [{ entity: 'patient', module: 'Contacts', extracted: 25, normalized: 24, resolved: 24, written: 23, failed: 1, lag: 2, locations: [{ locationId: 'PANDA_Loc1', extracted: 15, normalized: 14, resolved: 14, written: 13, failed: 1 }] }],
    lag: [{ stage: 'zoho-writer', groupId: 'g', topic: 't', entity: 'patient', lag: 2 }],
  };

  before(async () => {
    metricsServer = createServer((req, res) => res.end(req.url === '/status' ? JSON.stringify(STATUS) : METRICS));
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    const metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
    kafka = createKafka({ brokers, clientId: 'control-test' }, logger);
    admin = kafka.admin();
    await admin.connect();
    app = await createApp(
      { service: 'control', instanceId: 'test', logger, metrics: createMetrics('control'), kafka, admin },
      { P2Z_TOPIC_NAMESPACE: namespace, SCHEMA_REGISTRY_URL: registry, P2Z_OPERATOR_TOKEN: TOKEN, P2Z_CONSOLE_SECURE_COOKIE: false, P2Z_CONSOLE_SESSION_HOURS: 1, P2Z_CONTROL_METRICS_URLS: [metricsUrl, 'http://127.0.0.1:9'], P2Z_CONTROL_RECONCILER_URL: metricsUrl },
    );
    ops = await startOpsServer({ host: '127.0.0.1', port: 0, registry: createMetrics('control-ops').registry, isReady: () => true, ...(app.routes ? { routes: app.routes } : {}) });
    producer = idempotentProducer(kafka);
    await producer.connect();
    const serde = new EventSerde(registry);
    await new MappingPublisher(producer, serde, namespace).propose(proposal, { name: 'map propose', via: 'cli' });
    // What the pipeline would have produced: two issues (one re-delivered) and a reconciliation report.
    const issue = (eventId: string, recordKey: string): DataQualityIssueRaised => ({
      eventId,
      entity: 'patient',
      recordKey,
      locationId: 'PANDA_Loc1',
      field: 'dateOfBirth',
      rule: 'DATE_SENTINEL',
      severity: 'WARNING',
      action: 'NULLED',
      before: 'date 1900-01-01',
      after: null,
      message: 'sentinel birth date nulled',
      producer: 'normalizer',
      sourceEventId: `src-${eventId}`,
    });
    const issues = [issue('q1', 'PANDA_Loc1:patient:1001'), issue('q2', 'PANDA_Loc1:patient:1002'), issue('q1', 'PANDA_Loc1:patient:1001')];
    for (const i of issues) await producer.send({ topic: topics.dataQualityIssues, messages: [{ key: i.recordKey, value: await serde.encode(topics.dataQualityIssues, 'DataQualityIssueRaised', i) }] });
    const report: ReconciliationReported = {
      reportId: 'r1',
      generatedAtMs: Date.now(),
      entities: [
        {
          entity: 'patient',
          source: 25,
          resolved: 24,
          written: 24,
          zoho: 24,
          deadLettered: 1,
          match: true,
          module: 'Contacts',
          normalized: 25,
          failed: 0,
          openIssues: 2,
          blockingIssues: 0,
          fieldsCompared: 240,
          fieldMismatches: 0,
          zohoReadBack: true,
          locations: [],
        },
      ],
      ready: false,
      sample: null,
      blockers: [],
      lag: [],
      deadLetters: [],
      issues: [],
      mismatches: [],
    };
    await producer.send({ topic: topics.reconciliation, messages: [{ key: 'report', value: await serde.encode(topics.reconciliation, 'ReconciliationReported', report) }] });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => metricsServer?.close(resolve));
    await gate?.stop();
    await ops?.close();
    await app?.stop?.();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topics.controlMapping, topics.controlAudit, topics.controlSample, topics.zohoLedger, topics.dataQualityIssues, topics.reconciliation] }).catch(() => undefined);
    await admin?.disconnect();
  });

  test('without the operator token every page and action is refused', async () => {
    const page = await fetch(`${ops.url}/console/mapping`);
    assert.equal(page.status, 401);
    assert.doesNotMatch(await page.text(), /tblPatient/, 'the refusal shows the login form, not the mapping');
    const api = await fetch(`${ops.url}/api/mapping`, { headers: { authorization: 'Bearer wrong-token-wrong-token', 'x-p2z-actor': 'eve' } });
    assert.equal(api.status, 401);
    const confirm = await fetch(`${ops.url}/console/mapping/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `version=${encodeURIComponent(version)}` });
    assert.equal(confirm.status, 401);
    const login = await fetch(`${ops.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=eve&token=guess-guess-guess-guess', redirect: 'manual' });
    assert.equal(login.status, 401);
    assert.equal(login.headers.get('set-cookie'), null);
  });

  test('sign in, review the proposal, confirm it through the page: MappingConfirmed is on Kafka', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ops.url}/console/mapping`);
    await page.fill('#actor-input', 'Dana Operator');
    await page.fill('#token-input', TOKEN);
    await Promise.all([page.waitForURL(/\/console\/mapping$/), page.click('#login')]);
    assert.equal(new URL(page.url()).search, '', 'no token or PHI in the URL');

    await page.waitForSelector('#proposed-version');
    assert.equal(await page.textContent('#proposed-version'), version);
    assert.match((await page.textContent('tr[data-column="tblPatient.PatFName"]')) ?? '', /firstName\s*Contacts\.First_Name/);
    assert.match((await page.textContent('tr[data-column="tblPatient.SSN"]')) ?? '', /excluded/);
    assert.match((await page.textContent('tr[data-column="OpenDentalBridge.PatNum"]')) ?? '', /Open Dental/);
    assert.ok(await page.isVisible('#not-confirmed'));

    // A POST with the session cookie but without the form's CSRF token is refused.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'p2z_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    const forged = await fetch(`${ops.url}/console/mapping/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `p2z_session=${session.value}` },
      body: `version=${encodeURIComponent(version)}`,
    });
    assert.equal(forged.status, 403);

    if (process.env['P2Z_CONSOLE_SCREENSHOT']) await page.screenshot({ path: process.env['P2Z_CONSOLE_SCREENSHOT'] });
    await Promise.all([page.waitForURL(/confirmed=1/), page.click('#confirm')]);
    // The page reads its own read model, which follows the topic: the confirmation shows once it is back from Kafka.
    let shown: string | null = null;
    for (let attempt = 0; attempt < 40 && shown === null; attempt++) {
      if (await page.isVisible('#confirmed-version')) shown = await page.textContent('#confirmed-version');
      else {
        await new Promise((r) => setTimeout(r, 250));
        await page.reload();
      }
    }
    assert.equal(shown, version);

    // Quality counts per rule/entity/location (a re-delivered issue once), never a record key; the latest report.
    await page.click('a[href="/console/quality"]');
    let quality = '';
    for (let attempt = 0; attempt < 40 && !/DATE_SENTINEL.*2/s.test(quality); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250)).then(() => page.reload());
      quality = (await page.textContent('main')) ?? '';
    }
    assert.match(quality, /DATE_SENTINEL\s*patient\s*PANDA_Loc1\s*WARNING\s*NULLED\s*2/);
    assert.doesNotMatch(quality, /1001|1900-01-01/, 'no record key or value on the page');
    await page.click('a[href="/console/reconciliation"]');
    assert.match((await page.textContent('#reconciliation')) ?? '', /patient\s*25\s*24\s*24\s*24\s*1\s*yes/);
    await page.click('a[href="/console/progress"]');
    assert.match((await page.textContent('#progress')) ?? '', /normalizer\s*patient\s*50\s*48/);
    assert.match((await page.textContent('main')) ?? '', /Not answering: http:\/\/127\.0\.0\.1:9/);
    assert.match((await page.textContent('#locations')) ?? '', /patient\s*all\s*25\s*24\s*24\s*23\s*1\s*2\s*patient\s*PANDA_Loc1\s*15\s*14\s*14\s*13\s*1/);
    assert.match((await page.textContent('#stage-lag')) ?? '', /zoho-writer\s*patient\s*2/);
    await context.close();

    gate = await MappingGate.start({ kafka, namespace, serde: registry, reader: 'console-test' });
    assert.equal(gate.confirmedVersion(), version);
    const confirmation = gate.snapshot().confirmations.at(-1);
    assert.equal(confirmation?.actor, 'Dana Operator');
    assert.equal(confirmation?.via, 'console');
    assert.deepEqual(gate.check(version), { ok: true, version });
  });
  test('the latest sample\'s field diff, then its rollback with a typed confirmation', async () => {
    // A sample's diff as `panda2zoho sample` publishes it (the diff computed by the CLI's own code).
    const enc = (v: unknown) => JSON.stringify(v);
    const diff = diffSample(
      [
        {
          entity: 'patient',
          recordKey: 'PANDA_Loc1:patient:1001',
          source: { firstName: 'Margaret', lastName: 'Testperson', mobilePhone: '(555) 010-0199' },
          written: { module: 'Contacts', zohoId: 'z1', sentFields: { First_Name: enc('Margaret'), Last_Name: enc('Testperson'), Mobile: enc('+15550100199'), PANDA_Record_Type: enc('Patient') } },
          zoho: { id: 'z1', First_Name: 'Margaret', Last_Name: 'Testperson', Mobile: '+15550100199', PANDA_Record_Type: 'Patient' },
        },
        { entity: 'clinical_flag', recordKey: 'PANDA_Loc1:clinical_flag:7', source: { flagText: 'Premedicate' }, written: { module: 'Tasks', zohoId: 't1', sentFields: { Description: enc('Premedicate') } }, zoho: { id: 't1', Description: 'Pre-medicate' } },
      ],
      new Map([
        ['patient', new Map([['firstName', 'Contacts.First_Name'], ['lastName', 'Contacts.Last_Name'], ['mobilePhone', 'Contacts.Mobile']])],
        ['clinical_flag', new Map([['flagText', 'Tasks.Description']])],
      ]),
    );
    const sampleId = 'sample-0a1b2c3d-202611260400';
    const serde = new EventSerde(registry);
    await publishSampleEvent({ kafka, serde, namespace }, { eventId: 'e1', kind: 'REVIEWED', sampleId, atMs: Date.now(), actor: 'Dana Operator', via: 'cli', mappingVersion: version, patients: 1, entities: diff.entities, fields: diff.fields });
    // An empty ledger: the writer has written nothing of that run, so the rollback has nothing to undo.
    await admin.createTopics({ topics: [{ topic: topics.zohoLedger, numPartitions: 1 }] });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ops.url}/login`);
    await page.fill('#actor-input', 'Dana Operator');
    await page.fill('#token-input', TOKEN);
    await Promise.all([page.waitForURL(/\/console\/mapping$/), page.click('#login')]);
    await page.click('a[href="/console/sample"]');
    for (let attempt = 0; attempt < 40 && !(await page.isVisible('#sample-diff')); attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
    assert.equal(await page.textContent('#sample-id'), sampleId);
    assert.equal(await page.textContent('#sample-differences'), '1');
    const rows = (await page.textContent('#sample-diff')) ?? '';
    assert.match(rows, /mobilePhone\s*Contacts\.Mobile\s*\(555\) 010-0199\s*\+15550100199\s*changed/);
    assert.match(rows, /flagText\s*Tasks\.Description\s*Premedicate\s*Pre-medicate\s*differs/);
    assert.match((await page.textContent('#sample-decision')) ?? '', /Not decided yet/);
    assert.equal(new URL(page.url()).search, '', 'no PHI in the URL');
    if (process.env['P2Z_CONSOLE_SAMPLE_SCREENSHOT']) await page.screenshot({ path: process.env['P2Z_CONSOLE_SAMPLE_SCREENSHOT'], fullPage: true });

    await page.click('a[href="/console/rollback"]');
    await page.fill('#rollback-run', sampleId);
    await page.fill('#rollback-confirm', 'sample-wrong');
    await page.click('#rollback');
    assert.match((await page.textContent('#rollback-message')) ?? '', /does not match/);
    assert.equal(await page.isVisible('#rollback-status'), false, 'nothing started');
    await page.fill('#rollback-run', sampleId);
    await page.fill('#rollback-confirm', sampleId);
    await Promise.all([page.waitForURL(/\/console\/rollback$/), page.click('#rollback')]);
    let state = '';
    for (let attempt = 0; attempt < 80 && !/undone|failed/.test(state); attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
      state = (await page.textContent('#rollback-state')) ?? '';
    }
    assert.equal(state, 'everything undone', (await page.textContent('main')) ?? '');
    await page.click('a[href="/console/sample"]');
    let decision = '';
    for (let attempt = 0; attempt < 40 && !/Rolled back/.test(decision); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250)).then(() => page.reload());
      decision = (await page.textContent('#sample-decision')) ?? '';
    }
    assert.match(decision, /Rolled back by Dana Operator/);
    await page.click('a[href="/console/audit"]');
    let audit = '';
    for (let attempt = 0; attempt < 40 && !/ROLLBACK_FINISHED/.test(audit); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250)).then(() => page.reload());
      audit = (await page.textContent('#audit')) ?? '';
    }
    assert.match(audit, /ROLLBACK_REQUESTED[\s\S]*run:sample-0a1b2c3d-202611260400/);
    assert.match(audit, /ROLLBACK_FINISHED/);
    await context.close();
  });
});
