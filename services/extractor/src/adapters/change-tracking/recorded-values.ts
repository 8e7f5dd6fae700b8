/**
 * Driver results as JSON: a Date becomes {"$date": ISO}, a Buffer {"$base64": …}, a bigint its
 * decimal string (tedious itself returns BIGINT as a string). Reviving gives back exactly the values
 * the mssql driver returned, so recorded fixtures exercise the same mapping code as a live server.
 */
export function toRecordedJson(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Buffer.isBuffer(value)) return { $base64: value.toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toRecordedJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toRecordedJson(v)]));
  }
  return value;
}

export function fromRecordedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromRecordedJson);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [tag, inner] = entries[0]!;
      if (tag === '$date' && typeof inner === 'string') return new Date(inner);
      if (tag === '$base64' && typeof inner === 'string') return Buffer.from(inner, 'base64');
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, fromRecordedJson(v)]));
  }
  return value;
}

/** JSON text of a fixture → revived values. */
export function parseRecordedJson(text: string): unknown {
  return fromRecordedJson(JSON.parse(text));
}
