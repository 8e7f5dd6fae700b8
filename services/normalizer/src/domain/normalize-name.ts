/** Trims, collapses inner white space, and title-cases names typed in all capitals or all lower case. */
export function normalizeName(raw: string | null): string | null {
  if (raw === null) return null;
  const collapsed = raw.trim().replace(/\s+/g, ' ');
  if (collapsed === '') return null;
  const shouting = collapsed === collapsed.toUpperCase() || collapsed === collapsed.toLowerCase();
  if (!shouting) return collapsed; // mixed case was typed on purpose (McDonald, de la Cruz)
  return collapsed.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}
