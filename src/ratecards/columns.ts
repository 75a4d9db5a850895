// Rate-deck header auto-mapping: synonyms per field (research §1.9), normalised names, ties reported instead of guessed.

export type Field =
  | 'prefix' | 'name' | 'rate' | 'inter' | 'intra' | 'indeterminate' | 'billing'
  | 'first' | 'next' | 'connect' | 'effective' | 'end' | 'status' | 'currency';

export const FIELDS: readonly Field[] = [
  'prefix', 'name', 'rate', 'inter', 'intra', 'indeterminate', 'billing',
  'first', 'next', 'connect', 'effective', 'end', 'status', 'currency',
];

/** Fields that can carry a price; a deck needs at least one of them. */
export const RATE_FIELDS: readonly Field[] = ['rate', 'inter', 'intra', 'indeterminate'];

// Weights: 3 = names that win over a plain synonym (New Rate, Destination), 2 = plain synonym,
// 1 = weak (Country as a name, Notes as status, time-band rates), 0.5 = Current/Old Rate (used only when alone).
// Fuzzy "…rate…" cells score 1, so two of them (Peak Rate, Off-Peak Rate) tie and fail.
// Keys are in normalised form (see normaliseHeader): lower case, `_`/`-` as spaces, units and currency removed.
export const SYNONYMS: ReadonlyArray<readonly [Field, number, readonly string[]]> = [
  ['prefix', 2, ['prefix', 'code', 'codes', 'dial code', 'dial codes', 'dialcode', 'dialcodes', 'complete code',
    'full code', 'destination code', 'breakout code', 'e164', 'e 164', 'npanxx', 'npa nxx', 'npa/nxx', 'npanxxx',
    'dialprefix', 'dial prefix', 'pattern', 'target pattern', 'match prefix']],
  ['name', 3, ['destination', 'destination name', 'description', 'breakout', 'code name', 'codename']],
  ['name', 2, ['network', 'name', 'area', 'operator']],
  ['name', 1, ['country', 'country name']],
  ['rate', 3, ['new rate', 'new price', 'new cost']],
  ['rate', 2, ['rate', 'rates', 'price', 'cost', 'tariff', 'tarif', 'per minute charge', 'rateinitial', 'rate initial',
    'buyrate', 'buy rate', 'rate cost', 'price 1', 'rate 1']],
  ['rate', 1, ['peak', 'off peak', 'offpeak', 'weekend', 'evening']],
  ['rate', 0.5, ['current rate', 'old rate', 'previous rate', 'current price', 'old price']],
  ['inter', 2, ['interstate', 'interstate rate', 'inter', 'interrate', 'inter rate', 'rate interstate']],
  ['intra', 2, ['intrastate', 'intrastate rate', 'intra', 'intrarate', 'intra rate', 'rate intrastate']],
  ['indeterminate', 2, ['indeterminate', 'indeterminate rate', 'indet', 'indet rate', 'ijrate', 'ij rate', 'default',
    'default rate', 'interstate/intrastate']],
  ['billing', 2, ['billing', 'facturation', 'billing interval', 'billing scheme', 'billing x/y']],
  ['first', 2, ['first interval', 'initial increment', 'interval 1', 'initblock', 'init block', 'min time', 'min',
    'duration', 'mcd', 'minimum duration', 'initial billing time', 'init inc', 'initial time', 'init duration',
    'first increment', 'initial interval']],
  ['next', 2, ['sub interval', 'subsequent interval', 'subsequent increment', 'next increment', 'interval n',
    'billingblock', 'billing block', 'interval', 'int', 'succ duration', 'billable unit', 'increment interval']],
  ['connect', 2, ['connect cost', 'connect charge', 'connect fee', 'connection cost', 'connection charge',
    'connection fee', 'connectfee', 'connectcost', 'connectcharge', 'setup fee', 'setup', 'sf', 'rate surcharge',
    'initial cost']],
  ['effective', 2, ['effective', 'effective date', 'effective from', 'valid from', 'start date', 'activationtime',
    'activation time', 'activation date', 'date effet', 'effective time', 'start']],
  ['end', 2, ['end date', 'stop date', 'expiry', 'expiry date', 'expires', 'valid to', 'valid until', 'end']],
  ['status', 2, ['change', 'rate change', 'status', 'action', 'indicator', 'change type']],
  ['status', 1, ['comments', 'comment', 'notes', 'note']],
  ['currency', 2, ['currency', 'currency code', 'curr', 'ccy']],
];

// "Pulse"/"Increment" is the x/y billing cell in a notice but the pulse when a first-interval column sits beside it.
const CONTEXTUAL = new Set(['pulse', 'increment', 'increments', 'billing increment', 'billing increments']);

const TABLE: ReadonlyMap<string, { field: Field; weight: number }> = (() => {
  const m = new Map<string, { field: Field; weight: number }>();
  for (const [field, weight, keys] of SYNONYMS) {
    for (const k of keys) {
      if (m.has(k)) throw new Error(`synonym "${k}" listed twice`);
      m.set(k, { field, weight });
    }
  }
  return m;
})();

const FUZZY_RATE = /\b(rate|rates|price|cost|tariff|tarif)\b/;
// Words that make a "…rate…" cell something other than a price (Rate Id, Rate Table, rate_type, Rate Center).
const NOT_A_RATE = /\b(id|type|table|change|date|code|name|plan|group|deck|center|centre|increase|decrease|sheet)\b/;

const ISO = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'INR',
  'ZAR', 'BRL', 'MXN', 'JPY', 'CNY', 'HKD', 'SGD', 'AED', 'ILS', 'TRY', 'NGN', 'KES', 'PHP', 'IDR', 'MYR', 'THB'];
const ISO_RE = new RegExp(`\\b(${ISO.join('|')})\\b`, 'i');
const ISO_STRIP = new RegExp(`\\b(${ISO.join('|')})\\b`, 'gi');

/** Every ISO 4217 code the runtime knows: recognised in brackets (`Rate (XOF)`), where a bare word cannot be one. */
const ALL_ISO = new Set(Intl.supportedValuesOf('currency'));
const BRACKETED = /[([]\s*([A-Za-z]{3})\s*(?:\/\s*min(?:ute)?)?\s*[)\]]/;

/** The currency named in a header or notice line: an ISO code (`(USD)`, `USD per minute`) or a symbol (`€/min`, `$`). */
export function currencyIn(text: string): string | undefined {
  const bracketed = BRACKETED.exec(text)?.[1]?.toUpperCase();
  if (bracketed && ALL_ISO.has(bracketed)) return bracketed;
  const iso = ISO_RE.exec(text);
  if (iso?.[1]) return iso[1].toUpperCase();
  if (text.includes('€')) return 'EUR';
  if (text.includes('£')) return 'GBP';
  // A$ and C$ before the bare $, which means US dollars in carrier decks.
  if (/\bA\$/.test(text)) return 'AUD';
  if (/\bC(A)?\$/.test(text)) return 'CAD';
  if (text.includes('$')) return 'USD';
  return undefined;
}

/** Lower case, units/currency in brackets and symbols removed, `_`/`-` as spaces, a trailing per-minute unit dropped. */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[€£$¢]/g, ' ')
    .replace(ISO_STRIP, ' ')
    .replace(/['’`"]/g, '')
    .replace(/[_\-.:*#]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*(\/|\bper\b)\s*(min|mins|minute|minutes)$/, '')
    .replace(/\/$/, '')
    .trim();
}

export interface HeaderMatch { field: Field; weight: number; contextual: boolean }

/** The field one header cell names, before context (Pulse/Increment resolve in mapColumns). */
export function matchHeaderCell(cell: string): HeaderMatch | undefined {
  const key = normaliseHeader(cell);
  if (key === '') return undefined;
  if (CONTEXTUAL.has(key)) return { field: 'next', weight: 2, contextual: true };
  const hit = TABLE.get(key);
  if (hit) return { ...hit, contextual: false };
  if (FUZZY_RATE.test(key) && !NOT_A_RATE.test(key)) return { field: 'rate', weight: 1, contextual: false };
  return undefined;
}

export const isNpanxxHeader = (cell: string): boolean => /^npa ?\/?nxx/.test(normaliseHeader(cell));

export interface ColumnMapping {
  /** 0-based column index per field. */
  mapping: Partial<Record<Field, number>>;
  /** Currency named in the header cells (`(USD)`, `€/min`, `$`). */
  headerCurrency?: string;
  /** The prefix column is NPANXX-named: store its codes with a leading 1. */
  npanxx: boolean;
  /** Every name-like column in header order (Country, Network), so the caller can join them for a display name. */
  nameColumns: number[];
  /** Anything that makes the mapping unusable; empty when the deck can be read. */
  problems: string[];
  /** Non-empty header cells no field took. */
  unmapped: string[];
}

const quoteList = (cells: readonly string[]): string => cells.map((c) => `"${c.trim()}"`).join(', ');
const examples = (field: Field): string[] =>
  SYNONYMS.filter(([f, w]) => f === field && w === 2).flatMap(([, , keys]) => keys).slice(0, 6);

/** What a mapping lacks: a prefix column and at least one price column. Messages list the header cells. */
export function requiredProblems(mapping: Partial<Record<Field, number>>, header: readonly string[]): string[] {
  const out: string[] = [];
  const cells = quoteList(header.filter((c) => c.trim() !== ''));
  if (mapping.prefix === undefined) {
    out.push(`no prefix column (looked for ${examples('prefix').join(', ')}, …); header: ${cells}`);
  }
  if (!RATE_FIELDS.some((f) => mapping[f] !== undefined)) {
    out.push(`no rate column (rate, inter, intra or indeterminate; looked for ${examples('rate').join(', ')}, `
      + `interstate, intrastate, …); header: ${cells}`);
  }
  return out;
}

const PER_SECOND = /(\/|\bper\b)\s*(s|sec|secs|second|seconds)\b/i;
const CENTS = /\bcents?\b|¢|\bpence\b|\bppm\b/i;

/** Map header cells to fields: best-weighted cell per field; a tie fails (except names, which are cosmetic). */
export function mapColumns(header: readonly string[]): ColumnMapping {
  const matches = header.map((c) => matchHeaderCell(c));
  const hasFirst = matches.some((m) => m?.field === 'first');
  const byField = new Map<Field, { index: number; weight: number }[]>();
  matches.forEach((m, index) => {
    if (!m) return;
    const field: Field = m.contextual && !hasFirst ? 'billing' : m.field;
    const list = byField.get(field) ?? [];
    list.push({ index, weight: m.weight });
    byField.set(field, list);
  });

  const mapping: Partial<Record<Field, number>> = {};
  const problems: string[] = [];
  for (const [field, list] of byField) {
    const best = list.reduce((m, c) => Math.max(m, c.weight), 0);
    const top = list.filter((c) => c.weight === best);
    const first = top[0];
    if (!first) continue;
    if (top.length > 1 && field !== 'name') {
      const which = top.map((c) => `"${(header[c.index] ?? '').trim()}" (column ${c.index + 1})`).join(', ');
      problems.push(`${top.length} columns fit ${field} equally well: ${which}; choose one with a map such as `
        + `${field}:${first.index + 1}`);
      continue;
    }
    mapping[field] = first.index;
  }
  problems.push(...requiredProblems(mapping, header));

  // Per-second or per-cent prices would be off by 60x or 100x if read as per-minute units.
  for (const f of RATE_FIELDS) {
    const i = mapping[f];
    const cell = i === undefined ? '' : (header[i] ?? '');
    if (PER_SECOND.test(cell)) problems.push(`"${cell.trim()}" looks like a per-second price; rates must be per minute`);
    if (CENTS.test(cell)) problems.push(`"${cell.trim()}" looks like a price in cents/pence; rates must be in whole units`);
  }

  const currencies = [...new Set(header.map((c) => currencyIn(c)).filter((c): c is string => c !== undefined))];
  if (currencies.length > 1) problems.push(`header cells name different currencies: ${currencies.join(', ')}`);

  // Name columns are all read (joined), so none of them is "unmapped".
  const used = new Set([...Object.values(mapping), ...(byField.get('name')?.map((c) => c.index) ?? [])]);
  const prefixCell = mapping.prefix === undefined ? undefined : header[mapping.prefix];
  return {
    mapping,
    ...(currencies.length === 1 ? { headerCurrency: currencies[0] } : {}),
    npanxx: prefixCell !== undefined && isNpanxxHeader(prefixCell),
    nameColumns: byField.get('name')?.map((c) => c.index) ?? [],
    problems,
    unmapped: header.filter((c, i) => c.trim() !== '' && !used.has(i)).map((c) => c.trim()),
  };
}

const ALIASES: Readonly<Record<string, Field>> = { cost: 'rate', code: 'prefix' };

// One `field:value` pair; the value is a column number or a quoted/bare header name, up to the next comma.
const PAIR = /\s*([A-Za-z_]+)\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([^,]*?))\s*(?:,|$)/y;

/** An explicit map such as `prefix:2,name:1,cost:3` or `prefix:"Dial Code"` (1-based columns) to 0-based indices. */
export function parseMapSpec(
  spec: string,
  header?: readonly string[],
): Partial<Record<Field, number>> | { error: string } {
  if (spec.trim() === '') return { error: 'empty map: expected pairs such as prefix:1,rate:3' };
  const out: Partial<Record<Field, number>> = {};
  PAIR.lastIndex = 0;
  while (PAIR.lastIndex < spec.length) {
    const at = PAIR.lastIndex;
    const m = PAIR.exec(spec);
    if (!m) return { error: `cannot read "${spec.slice(at).trim()}": expected field:column, e.g. rate:3` };
    const part = m[0].replace(/,\s*$/, '').trim();
    const rawField = (m[1] ?? '').toLowerCase();
    const field = ALIASES[rawField] ?? FIELDS.find((f) => f === rawField);
    if (!field) return { error: `unknown field "${m[1]}" in "${part}"; fields: ${FIELDS.join(', ')} (cost = rate)` };
    if (out[field] !== undefined) return { error: `${field} given twice ("${part}")` };
    const quoted = m[2] ?? m[3];
    const bare = (m[4] ?? '').trim();
    const index = quoted === undefined && /^\d+$/.test(bare)
      ? columnNumber(Number(bare), part, header)
      : columnNamed(quoted ?? bare, part, header);
    if (typeof index !== 'number') return index;
    const clash = FIELDS.find((f) => out[f] === index);
    if (clash) return { error: `column ${index + 1} given to both ${clash} and ${field} ("${part}")` };
    out[field] = index;
  }
  return out;
}

function columnNumber(n: number, part: string, header?: readonly string[]): number | { error: string } {
  if (n < 1) return { error: `column numbers start at 1 ("${part}")` };
  if (header && n > header.length) return { error: `column ${n} is past the last column (${header.length}) ("${part}")` };
  return n - 1;
}

function columnNamed(name: string, part: string, header?: readonly string[]): number | { error: string } {
  if (name === '') return { error: `no column given in "${part}"` };
  if (!header) return { error: `"${part}" names a column but the deck has no header; use its number` };
  const exact = header.flatMap((c, i) => (c.trim().toLowerCase() === name.trim().toLowerCase() ? [i] : []));
  const hits = exact.length > 0 ? exact : header.flatMap((c, i) => (normaliseHeader(c) === normaliseHeader(name) ? [i] : []));
  if (hits.length === 1 && hits[0] !== undefined) return hits[0];
  if (hits.length > 1) return { error: `"${name}" matches columns ${hits.map((i) => i + 1).join(' and ')} ("${part}")` };
  return { error: `no column named "${name}" ("${part}"); header: ${quoteList(header)}` };
}
