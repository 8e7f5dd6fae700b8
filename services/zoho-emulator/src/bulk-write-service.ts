// Bulk Write API (reference §5): upload a ZIP with one CSV, create a job, poll it, download the
// result ZIP. Jobs advance one state per poll (ADDED → IN PROGRESS → COMPLETED) so clients see
// every state deterministically; the rows are written when the job reaches COMPLETED.
import { parseBulkJobRequest, type BulkJobRequest } from './bulk-write-request.ts';
import { runBulkResource, type BulkRowDeps, type ResourceOutcome } from './bulk-write-rows.ts';
import { parseCsv, writeCsv } from './csv-text.ts';
import { formatZohoDateTime, type Db, type IdGenerator } from './database.ts';
import { ADMIN_REF, ORG } from './org-identity.ts';
import { readZip, writeZip, ZipFormatError } from './zip-archive.ts';
import { zohoError, ZohoApiError } from './zoho-errors.ts';

export const MAX_BULK_ZIP_BYTES = 25 * 1024 * 1024;

type JobStatus = 'ADDED' | 'IN PROGRESS' | 'COMPLETED' | 'FAILED';

interface JobRow {
  id: string;
  request: string;
  status: JobStatus;
  polls: number;
  created_time: string;
  resources: string | null;
  result_zip: Buffer | null;
}

type StoredOutcome = Omit<ResourceOutcome, 'resultRows'> & { file_name: string };

export class BulkWriteService {
  readonly #db: Db;
  readonly #ids: IdGenerator;
  readonly #now: () => number;
  readonly #deps: BulkRowDeps;
  readonly #transaction: <T>(fn: () => T) => T;

  constructor(deps: BulkRowDeps & { db: Db; ids: IdGenerator; now: () => number; transaction: <T>(fn: () => T) => T }) {
    this.#db = deps.db;
    this.#ids = deps.ids;
    this.#now = deps.now;
    this.#transaction = deps.transaction;
    this.#deps = { metadata: deps.metadata, records: deps.records, writes: deps.writes };
  }

  /** POST /crm/v8/upload with `feature: bulk-write` and `X-CRM-ORG`. */
  upload(headers: { feature: string | undefined; org: string | undefined }, file: { name: string; bytes: Buffer } | undefined): { httpStatus: number; body: unknown } {
    // Codes for a missing feature/org header are UNCONFIRMED.
    if (headers.feature !== 'bulk-write') throw new ZohoApiError(400, zohoError('INVALID_REQUEST', 'the feature header is missing or invalid', { header_name: 'feature' }));
    if (headers.org !== ORG.zgid) throw new ZohoApiError(400, zohoError('INVALID_REQUEST', 'the X-CRM-ORG header is missing or invalid', { header_name: 'X-CRM-ORG' }));
    if (!file) throw new ZohoApiError(400, zohoError('REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: 'file' }));
    if (file.bytes.length > MAX_BULK_ZIP_BYTES) throw new ZohoApiError(413, zohoError('FILE_TOO_LARGE', 'file size is too large'));
    try {
      const csvs = readZip(file.bytes).filter((e) => e.name.toLowerCase().endsWith('.csv'));
      if (csvs.length !== 1) throw new ZipFormatError('exactly one CSV expected');
    } catch (error) {
      if (error instanceof ZipFormatError) throw new ZohoApiError(400, zohoError('INVALID_FILE_FORMAT', 'only zip format is supported'));
      throw error;
    }
    const id = this.#ids.next();
    const time = formatZohoDateTime(this.#now());
    this.#db.prepare('INSERT INTO bulk_files (id, file_name, content, created_time) VALUES (?, ?, ?, ?)').run(id, file.name, file.bytes, time);
    return { httpStatus: 200, body: { status: 'success', code: 'FILE_UPLOAD_SUCCESS', message: 'file uploaded.', details: { file_id: id, created_time: time } } };
  }

  /** POST /crm/bulk/v8/write (500 credits, charged by the gate). */
  createJob(body: unknown): { httpStatus: number; body: unknown } {
    const request = parseBulkJobRequest(body, this.#deps.metadata, (id) => this.#file(id) !== undefined);
    const id = this.#ids.next();
    this.#db
      .prepare('INSERT INTO bulk_jobs (id, request, status, created_time) VALUES (?, ?, ?, ?)')
      .run(id, JSON.stringify(request), 'ADDED', formatZohoDateTime(this.#now()));
    return { httpStatus: 201, body: { status: 'success', code: 'SUCCESS', message: 'success', details: { id, created_by: { ...ADMIN_REF } } } };
  }

  /** GET /crm/bulk/v8/write/{job_id}; `apiDomain` builds result.download_url. Top-level (unwrapped) shape per reference §5 step 4. */
  getJob(jobId: string, apiDomain: string): { httpStatus: number; body: unknown } {
    let job = this.#job(jobId);
    // Poll 1 sees ADDED, poll 2 IN PROGRESS, poll 3 runs the rows and sees COMPLETED.
    this.#db.prepare('UPDATE bulk_jobs SET polls = polls + 1 WHERE id = ?').run(job.id);
    if (job.status === 'ADDED' && job.polls >= 1) job = this.#setStatus(job, 'IN PROGRESS');
    else if (job.status === 'IN PROGRESS') job = this.#complete(job);
    const request = JSON.parse(job.request) as BulkJobRequest;
    const outcomes = job.resources ? (JSON.parse(job.resources) as StoredOutcome[]) : null;
    const resource = request.resources.map((r, i) => {
      const outcome = outcomes?.[i];
      const module = this.#deps.metadata.getModule(r.module);
      return {
        status: job.status,
        type: 'data',
        module: { api_name: r.module, id: module?.id ?? null },
        find_by: r.find_by,
        field_mappings: r.field_mappings,
        file: outcome
          ? { status: 'COMPLETED', name: outcome.file_name, added_count: outcome.added, skipped_count: outcome.skipped, updated_count: outcome.updated, total_count: outcome.total }
          : { status: job.status, name: this.#file(r.file_id)?.file_name ?? null },
      };
    });
    const body: Record<string, unknown> = {
      status: job.status,
      character_encoding: 'UTF-8',
      resource,
      id: job.id,
      created_by: { ...ADMIN_REF },
      operation: request.operation,
      created_time: job.created_time,
    };
    if (job.status === 'COMPLETED') body['result'] = { download_url: `${apiDomain}/v2/crm/${ORG.zgid}/bulk-write/${job.id}/${job.id}.zip` };
    return { httpStatus: 200, body };
  }

  resultZip(jobId: string): Buffer {
    const job = this.#job(jobId);
    if (!job.result_zip) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the result is not available yet', { resource_path_index: 0 }));
    return job.result_zip;
  }

  #complete(job: JobRow): JobRow {
    const request = JSON.parse(job.request) as BulkJobRequest;
    return this.#transaction(() => {
      const outcomes: StoredOutcome[] = [];
      const files: Array<{ name: string; data: Buffer }> = [];
      for (const resource of request.resources) {
        const file = this.#file(resource.file_id);
        const entry = file ? readZip(file.content).find((e) => e.name.toLowerCase().endsWith('.csv')) : undefined;
        const rows = entry ? parseCsv(entry.data.toString('utf8')) : [];
        const { resultRows, ...counts } = runBulkResource(request.operation, request.ignore_empty, resource, rows, this.#deps);
        // Result CSVs are named "{module}-{uploaded file name}" (Zoho docs: "Deals-bulkwrite").
        const name = `${resource.module}-${(entry?.name ?? 'bulkwrite.csv').split('/').pop() ?? 'bulkwrite.csv'}`;
        outcomes.push({ ...counts, file_name: name });
        files.push({ name, data: Buffer.from(writeCsv(resultRows), 'utf8') });
      }
      const zip = writeZip(files);
      this.#db.prepare('UPDATE bulk_jobs SET status = ?, resources = ?, result_zip = ? WHERE id = ?').run('COMPLETED', JSON.stringify(outcomes), zip, job.id);
      return this.#job(job.id);
    });
  }

  #setStatus(job: JobRow, status: JobStatus): JobRow {
    this.#db.prepare('UPDATE bulk_jobs SET status = ? WHERE id = ?').run(status, job.id);
    return { ...job, status };
  }

  #job(jobId: string): JobRow {
    const job = this.#db.prepare('SELECT * FROM bulk_jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    // Zoho's answer for an unknown job id is UNCONFIRMED.
    if (!job) throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the job id given seems to be invalid', { resource_path_index: 0 }));
    return job;
  }

  #file(fileId: string): { file_name: string; content: Buffer } | undefined {
    return this.#db.prepare('SELECT file_name, content FROM bulk_files WHERE id = ?').get(fileId) as { file_name: string; content: Buffer } | undefined;
  }
}

