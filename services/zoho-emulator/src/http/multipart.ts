// multipart/form-data without a dependency: the raw body (express.raw) is handed to undici's
// Request.formData(), which Node 20 ships. Used by the attachment and bulk-write upload endpoints.
import type { Request } from 'express';
import { zohoError, ZohoApiError } from '../zoho-errors.ts';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

export interface MultipartForm {
  files: Map<string, UploadedFile>;
  fields: Map<string, string>;
}

export function isMultipart(req: Request): boolean {
  return (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/');
}

export async function readMultipart(req: Request): Promise<MultipartForm> {
  const contentType = req.get('content-type') ?? '';
  const body: unknown = req.body;
  if (!isMultipart(req) || !Buffer.isBuffer(body)) {
    // Zoho's code for a non-multipart upload is UNCONFIRMED.
    throw new ZohoApiError(400, zohoError('INVALID_REQUEST', 'multipart/form-data expected'));
  }
  let form: FormData;
  try {
    form = await new Request('http://emulator.local/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    throw new ZohoApiError(400, zohoError('INVALID_REQUEST', 'the multipart body could not be parsed'));
  }
  const files = new Map<string, UploadedFile>();
  const fields = new Map<string, string>();
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields.set(key, value);
    else files.set(key, { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return { files, fields };
}
