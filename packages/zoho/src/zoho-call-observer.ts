/** One Zoho API call as metrics see it: an endpoint template, never a record id or a query value. */
export interface ZohoCall {
  method: string;
  /** e.g. `/crm/v8/{module}/upsert`, `/crm/v8/settings/fields`. */
  endpoint: string;
}

export interface ZohoCallResult {
  /** HTTP status, or `none` when no response came back. */
  status: string;
  /** Zoho's top-level `code` for an error answer (INVALID_TOKEN, TOO_MANY_REQUESTS…), `OK` for a 2xx, `NO_RESPONSE`. */
  code: string;
  durationSeconds: number;
  /** X-API-CREDITS-REMAINING, which Zoho sends only once half of the daily budget is used. */
  creditsRemaining?: number;
  /** Credits this call cost by Zoho's published table (1 per call; writes 1 per 10 records). An estimate. */
  creditsCharged: number;
}

/** Optional hooks the client calls around every request (metrics; tests). */
export interface ZohoCallObserver {
  started(call: ZohoCall): void;
  finished(call: ZohoCall, result: ZohoCallResult): void;
}

const KNOWN_SEGMENTS = new Set(['settings', 'upsert', 'search', 'coql', 'org', 'users', 'actions', 'bulk', 'read', 'write', 'deleted', 'fields', 'modules', 'layouts', 'Notes', 'Attachments']);

/**
 * The template of a request path: the query string is dropped, numeric ids become {id}, and the module
 * (first segment after the version) becomes {module}. Keeps metric labels bounded and free of data.
 */
export function endpointTemplate(path: string): string {
  const [bare = ''] = path.split('?');
  const segments = bare.split('/');
  // Bulk API paths (/crm/bulk/v8/write/{id}) carry no module in the path.
  if (segments[2] === 'bulk') return segments.map((segment) => (/^\d+$/.test(segment) ? '{id}' : segment)).join('/');
  // ['', 'crm', 'v8', <module or keyword>, ...]
  return segments
    .map((segment, i) => {
      if (/^\d+$/.test(segment)) return '{id}';
      if (i === 3 && segment !== '' && !KNOWN_SEGMENTS.has(segment)) return '{module}';
      return segment;
    })
    .join('/');
}

/** Zoho codes are upper-case words; anything else is folded so a label never holds arbitrary text. */
export function codeLabel(code: unknown): string | undefined {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined;
}
