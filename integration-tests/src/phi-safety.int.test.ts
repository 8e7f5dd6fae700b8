import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PandaPatientRow } from '@panda2zoho/synthetic-practice';
import { DEFAULT_CLIENT } from '@panda2zoho/zoho-emulator';
import { PIPELINE_SERVICES } from 'panda2zoho';
import { contacts } from './harness/zoho-contacts.ts';
import { eventually } from './harness/test-stack.ts';
import { startTestPipeline, type TestPipeline } from './harness/test-pipeline.ts';

const DAY = 86_400_000;

// Values no real person has, so a hit can only come from our seed. Each PHI field is seeded with a
// spelling we can search for in every form the pipeline might render it in.
const SEEDED: PandaPatientRow = {
  PatientID: 7001,
  ChartNumber: 'PHI-7001',
  FirstName: 'Zebulonia',
  MiddleName: 'Ignatiella',
  LastName: 'Quixotewright',
  PreferredName: 'Zebbo',
  BirthDate: Math.floor(Date.UTC(1947, 2, 21) / DAY),
  Sex: 'F',
  Email: 'zebulonia.quixotewright@example.org',
  HomePhone: '(312) 555-0147',
  CellPhone: '312.555.0183',
  WorkPhone: null,
  Address1: '77 Sunflowerdale Lane',
  Address2: 'Unit 9Q',
  City: 'Chicago',
  State: 'IL',
  Zip: '60601',
  Country: 'US',
  Status: 'Active',
  CreatedAt: Date.UTC(2018, 4, 2, 10, 0),
  ModifiedAt: Date.UTC(2024, 1, 3, 11, 0),
  SSN: '987-65-4321',
  GuarantorName: 'Bartholomew Quixotewright',
  InsuranceMemberID: 'MBRX99887766',
};

// A second patient whose values are bad in ways that make the pipeline explain itself (invalid e-mail,
// impossible birth date, unparseable phone): error and issue paths must not quote the values either.
const DIRTY: PandaPatientRow = {
  ...SEEDED,
  PatientID: 7002,
  ChartNumber: 'PHI-7002',
  FirstName: 'Oriabella',
  LastName: 'Thistlewaite',
  MiddleName: null,
  PreferredName: null,
  BirthDate: Math.floor(Date.UTC(2199, 0, 1) / DAY),
  Email: 'oriabella@@thistle..invalid',
  HomePhone: '55-01-9X',
  CellPhone: null,
  Address1: '4 Quillfeather Court',
  Address2: null,
  SSN: '912-34-5678',
  GuarantorName: null,
  InsuranceMemberID: null,
};

const NEEDLES: Array<[what: string, needle: RegExp]> = [
  ['first name', /Zebulonia/i],
  ['middle name', /Ignatiella/i],
  ['last name', /Quixotewright/i],
  ['preferred name', /Zebbo/i],
  ['birth date', /1947-03-21|03\/21\/1947|21\/03\/1947/],
  ['e-mail', /zebulonia\.quixotewright/i],
  ['home phone', /555[-. ]?0147|3125550147/],
  ['mobile phone', /555[-. ]?0183|3125550183/],
  ['address', /Sunflowerdale|Unit 9Q/i],
  ['SSN', /987-?65-?4321|912-?34-?5678/],
  ['insurance member id', /MBRX99887766/i],
  ['guarantor name', /Bartholomew/i],
  ['dirty first name', /Oriabella/i],
  ['dirty last name', /Thistlewaite/i],
  ['dirty e-mail', /thistle\.\.invalid/i],
  ['dirty birth date', /2199-01-01/],
  ['dirty address', /Quillfeather/i],
  ['Zoho access token', /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/],
  ['Zoho refresh token', new RegExp(DEFAULT_CLIENT.refreshToken)],
  ['Zoho client secret', new RegExp(DEFAULT_CLIENT.clientSecret)],
];

function findings(text: string): string[] {
  return NEEDLES.filter(([, needle]) => needle.test(text)).map(([what]) => what);
}

describe('PHI and secrets never reach logs or metrics', { timeout: 300_000 }, () => {
  let p: TestPipeline;
  const logDir = mkdtempSync(path.join(tmpdir(), 'p2z-phi-'));
  before(async () => {
    p = await startTestPipeline({ logLevel: 'debug', logDir });
  });
  after(async () => {
    await p?.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  test('seeded patients go through every service at debug level; no seeded value or token appears in any log line or metric', async () => {
    await p.debezium.send([
      { database: 'PANDA_LOC01', op: 'c', before: null, after: SEEDED },
      { database: 'PANDA_LOC02', op: 'c', before: null, after: DIRTY },
      // An update and a delete exercise the before-image paths too.
      { database: 'PANDA_LOC01', op: 'u', before: SEEDED, after: { ...SEEDED, Address2: 'Unit 9Q-B', ModifiedAt: Date.UTC(2024, 5, 1) } },
    ]);
    await eventually(`the seeded patient in Zoho\n${p.logs()}`, async () => contacts(p.emulator).some((c) => c['PANDA_Chart_Number'] === 'PHI-7001'));
    // The dirty one either lands (its problems reported) or is dead-lettered somewhere: wait until it has.
    await eventually(`the dirty patient handled\n${p.logs()}`, async () => {
      if (contacts(p.emulator).some((c) => c['PANDA_Chart_Number'] === 'PHI-7002')) return true;
      const metrics = await Promise.all(PIPELINE_SERVICES.map(async (s) => (await fetch(`${p.urlOf(s)}/metrics`)).text()));
      return metrics.some((m) => /^p2z_dead_letters_total\{[^}]*\} [1-9]/m.test(m));
    });

    // The test is only worth something if the values really travelled: the seeded Contact holds them.
    const seeded = contacts(p.emulator).find((c) => c['PANDA_Chart_Number'] === 'PHI-7001')!;
    assert.equal(seeded['Last_Name'], 'Quixotewright');
    assert.equal(seeded['Date_of_Birth'], '1947-03-21');
    assert.equal(seeded['PANDA_Guarantor'], 'Bartholomew Quixotewright', 'the guarantor travelled to Zoho');
    assert.equal(JSON.stringify(seeded).includes('4321'), false, 'the SSN is not migrated (minimum necessary)');

    const metricTexts = await Promise.all(PIPELINE_SERVICES.map(async (s) => [s, await (await fetch(`${p.urlOf(s)}/metrics`)).text()] as const));
    for (const [service, text] of metricTexts) {
      assert.ok(text.length > 0, `${service} serves metrics`);
      assert.deepEqual(findings(text), [], `${service} metrics contain PHI or a secret`);
    }

    const logFiles = readdirSync(logDir);
    assert.deepEqual(logFiles.sort(), PIPELINE_SERVICES.map((s) => `${s}.log`).sort(), 'every service wrote a log');
    let debugLines = 0;
    for (const file of logFiles) {
      const text = readFileSync(path.join(logDir, file), 'utf8');
      debugLines += text.split('\n').filter((line) => line.includes('"level":20') || line.includes('"level":"debug"')).length;
      const hits = text
        .split('\n')
        .filter((line) => findings(line).length > 0)
        .map((line) => `${findings(line).join(', ')}: ${line.slice(0, 300)}`);
      assert.deepEqual(hits, [], `${file} leaks PHI or a secret`);
    }
    assert.ok(debugLines > 0, 'the services really logged at debug level');
  });
});
