// LiveKit routes by ISO 3166-1 alpha-2 destination country; carriers may hold a country name. Names are mapped
// through the ICU region names Node ships with ("United Kingdom" → GB); an unknown name maps to nothing.
let byName: Map<string, string> | undefined;

function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      if (name) byName.set(fold(name), code);
    }
  }
  for (const [alias, code] of [['usa', 'US'], ['united states of america', 'US'], ['uk', 'GB'], ['great britain', 'GB'], ['england', 'GB']] as const) byName.set(alias, code);
  return byName;
}

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z ]/g, ' ').replace(/\s+/g, ' ').trim();

/** The alpha-2 code for a stored destination country (a code or a name), or null. */
export function countryCode(value: string | null): string | null {
  if (!value?.trim()) return null;
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  return names().get(fold(v)) ?? null;
}
