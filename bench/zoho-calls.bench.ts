// Zoho API calls and credits per 1,000 records, REST path (upserts of 100) and Bulk Write path, and the
// 429s at the edition's concurrency, against the in-process emulator with zero added latency (and, for
// the 429 comparison, 20 ms). The REST and bulk write figures come from the writer's own write path
// (callZoho: Contacts built by its mapping, upserted by PANDA_Patient_Key, bulk above the threshold),
// after provisioning, which is not counted.
// Writes bench/results/zoho-calls.json. `ZOHO_BENCH_RECORDS` changes the size (default 5,000).
import { AdaptiveLimiter, EDITION_CONCURRENCY, ZohoAuth, ZohoClient, type ZohoCallObserver } from '@panda2zoho/zoho';
import { DEFAULT_CLIENT, startZohoEmulator } from '@panda2zoho/zoho-emulator';
import { callZoho, EXTERNAL_ID_FIELD, provision, toContactRecord, ZohoGateway, zohoSchema, type BulkOptions, type PlannedOperation } from '@panda2zoho/zoho-writer';
import { measure, writeBenchResult, type Measurement } from './bench-report.ts';

const RECORDS = Number(process.env['ZOHO_BENCH_RECORDS'] ?? 5_000);
const EDITION = 'enterprise' as const;

interface Tally {
  calls: number;
  credits: number;
  throttled: number;
}

function tallying(): { tally: Tally; observer: ZohoCallObserver } {
  const tally: Tally = { calls: 0, credits: 0, throttled: 0 };
  return {
    tally,
    observer: {
      started: () => undefined,
      finished: (_call, result) => {
        tally.calls++;
        tally.credits += result.creditsCharged;
        if (result.status === '429') tally.throttled++;
      },
    },
  };
}

const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ Last_Name: `Patient ${i}`, Email: `p${i}@example.test` }));

async function run(
  name: string,
  work: (client: ZohoClient) => Promise<void>,
  maxConcurrency: number = EDITION_CONCURRENCY[EDITION],
  latencyMs = 0,
  setup?: (client: ZohoClient) => Promise<void>,
): Promise<Measurement> {
  const emulator = await startZohoEmulator({ edition: EDITION, users: 100, faults: { latencyMs } });
  const { tally, observer } = tallying();
  const client = new ZohoClient({ auth: new ZohoAuth({ accountsUrl: emulator.url, ...DEFAULT_CLIENT }), observer, limiter: new AdaptiveLimiter({ maxConcurrency }) });
  try {
    if (setup) {
      await setup(client);
      Object.assign(tally, { calls: 0, credits: 0, throttled: 0 });
    }
    const creditsBefore = emulator.exportState().credits.used;
    return await measure(name, async () => {
      await work(client);
      const stored = emulator.exportState().modules['Contacts']?.records.length ?? 0;
      const per1000 = (n: number) => Math.round((n / RECORDS) * 1000 * 10) / 10;
      // rows = records Zoho holds afterwards (0 for the read-only runs, whose figures are calls and 429s).
      return {
        rows: stored,
        calls: tally.calls,
        credits: tally.credits,
        emulatorCredits: emulator.exportState().credits.used - creditsBefore,
        callsPer1000Records: per1000(tally.calls),
        creditsPer1000Records: per1000(tally.credits),
        http429: tally.throttled,
        concurrencyLimit: maxConcurrency,
        addedLatencyMs: latencyMs,
      };
    });
  } finally {
    await emulator.close();
  }
}

const upsertAll = async (client: ZohoClient) => {
  const records = contacts(RECORDS);
  const batches = Array.from({ length: Math.ceil(records.length / 100) }, (_, i) => records.slice(i * 100, (i + 1) * 100));
  await Promise.all(batches.map((b) => client.upsert('Contacts', b, ['Email'])));
};

/** The writer's planned Contact upserts for a chunk of RECORDS patients (its mapping, its external id). */
function patientUpserts(): PlannedOperation[] {
  return Array.from({ length: RECORDS }, (_, i) => {
    const key = `ck-bench-${i}`;
    const record = toContactRecord(key, {
      patientId: String(i), chartNumber: `C-${i}`, firstName: 'Pat', middleName: null, lastName: `Patient ${i}`, preferredName: null, dateOfBirth: '1980-05-06',
      sex: null, primaryProviderKey: null, email: `p${i}@example.test`, homePhoneE164: null, mobilePhoneE164: `+1555${String(i).padStart(7, '0')}`, workPhoneE164: null, addressLine1: `${i} Main St`,
      addressLine2: null, city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US', status: 'active',
      sourceCreatedAt: '2018-04-05T10:11:12.345-05:00', sourceModifiedAt: '2024-01-02T03:04:05.000-05:00', homePhoneDisplay: null, mobilePhoneDisplay: null, workPhoneDisplay: null,
    });
    const op = { operation: 'UPSERT', module: 'Contacts', externalIdField: EXTERNAL_ID_FIELD, externalId: key, entity: 'patient', recordKey: key } as PlannedOperation['op'];
    return { op, call: { kind: 'upsert', record }, message: i };
  });
}

const provisioned = async (client: ZohoClient) => {
  await provision(client, zohoSchema('picklist'), { dryRun: false });
};

/** The writer's write path for one chunk: REST (bulk off) or Bulk Write (threshold reached). */
const writerPath = (bulk: BulkOptions | undefined) => async (client: ZohoClient) => {
  const items = await callZoho(new ZohoGateway(client), patientUpserts(), () => undefined, bulk);
  const failed = items.filter((i) => i.status !== 'success');
  if (failed.length > 0) throw new Error(`${failed.length} records refused: ${failed[0]!.code}`);
};

const reads = async (client: ZohoClient) => {
  await Promise.all(Array.from({ length: RECORDS / 10 }, () => client.request('GET', '/crm/v8/Contacts?fields=Email&per_page=1')));
};

const results: Measurement[] = [];
results.push(await run(`Writer REST path: ${RECORDS} patient Contacts upserted by PANDA_Patient_Key in calls of 100 (bulk off)`, writerPath(undefined), EDITION_CONCURRENCY[EDITION], 0, provisioned));
results.push(await run(`Writer Bulk Write path: ${RECORDS} patient Contacts in one upsert job (upload, create, poll, download; threshold 5000)`, writerPath({ threshold: 5_000, pollIntervalMs: 10 }), EDITION_CONCURRENCY[EDITION], 0, provisioned));
results.push(await run(`Client REST: upsert ${RECORDS} records in calls of 100, all batches launched at once (${EDITION}, limiter at ${EDITION_CONCURRENCY[EDITION]})`, upsertAll));
results.push(await run(`REST reads: ${RECORDS / 10} GETs launched at once (${EDITION}, limiter at ${EDITION_CONCURRENCY[EDITION]})`, reads));
// With zero added latency the emulator answers each call within one event-loop turn, so calls barely
// overlap there. With 20 ms per call they do: the limiter at the edition's concurrency still gets no 429,
// and a limiter misconfigured at twice the edition's concurrency (reads are not complex calls, so the
// 10-slot pool does not hold them back) gets Zoho's 429s and AIMD brings its concurrency down.
results.push(await run(`REST reads with 20 ms added latency, limiter at ${EDITION_CONCURRENCY[EDITION]}`, reads, EDITION_CONCURRENCY[EDITION], 20));
results.push(await run(`REST reads with 20 ms added latency, limiter misconfigured at ${2 * EDITION_CONCURRENCY[EDITION]}`, reads, 2 * EDITION_CONCURRENCY[EDITION], 20));

for (const r of results) console.log(`    calls/1k ${String(r['callsPer1000Records'])}, credits/1k ${String(r['creditsPer1000Records'])}, 429s ${String(r['http429'])}`);
console.log(`  → ${writeBenchResult('zoho-calls', { records: RECORDS, edition: EDITION, results })}`);
