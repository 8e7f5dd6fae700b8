// Validation of POST /crm/bulk/v8/write bodies (reference §5 step 3, OAS `bulk_write`
// Request_Wrapper/Resource). Error shapes for invalid jobs are UNCONFIRMED: INVALID_DATA /
// MANDATORY_NOT_FOUND with api_name + json_path, like the records API.
import type { MetadataRepository } from './metadata-repository.ts';
import { zohoError, ZohoApiError } from './zoho-errors.ts';

export type BulkOperation = 'insert' | 'update' | 'upsert';

export interface BulkFieldMapping {
  api_name: string;
  index: number;
  find_by?: string;
  default_value?: { value: string };
}

export interface BulkResource {
  module: string;
  file_id: string;
  find_by: string | null;
  field_mappings: BulkFieldMapping[];
}

export interface BulkJobRequest {
  operation: BulkOperation;
  ignore_empty: boolean;
  resources: BulkResource[];
}

function reject(apiName: string, jsonPath: string, code = 'INVALID_DATA', message = 'invalid data'): never {
  throw new ZohoApiError(400, zohoError(code, message, { api_name: apiName, json_path: jsonPath }));
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function parseBulkJobRequest(body: unknown, metadata: MetadataRepository, fileExists: (id: string) => boolean): BulkJobRequest {
  const input = asRecord(body) ?? {};
  const operation = input['operation'];
  if (operation === undefined) reject('operation', '$.operation', 'MANDATORY_NOT_FOUND', 'required field not found');
  if (operation !== 'insert' && operation !== 'update' && operation !== 'upsert') reject('operation', '$.operation');
  const rawResources = input['resource'];
  if (rawResources === undefined) reject('resource', '$.resource', 'MANDATORY_NOT_FOUND', 'required field not found');
  // Several resources exist only for parent + subform CSVs, which the emulator does not model.
  if (!Array.isArray(rawResources) || rawResources.length !== 1) reject('resource', '$.resource');

  const resources = rawResources.map((raw, i): BulkResource => {
    const path = `$.resource[${i}]`;
    const r = asRecord(raw);
    if (!r) reject('resource', path);
    if (r['type'] !== undefined && r['type'] !== 'data') reject('type', `${path}.type`);
    const moduleName = asRecord(r['module'])?.['api_name'];
    const module = typeof moduleName === 'string' ? metadata.getModule(moduleName) : undefined;
    if (!module) reject('module', `${path}.module`);
    const fileId = r['file_id'];
    if (typeof fileId !== 'string' || !fileExists(fileId)) reject('file_id', `${path}.file_id`);
    const findBy = r['find_by'];
    const fields = metadata.listFields(module.api_name);
    if (operation !== 'insert') {
      // update/upsert match rows on find_by: the record id (update only) or a unique / duplicate-check field.
      const matchable = findBy === 'id' ? operation === 'update' : typeof findBy === 'string' && fields.some((f) => f.api_name === findBy && !f.read_only);
      if (findBy === undefined) reject('find_by', `${path}.find_by`, 'MANDATORY_NOT_FOUND', 'required field not found');
      if (!matchable) reject('find_by', `${path}.find_by`);
    }
    const mappings = r['field_mappings'];
    // Zoho maps CSV headers by name when field_mappings is omitted; the emulator requires explicit mappings (UNCONFIRMED gap).
    if (!Array.isArray(mappings) || mappings.length === 0) reject('field_mappings', `${path}.field_mappings`, 'MANDATORY_NOT_FOUND', 'required field not found');
    const parsed = mappings.map((m, j): BulkFieldMapping => {
      const mp = `${path}.field_mappings[${j}]`;
      const mapping = asRecord(m);
      const apiName = mapping?.['api_name'];
      const index = mapping?.['index'];
      if (typeof apiName !== 'string' || apiName === '') reject('api_name', `${mp}.api_name`);
      const fieldName = apiName.split('.')[0] ?? apiName;
      if (fieldName !== 'id' && !fields.some((f) => f.api_name === fieldName)) reject('api_name', `${mp}.api_name`);
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) reject('index', `${mp}.index`);
      const out: BulkFieldMapping = { api_name: apiName, index };
      if (typeof mapping?.['find_by'] === 'string') out.find_by = mapping['find_by'];
      const dv = asRecord(mapping?.['default_value'])?.['value'];
      if (typeof dv === 'string') out.default_value = { value: dv };
      return out;
    });
    return { module: module.api_name, file_id: fileId, find_by: typeof findBy === 'string' ? findBy : null, field_mappings: parsed };
  });
  return { operation, ignore_empty: input['ignore_empty'] === true, resources };
}
