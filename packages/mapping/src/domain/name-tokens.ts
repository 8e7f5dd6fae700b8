/**
 * Column and table names as words: `PatFName` → patient first name, `Birth_Dt` → birth date,
 * `HomePh` → home phone, `DOB` → date of birth. Splits snake, kebab, camel and Pascal case, acronyms
 * and digits, then expands the abbreviations PMS exports use.
 */

/** Abbreviation → words. Whole tokens only; the expansion is what the synonym dictionary speaks. */
const ABBREVIATIONS: Record<string, string[]> = {
  pat: ['patient'],
  pt: ['patient'],
  pnt: ['patient'],
  fname: ['first', 'name'],
  lname: ['last', 'name'],
  mname: ['middle', 'name'],
  mi: ['middle', 'name'],
  fn: ['first', 'name'],
  ln: ['last', 'name'],
  nm: ['name'],
  dob: ['birth', 'date'],
  bdate: ['birth', 'date'],
  bday: ['birth', 'date'],
  birthday: ['birth', 'date'],
  dt: ['date'],
  dte: ['date'],
  ph: ['phone'],
  phn: ['phone'],
  phon: ['phone'],
  tel: ['phone'],
  telephone: ['phone'],
  cell: ['mobile'],
  cel: ['mobile'],
  mob: ['mobile'],
  wk: ['work'],
  hm: ['home'],
  bus: ['work'],
  email: ['email'],
  eml: ['email'],
  mail: ['email'],
  addr: ['address'],
  adr: ['address'],
  add: ['address'],
  st: ['state'],
  zip: ['postal', 'code'],
  zipcode: ['postal', 'code'],
  postcode: ['postal', 'code'],
  cty: ['city'],
  ctry: ['country'],
  cntry: ['country'],
  ssn: ['ssn'],
  soc: ['social'],
  sec: ['security'],
  no: ['number'],
  num: ['number'],
  nbr: ['number'],
  nr: ['number'],
  id: ['id'],
  ident: ['id'],
  prov: ['provider'],
  dr: ['doctor'],
  doc: ['doctor'],
  ref: ['referring'],
  refer: ['referring'],
  referral: ['referring'],
  gender: ['sex'],
  ins: ['insurance'],
  insur: ['insurance'],
  grp: ['group'],
  mbr: ['member'],
  desc: ['description'],
  descr: ['description'],
  amt: ['amount'],
  stat: ['status'],
  sts: ['status'],
  tx: ['treatment'],
  trt: ['treatment'],
  proc: ['procedure'],
  cdt: ['cdt', 'code'],
  exm: ['exam'],
  pd: ['probing', 'depth'],
  bop: ['bleeding'],
  bld: ['bleeding'],
  gm: ['gingival', 'margin'],
  furc: ['furcation'],
  npi: ['npi'],
  cred: ['credentials'],
  creds: ['credentials'],
  modified: ['modified'],
  mod: ['modified'],
  upd: ['modified'],
  updated: ['modified'],
  created: ['created'],
  crt: ['created'],
  ts: ['at'],
  odb: ['open', 'dental'],
  od: ['open', 'dental'],
  patnum: ['pat', 'num'],
  provnum: ['prov', 'num'],
};

/** Splits a raw name into lower-case tokens without expanding abbreviations. */
export function splitName(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2') // camelCase → camel Case
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2') // PANDAPatient → PANDA Patient, PatFName handled below
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2')
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/**
 * Tokens with abbreviations expanded. A lone letter before `name` is an initial: `F Name` → first
 * name (`PatFName` splits into pat, f, name). `tbl` and `dbo` prefixes carry no meaning and go.
 */
export function nameTokens(name: string): string[] {
  const raw = splitName(name).filter((t) => t !== 'tbl' && t !== 'dbo');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i]!;
    const next = raw[i + 1];
    if (next === 'name' && (token === 'f' || token === 'l' || token === 'm')) {
      out.push(token === 'f' ? 'first' : token === 'l' ? 'last' : 'middle', 'name');
      i++;
      continue;
    }
    const expanded = ABBREVIATIONS[token];
    if (expanded) out.push(...expanded);
    else out.push(token.length > 3 && token.endsWith('s') && !token.endsWith('ss') ? token.slice(0, -1) : token);
  }
  return out;
}

/** Sørensen–Dice on token multisets: 1 for the same words in any order, 0 for none in common. */
export function tokenSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const rest = [...b];
  let common = 0;
  for (const token of a) {
    const i = rest.indexOf(token);
    if (i >= 0) {
      common++;
      rest.splice(i, 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}
