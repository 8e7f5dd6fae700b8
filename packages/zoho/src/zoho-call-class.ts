/**
 * What a Zoho call costs and which limits it competes for, from method, path and body alone
 * (reference §7). The emulator classifies the same way on its side; this copy is the client's own
 * reading of the reference, so a drift shows up as a 429 or a credit mismatch in the tests.
 */
export interface ZohoCallClass {
  /** Credits by Zoho's published table. */
  credits: number;
  /** Counts against the 10-slot sub-concurrency pool (writes of more than 10 records, COQL, bulk). */
  complex: boolean;
  /** Safe to repeat after a 5xx or a timeout: reads, upserts, updates by id, deletes. */
  idempotent: boolean;
}

const NON_MODULE_SEGMENTS = new Set(['settings', 'users', 'org', 'coql', 'upload']);

/** Insert/update/upsert: 1 credit per 10 records, at least 1. */
export function writeCredits(recordCount: number): number {
  return Math.max(1, Math.ceil(recordCount / 10));
}

/** COQL by LIMIT: 1–200 → 1, 201–1000 → 2, 1001–2000 → 3. */
export function coqlCredits(limit: number): number {
  if (limit <= 200) return 1;
  if (limit <= 1000) return 2;
  return 3;
}

function recordCount(body: unknown): number {
  const data = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['data'] : undefined;
  return Array.isArray(data) ? data.length : 1;
}

/** LIMIT of a COQL select: `limit N`, `limit offset, N` or `limit N offset M`; Zoho's default is 200. */
export function coqlLimit(query: string): number {
  const match = /\blimit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(query);
  if (!match) return 200;
  return Number(match[2] ?? match[1]);
}

/** `path` is the full request path, e.g. `/crm/v8/Contacts/upsert` or `/crm/bulk/v8/write`. */
export function classifyZohoCall(method: string, path: string, body?: unknown): ZohoCallClass {
  const [bare = ''] = path.split('?');
  if (bare.startsWith('/crm/bulk/')) {
    const creating = method === 'POST';
    // Bulk Write job 500, Bulk Read job 50; polls 1. Creating a job is not idempotent.
    const credits = creating ? (bare.includes('/write') ? 500 : 50) : 1;
    return { credits, complex: creating, idempotent: !creating };
  }
  const segments = bare.split('/').filter((s) => s !== '').slice(2); // drop 'crm', 'v8'
  const [first, second] = segments;
  if (first === 'coql' && method === 'POST') {
    const query = (body as { select_query?: unknown } | undefined)?.select_query;
    return { credits: coqlCredits(typeof query === 'string' ? coqlLimit(query) : 200), complex: true, idempotent: true };
  }
  if (first === 'settings' && second === 'modules' && segments.length === 2 && method === 'POST') return { credits: 500, complex: false, idempotent: false };
  if (first === 'upload') return { credits: 1, complex: false, idempotent: false };
  const isModule = first !== undefined && !NON_MODULE_SEGMENTS.has(first);
  const isWrite =
    isModule &&
    ((segments.length === 1 && (method === 'POST' || method === 'PUT')) ||
      (segments.length === 2 && second === 'upsert' && method === 'POST') ||
      (segments.length === 2 && second !== 'search' && method === 'PUT') ||
      (segments.length === 3 && segments[2] === 'Notes' && method === 'POST'));
  if (isWrite) {
    const count = recordCount(body);
    // A plain insert (POST /{module}, POST Notes) creates new records each time it is sent.
    const idempotent = method === 'PUT' || second === 'upsert';
    return { credits: writeCredits(count), complex: count > 10, idempotent };
  }
  // Attachments create a new attachment per call; settings writes create fields.
  const idempotent = method === 'GET' || method === 'DELETE' || method === 'PUT';
  return { credits: 1, complex: false, idempotent };
}
