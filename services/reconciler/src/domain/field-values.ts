/**
 * Whether Zoho's current value of a field is the value the writer last sent. `sent` is the ledger's
 * JSON-encoded value; `actual` is what Zoho answers (lookups come back as {id, name}, numbers may come
 * back as strings, empty text as null, multi-select as an array in any order).
 */
export function sameFieldValue(sent: string, actual: unknown): boolean {
  let expected: unknown;
  try {
    expected = JSON.parse(sent) as unknown;
  } catch {
    expected = sent;
  }
  return canonical(expected) === canonical(actual);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value)) return JSON.stringify(value.map(canonical).sort());
  if (typeof value === 'object') {
    const id = (value as Record<string, unknown>)['id'];
    if (id !== undefined && id !== null) return String(id);
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify(entries.map(([k, v]) => [k, canonical(v)]));
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value).trim();
}

/** FNV-1a, 32 bit: a stable, platform-independent order for sampling. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A deterministic sample: the `size` keys with the smallest FNV-1a hash (ties by key). The same keys are
 * chosen on every run while the set is unchanged, and a new key joins the sample only if it hashes low.
 */
export function deterministicSample(keys: Iterable<string>, size: number | undefined): Set<string> {
  const all = [...keys];
  if (size === undefined || size >= all.length) return new Set(all);
  return new Set(
    all
      .map((k) => [fnv1a(k), k] as const)
      .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .slice(0, Math.max(0, size))
      .map(([, k]) => k),
  );
}
