// LiveKit routes by ISO 3166-1 alpha-2 destination country; carriers may hold a country name. Names are mapped
// through the ICU region names Node ships with ("United Kingdom" → GB); an unknown name maps to nothing.
// ICU also names withdrawn or reserved codes (UK, FX, SU, YU, ZR…) and groupings (EU, UN, ZZ "Unknown Region").
const NOT_COUNTRIES = new Set(['UK', 'FX', 'SU', 'YU', 'ZR', 'DY', 'HV', 'TP', 'BU', 'CS', 'DD', 'NH', 'RH', 'VD', 'YD', 'AN', 'EU', 'EZ', 'UN', 'QO', 'ZZ']);
const ALIASES: [string, string][] = [['usa', 'US'], ['united states of america', 'US'], ['uk', 'GB'], ['great britain', 'GB'], ['england', 'GB']];

let byName: Map<string, string> | undefined;
let codes: Set<string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  codes = new Set();
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      if (!name || NOT_COUNTRIES.has(code)) continue;
      codes.add(code);
      if (!byName.has(fold(name))) byName.set(fold(name), code);
    }
  }
  for (const [alias, code] of ALIASES) byName.set(alias, code);
  return byName;
}

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z ]/g, ' ').replace(/\s+/g, ' ').trim();

/** The alpha-2 code for a stored destination country (a code or a name), or null. */
export function countryCode(value: string | null): string | null {
  if (!value?.trim()) return null;
  const v = value.trim();
  const named = names().get(fold(v));
  if (named) return named;
  return /^[A-Za-z]{2}$/.test(v) && codes!.has(v.toUpperCase()) ? v.toUpperCase() : null;
}
