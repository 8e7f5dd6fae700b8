// Decides what an API call costs in credits and whether it competes for the 10-slot
// sub-concurrency pool (reference §7), from method, path and body alone.
import { coqlCreditCost, writeCreditCost } from './credit-ledger.ts';
import { COQL_DEFAULT_LIMIT, parseCoql } from './coql-parser.ts';

export interface ApiCallClass {
  cost: number;
  /** Writes of more than 10 records and COQL queries share Zoho's 10-slot "complex API" pool. */
  complex: boolean;
}

const NON_MODULE_SEGMENTS = new Set(['settings', 'users', 'org', 'coql', 'upload']);

function recordCount(body: unknown): number {
  const data = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['data'] : undefined;
  return Array.isArray(data) ? data.length : 1;
}

function coqlLimit(body: unknown): number {
  const query = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['select_query'] : undefined;
  if (typeof query !== 'string') return COQL_DEFAULT_LIMIT;
  try {
    return parseCoql(query).limit;
  } catch {
    return COQL_DEFAULT_LIMIT;
  }
}

/** `path` is relative to /crm/v8, e.g. "/Contacts/upsert". */
export function classifyApiCall(method: string, path: string, body: unknown): ApiCallClass {
  const segments = path.split('/').filter((s) => s !== '');
  const [first, second] = segments;
  if (first === 'coql' && method === 'POST' && segments.length === 1) {
    return { cost: coqlCreditCost(coqlLimit(body)), complex: true };
  }
  // Creating a custom module costs 500 credits (reference §4/§7, secondary sources).
  if (first === 'settings' && second === 'modules' && segments.length === 2 && method === 'POST') return { cost: 500, complex: false };
  const isModulePath = first !== undefined && !NON_MODULE_SEGMENTS.has(first);
  const isWrite =
    isModulePath &&
    ((segments.length === 1 && (method === 'POST' || method === 'PUT')) ||
      (segments.length === 2 && second === 'upsert' && method === 'POST') ||
      (segments.length === 2 && second !== 'upsert' && second !== 'search' && method === 'PUT') ||
      // Notes created under a parent record cost like any write (1 credit per 10 records).
      (segments.length === 3 && segments[2] === 'Notes' && method === 'POST'));
  if (isWrite) {
    const count = recordCount(body);
    return { cost: writeCreditCost(count), complex: count > 10 };
  }
  return { cost: 1, complex: false };
}

/** Calls under /crm/bulk/v8 (`path` relative to it): creating a Bulk Write job costs 500 credits (reference §5/§7). */
export function classifyBulkApiCall(method: string, path: string): ApiCallClass {
  const segments = path.split('/').filter((s) => s !== '');
  if (method === 'POST' && segments.length === 1 && segments[0] === 'write') return { cost: 500, complex: false };
  return { cost: 1, complex: false };
}
