import { PermanentError, TransientError } from '@panda2zoho/kafka';
import { parseCsv, writeCsv } from './csv-table.ts';
import type { ZohoApi } from './zoho-api.ts';
import { readZip, writeZip, ZipFormatError } from './zip-file.ts';

export interface BulkWriteRequest {
  module: string;
  operation: 'insert' | 'update' | 'upsert';
  /** The unique/external field rows are matched on (update: also `id`); required for update and upsert. */
  findBy?: string;
  /**
   * One object per record, field API name → CSV text. A lookup by Zoho id is a column named
   * `Field.id` (e.g. `Account_Name.id`); multi-select values are `;`-separated.
   */
  rows: Array<Record<string, string>>;
  /** Empty cells leave fields alone on update/upsert (default true: a migration never clears). */
  ignoreEmpty?: boolean;
  /** Between job polls; default 5 s (Zoho jobs take minutes). */
  pollIntervalMs?: number;
  /** Give up polling after this long (default 2 h): a TransientError, the job may still complete. */
  pollTimeoutMs?: number;
  /** Name of the CSV inside the ZIP; Zoho names the result CSV after it. */
  fileName?: string;
  /** Called between polls (a Kafka consumer's heartbeat while the job runs); must not throw. */
  onPoll?: () => Promise<void>;
}

export type BulkRowStatus = 'ADDED' | 'UPDATED' | 'SKIPPED' | 'FAILED';

/** The outcome of rows[rowIndex]; FAILED carries Zoho's code and field (`MANDATORY_NOT_FOUND-Last_Name`). */
export interface BulkRowOutcome {
  rowIndex: number;
  status: BulkRowStatus;
  recordId?: string;
  errorCode?: string;
  errorField?: string;
}

/** Zoho's limits for one Bulk Write CSV (reference §5). */
export const BULK_MAX_ROWS = 25_000;
export const BULK_MAX_COLUMNS = 200;

type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function columnsOf(rows: Array<Record<string, string>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** `Account_Name.id` → `{api_name: 'Account_Name', find_by: 'id'}`; plain columns map to themselves. */
function fieldMapping(column: string, index: number): Record<string, unknown> {
  const dot = column.indexOf('.');
  if (dot > 0) return { api_name: column.slice(0, dot), find_by: column.slice(dot + 1), index };
  return { api_name: column, index };
}

/** One result row: STATUS added/updated/skipped/unprocessed, RECORD_ID, ERRORS `CODE-Field[:CODE-Field…]`. */
export function rowOutcome(rowIndex: number, status: string, recordId: string, errors: string): BulkRowOutcome {
  if (errors.trim() !== '') {
    const [first = ''] = errors.split(':');
    const dash = first.indexOf('-');
    const errorCode = dash < 0 ? first : first.slice(0, dash);
    const errorField = dash < 0 ? undefined : first.slice(dash + 1);
    return { rowIndex, status: 'FAILED', errorCode, ...(errorField ? { errorField } : {}) };
  }
  switch (status.trim().toLowerCase()) {
    case 'added':
      return { rowIndex, status: 'ADDED', recordId };
    case 'updated':
      return { rowIndex, status: 'UPDATED', recordId };
    case 'skipped':
      return { rowIndex, status: 'SKIPPED', ...(recordId ? { recordId } : {}) };
    default:
      return { rowIndex, status: 'FAILED', errorCode: status.trim() === '' ? 'NO_RESULT' : status.trim().toUpperCase() };
  }
}

/** The result CSV's rows, positional with the uploaded rows; every uploaded row gets an outcome. */
export function outcomesFromResult(resultZip: Buffer, rowCount: number, firstRowIndex: number): BulkRowOutcome[] {
  let entries;
  try {
    entries = readZip(resultZip);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new PermanentError('ZOHO_BULK_RESULT_INVALID', `bulk write result is not a readable ZIP (${error.message})`);
    throw error;
  }
  const csv = entries.find((e) => e.name.toLowerCase().endsWith('.csv'));
  if (!csv) throw new PermanentError('ZOHO_BULK_RESULT_INVALID', 'bulk write result ZIP holds no CSV');
  const [header = [], ...rows] = parseCsv(csv.data.toString('utf8'));
  const col = (name: string) => header.findIndex((h) => h.trim().toUpperCase() === name);
  const [statusAt, idAt, errorsAt] = [col('STATUS'), col('RECORD_ID'), col('ERRORS')];
  if (statusAt < 0 || idAt < 0) throw new PermanentError('ZOHO_BULK_RESULT_INVALID', 'bulk write result CSV has no STATUS/RECORD_ID column');
  return Array.from({ length: rowCount }, (_, i) => {
    const row = rows[i];
    if (!row) return { rowIndex: firstRowIndex + i, status: 'FAILED' as const, errorCode: 'NO_RESULT' };
    return rowOutcome(firstRowIndex + i, row[statusAt] ?? '', row[idAt] ?? '', errorsAt < 0 ? '' : (row[errorsAt] ?? ''));
  });
}

let orgIds = new WeakMap<ZohoApi, string>();

async function orgId(api: ZohoApi): Promise<string> {
  const known = orgIds.get(api);
  if (known) return known;
  const { json } = await api.request('GET', '/crm/v8/org');
  const zgid = (json as { org?: Array<{ zgid?: unknown }> } | null)?.org?.[0]?.zgid;
  if (typeof zgid !== 'string' && typeof zgid !== 'number') throw new PermanentError('ZOHO_ORG_UNKNOWN', 'GET /crm/v8/org answered no zgid');
  orgIds.set(api, String(zgid));
  return String(zgid);
}

/** For tests that swap orgs behind one client. */
export function forgetOrgIds(): void {
  orgIds = new WeakMap();
}

/**
 * Zoho's Bulk Write flow, one job per 25,000 rows: ZIP of one CSV → upload (`feature: bulk-write`,
 * `X-CRM-ORG`) → create job (500 credits; never repeated after an unclear failure) → poll → download
 * the result ZIP → one outcome per row.
 */
export async function runBulkWrite(api: ZohoApi, request: BulkWriteRequest, wait: Sleep = sleep): Promise<BulkRowOutcome[]> {
  if (request.operation !== 'insert' && !request.findBy) throw new Error(`bulk ${request.operation} needs findBy`);
  const columns = columnsOf(request.rows);
  if (columns.length > BULK_MAX_COLUMNS) throw new Error(`bulk write takes at most ${BULK_MAX_COLUMNS} columns, got ${columns.length}`);
  const outcomes: BulkRowOutcome[] = [];
  for (let start = 0; start < request.rows.length; start += BULK_MAX_ROWS) {
    const rows = request.rows.slice(start, start + BULK_MAX_ROWS);
    outcomes.push(...(await runJob(api, request, columns, rows, start, wait)));
  }
  return outcomes;
}

async function runJob(api: ZohoApi, request: BulkWriteRequest, columns: string[], rows: Array<Record<string, string>>, firstRowIndex: number, wait: Sleep): Promise<BulkRowOutcome[]> {
  const fileName = request.fileName ?? `${request.module}.csv`;
  const csv = writeCsv([columns, ...rows.map((row) => columns.map((c) => row[c] ?? ''))]);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(writeZip([{ name: fileName, data: Buffer.from(csv, 'utf8') }]))]), `${fileName}.zip`);
  const zgid = await orgId(api);
  // Repeating an upload only leaves an unused file behind, so it may be retried.
  const upload = await api.request('POST', `${await api.uploadBase()}/crm/v8/upload`, form, {
    endpoint: '/crm/v8/upload',
    headers: { feature: 'bulk-write', 'X-CRM-ORG': zgid },
    idempotent: true,
  });
  const fileId = (upload.json as { details?: { file_id?: unknown } } | null)?.details?.file_id;
  if (typeof fileId !== 'string') throw new PermanentError('ZOHO_BULK_UPLOAD_FAILED', 'bulk write upload answered no file_id');

  const job = await api.request(
    'POST',
    '/crm/bulk/v8/write',
    {
    operation: request.operation,
    ignore_empty: request.ignoreEmpty ?? true,
    character_encoding: 'UTF-8',
    resource: [
      {
        type: 'data',
        module: { api_name: request.module },
        file_id: fileId,
        ...(request.findBy ? { find_by: request.findBy } : {}),
        field_mappings: columns.map(fieldMapping),
      },
    ],
    },
    { endpoint: '/crm/bulk/v8/write' },
  );
  const jobId = (job.json as { details?: { id?: unknown } } | null)?.details?.id;
  if (typeof jobId !== 'string') throw new PermanentError('ZOHO_BULK_JOB_FAILED', 'bulk write job creation answered no id');

  const deadline = Date.now() + (request.pollTimeoutMs ?? 2 * 3_600_000);
  for (;;) {
    const { json } = await api.request('GET', `/crm/bulk/v8/write/${encodeURIComponent(jobId)}`, undefined, { endpoint: '/crm/bulk/v8/write/{id}' });
    const body = json as { status?: string; result?: { download_url?: unknown } } | null;
    const downloadUrl = body?.result?.download_url;
    if (body?.status === 'COMPLETED' && typeof downloadUrl === 'string' && downloadUrl !== '') {
      // The token goes only to a Zoho host (ZohoApi refuses any other with ZOHO_UNTRUSTED_HOST, permanent:
      // the writer then writes the group through the records API, upserting by the same key).
      const result = await api.request('GET', downloadUrl, undefined, { endpoint: '/bulk-write/result', binary: true });
      if (!result.bytes) throw new PermanentError('ZOHO_BULK_RESULT_INVALID', 'bulk write result download was empty');
      return outcomesFromResult(result.bytes, rows.length, firstRowIndex);
    }
    if (body?.status === 'FAILED') {
      // The whole job failed: every row is reported, none dropped.
      return rows.map((_, i) => ({ rowIndex: firstRowIndex + i, status: 'FAILED' as const, errorCode: 'JOB_FAILED' }));
    }
    if (Date.now() > deadline) throw new TransientError('ZOHO_BULK_JOB_TIMEOUT', `bulk write job still ${body?.status ?? 'unknown'} after the poll timeout`);
    await request.onPoll?.();
    await wait(request.pollIntervalMs ?? 5_000);
  }
}
