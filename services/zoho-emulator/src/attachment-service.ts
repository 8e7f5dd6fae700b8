// Attachments API (reference §3): one file (multipart field `file`) or one link (`attachmentUrl`)
// per call on an existing record; list and download. Bytes live in SQLite's attachments table.
import type { Db, IdGenerator } from './database.ts';
import { formatZohoDateTime } from './database.ts';
import type { MetadataRepository } from './metadata-repository.ts';
import { ADMIN_REF } from './org-identity.ts';
import type { RecordRepository } from './record-repository.ts';
import { errors, zohoError, ZohoApiError } from './zoho-errors.ts';

/** Reference §3: 100 MB (documented for v2; the v8 limit is UNCONFIRMED). */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

interface AttachmentRow {
  id: string;
  module: string;
  record_id: string;
  file_name: string;
  size: number;
  content: Buffer | null;
  link_url: string | null;
  created_time: string;
  created_ms: number;
}

export interface AttachmentInput {
  file?: { name: string; bytes: Buffer };
  attachmentUrl?: string;
  title?: string;
}

export type AttachmentSummary = Omit<AttachmentRow, 'content'>;

export class AttachmentService {
  readonly #db: Db;
  readonly #metadata: MetadataRepository;
  readonly #records: RecordRepository;
  readonly #ids: IdGenerator;
  readonly #now: () => number;

  constructor(deps: { db: Db; metadata: MetadataRepository; records: RecordRepository; ids: IdGenerator; now: () => number }) {
    this.#db = deps.db;
    this.#metadata = deps.metadata;
    this.#records = deps.records;
    this.#ids = deps.ids;
    this.#now = deps.now;
  }

  upload(moduleName: string, recordId: string, input: AttachmentInput): { httpStatus: number; body: unknown } {
    const module = this.#parent(moduleName, recordId);
    const { file, attachmentUrl } = input;
    if ((file === undefined) === (attachmentUrl === undefined)) {
      // Exactly one of the two per call; Zoho's code for neither/both is UNCONFIRMED.
      throw new ZohoApiError(400, zohoError('REQUIRED_PARAM_MISSING', 'either file or attachmentUrl is required', { param_name: 'file' }));
    }
    if (file && /\.exe$/i.test(file.name)) {
      // Refusal of .exe from reference §3; the exact code/message is UNCONFIRMED.
      throw new ZohoApiError(400, { data: [zohoError('INVALID_DATA', 'the file type is not supported', { param_name: 'file' })] });
    }
    if (file && file.bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new ZohoApiError(413, { data: [zohoError('FILE_SIZE_MORE_THAN_ALLOWED_SIZE', 'file size exceeds the allowed limit', { limit: MAX_ATTACHMENT_BYTES })] });
    }
    const nowMs = this.#now();
    const time = formatZohoDateTime(nowMs);
    const id = this.#ids.next();
    const fileName = file ? file.name : (input.title ?? attachmentUrl ?? '');
    this.#db
      .prepare('INSERT INTO attachments (id, module, record_id, file_name, size, content, link_url, created_time, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, module, recordId, fileName, file ? file.bytes.length : 0, file ? file.bytes : null, attachmentUrl ?? null, time, nowMs);
    return {
      httpStatus: 200,
      body: {
        data: [
          {
            code: 'SUCCESS',
            details: { Modified_Time: time, Modified_By: { ...ADMIN_REF }, Created_Time: time, id, Created_By: { ...ADMIN_REF } },
            // Zoho's v2 docs and observed responses say "attachment uploaded successfully"; v8 wording UNCONFIRMED.
            message: 'attachment uploaded successfully',
            status: 'success',
          },
        ],
      },
    };
  }

  list(moduleName: string, recordId: string): { httpStatus: 200; body: unknown } | { httpStatus: 204 } {
    const module = this.#parent(moduleName, recordId);
    const rows = this.#db
      .prepare('SELECT id, module, record_id, file_name, size, link_url, created_time, created_ms FROM attachments WHERE module = ? AND record_id = ? ORDER BY created_ms, id')
      .all(module, recordId) as AttachmentSummary[];
    if (rows.length === 0) return { httpStatus: 204 };
    const data = rows.map((r) => ({
      id: r.id,
      File_Name: r.file_name,
      // Zoho renders Size as a string of bytes (UNCONFIRMED for v8).
      Size: String(r.size),
      Created_Time: r.created_time,
      Modified_Time: r.created_time,
      Created_By: { ...ADMIN_REF },
      Modified_By: { ...ADMIN_REF },
      Owner: { ...ADMIN_REF },
      Parent_Id: { id: r.record_id },
      $se_module: r.module,
      $type: r.link_url === null ? 'Attachment' : 'Link URL',
      $link_url: r.link_url,
    }));
    return { httpStatus: 200, body: { data, info: { per_page: 200, count: data.length, page: 1, more_records: false } } };
  }

  download(moduleName: string, recordId: string, attachmentId: string): { fileName: string; bytes: Buffer } {
    const module = this.#parent(moduleName, recordId);
    const row = this.#db.prepare('SELECT * FROM attachments WHERE module = ? AND record_id = ? AND id = ?').get(module, recordId, attachmentId) as AttachmentRow | undefined;
    if (!row || row.content === null) {
      throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 3 }));
    }
    return { fileName: row.file_name, bytes: row.content };
  }

  /**
   * DELETE /{module}/{id}/Attachments/{attachment_id}: Zoho answers one item (code SUCCESS); an unknown
   * attachment is INVALID_DATA (the exact v8 wording is UNCONFIRMED), an unknown parent too (#parent).
   */
  remove(moduleName: string, recordId: string, attachmentId: string): { httpStatus: number; body: unknown } {
    const module = this.#parent(moduleName, recordId);
    const removed = this.#db.prepare('DELETE FROM attachments WHERE module = ? AND record_id = ? AND id = ?').run(module, recordId, attachmentId).changes > 0;
    const item = removed
      ? { code: 'SUCCESS', details: { id: attachmentId }, message: 'record deleted', status: 'success' }
      : zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 3 });
    return { httpStatus: removed ? 200 : 400, body: { data: [item] } };
  }

  /** Metadata only (no bytes) for exportState. */
  all(): AttachmentSummary[] {
    return this.#db.prepare('SELECT id, module, record_id, file_name, size, link_url, created_time, created_ms FROM attachments ORDER BY created_ms, id').all() as AttachmentSummary[];
  }

  #parent(moduleName: string, recordId: string): string {
    const module = this.#metadata.getModule(moduleName);
    if (!module) throw new ZohoApiError(400, errors.invalidModule());
    if (!this.#records.get(module.api_name, recordId)) {
      throw new ZohoApiError(400, zohoError('INVALID_DATA', 'the id given seems to be invalid', { resource_path_index: 1 }));
    }
    return module.api_name;
  }
}
