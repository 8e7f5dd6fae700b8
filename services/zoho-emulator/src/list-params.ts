// Query-parameter rules of GET /{module} (reference §2.3; error shapes from Zoho OAS v8 getRecords).
import type { SortField } from './record-repository.ts';
import { errors, zohoError, ZohoApiError } from './zoho-errors.ts';

export const MAX_LIST_FIELDS = 50;
export const MAX_PER_PAGE = 200;
export const MAX_PAGE_REACH = 2000;
export const MAX_TOKEN_REACH = 100_000;
export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

const SORT_FIELDS: readonly SortField[] = ['id', 'Created_Time', 'Modified_Time'];

export type QueryParams = Record<string, string | undefined>;

export interface ListParams {
  fields: string[];
  perPage: number;
  offset: number;
  page: number;
  sortBy: SortField;
  sortOrder: 'asc' | 'desc';
  ids: string[] | null;
}

interface PageTokenPayload {
  m: string;
  o: number;
  s: SortField;
  d: 'asc' | 'desc';
  e: number;
}

function bad(body: ReturnType<typeof zohoError>): never {
  throw new ZohoApiError(400, body);
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) bad(errors.invalidParam(name));
  return Number(value);
}

export function parseFieldsParam(value: string | undefined, required: boolean): string[] | null {
  if (value === undefined || value.trim() === '') {
    if (required) bad(errors.requiredParamMissing('fields'));
    return null;
  }
  const fields = [...new Set(value.split(',').map((f) => f.trim()).filter((f) => f !== ''))];
  if (fields.length > MAX_LIST_FIELDS) bad(errors.limitExceeded('fields', MAX_LIST_FIELDS));
  return fields;
}

export function encodePageToken(payload: PageTokenPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodePageToken(token: string): PageTokenPayload | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageTokenPayload>;
    if (typeof parsed.m !== 'string' || typeof parsed.o !== 'number' || typeof parsed.e !== 'number') return null;
    if (!SORT_FIELDS.includes(parsed.s as SortField) || (parsed.d !== 'asc' && parsed.d !== 'desc')) return null;
    return parsed as PageTokenPayload;
  } catch {
    return null;
  }
}

export function parseListParams(module: string, query: QueryParams, nowMs: number): ListParams {
  const fields = parseFieldsParam(query['fields'], true) ?? [];
  const perPage = positiveInt(query['per_page'], 'per_page', MAX_PER_PAGE);
  if (perPage > MAX_PER_PAGE) bad(errors.invalidParam('per_page', { maximum_value: MAX_PER_PAGE }));
  const ids = query['ids'] ? query['ids'].split(',').map((id) => id.trim()).filter((id) => id !== '') : null;

  const token = query['page_token'];
  if (token !== undefined && query['page'] !== undefined) {
    bad(zohoError('AMBIGUITY_DURING_PROCESSING', 'page and page_token cannot be used together', {
      ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }],
    }));
  }
  if (token !== undefined) {
    const payload = decodePageToken(token);
    if (!payload) bad(errors.invalidParam('page_token'));
    if (payload.m !== module) bad(zohoError('TOKEN_BOUND_DATA_MISMATCH', 'page_token belongs to another query', { param_name: 'page_token' }));
    if (payload.e < nowMs) bad(zohoError('EXPIRED_VALUE', 'page_token has expired', { api_name: 'page_token', json_path: 'page_token' }));
    if (payload.o >= MAX_TOKEN_REACH) {
      bad(zohoError('PAGINATION_LIMIT_EXCEEDED', `You can only get upto ${MAX_TOKEN_REACH} records using page_token param`, { param_name: 'page_token' }));
    }
    return { fields, perPage, offset: payload.o, page: Math.floor(payload.o / perPage) + 1, sortBy: payload.s, sortOrder: payload.d, ids };
  }

  const page = positiveInt(query['page'], 'page', 1);
  if (page * perPage > MAX_PAGE_REACH) {
    bad(zohoError('DISCRETE_PAGINATION_LIMIT_EXCEEDED', `You can only get the first ${MAX_PAGE_REACH} records without using page_token param`, { limit: MAX_PAGE_REACH }));
  }
  const sortBy = (query['sort_by'] ?? 'id') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) bad(errors.invalidParam('sort_by', { supported_values: SORT_FIELDS }));
  const sortOrder = query['sort_order'] ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') bad(errors.invalidParam('sort_order', { supported_values: ['asc', 'desc'] }));
  return { fields, perPage, offset: (page - 1) * perPage, page, sortBy, sortOrder, ids };
}
