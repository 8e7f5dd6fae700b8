import { pick } from './random.ts';

// How people and old systems spell the same value. Each function returns the stored text.

export function formatPhone(random: () => number, area: string, freeForm: boolean): string {
  const exchange = String(200 + Math.floor(random() * 700));
  const line = String(Math.floor(random() * 10000)).padStart(4, '0');
  if (!freeForm || random() < 0.4) return `(${area}) ${exchange}-${line}`;
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${area}.${exchange}.${line}`;
    case 1:
      return `${area}${exchange}${line}`;
    case 2:
      return `+1 ${area} ${exchange} ${line}`;
    case 3:
      return `${exchange}-${line} x${10 + Math.floor(random() * 90)}`;
    case 4:
      return `${area}-${exchange}-${line} (cell)`;
    default:
      return `1-${area}-${exchange}-${line}`;
  }
}

export function messyCase(random: () => number, value: string): string {
  switch (Math.floor(random() * 4)) {
    case 0:
      return value.toUpperCase();
    case 1:
      return value.toLowerCase();
    case 2:
      return ` ${value}  `;
    default:
      return value.replace(' ', '  ') === value ? `${value} ` : value.replace(' ', '  ');
  }
}

/** Two adjacent letters swapped (Micheal for Michael); never returns the name unchanged. */
export function transposeLetters(random: () => number, name: string): string {
  const candidates: number[] = [];
  for (let i = 1; i < name.length - 1; i++) {
    const a = name[i]!;
    const b = name[i + 1]!;
    if (a !== b && /\p{L}/u.test(a) && /\p{L}/u.test(b)) candidates.push(i);
  }
  if (candidates.length === 0) return `${name}${name.at(-1) ?? 'e'}`;
  const i = pick(random, candidates);
  return `${name.slice(0, i)}${name[i + 1]}${name[i]}${name.slice(i + 2)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A birth date (YYYY-MM-DD) as an old system's free-text field held it. */
export function legacyDateText(random: () => number, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${m}/${d}/${y}`;
    case 1:
      return `${Number(m)}/${Number(d)}/${y.slice(2)}`;
    case 2:
      return `${d}.${m}.${y}`;
    case 3:
      return `${y}${m}${d}`;
    case 4:
      return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
    default:
      return iso;
  }
}

export function invalidEmail(random: () => number, local: string, domain: string): string {
  switch (Math.floor(random() * 4)) {
    case 0:
      return `${local}@`;
    case 1:
      return `${local} at ${domain}`;
    case 2:
      return `${local} @${domain}`;
    default:
      return `${local}@${domain}.`;
  }
}

export function emailLocal(first: string, last: string, n: number): string {
  return `${first}.${last}${n}`
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9.]/g, '')
    .toLowerCase();
}
