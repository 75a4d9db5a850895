// Exact decimal money arithmetic on BigInt for rate cards: parse, format, compare, add, multiply and round once.
// JS numbers never carry a value here: 0.07 * 60 / 60 is not 0.07 in IEEE doubles, and a rate card is money.

/** units / 10^scale. Normalised results have scale ≥ 0 and no trailing zero digit in units when scale > 0. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** num / den with den > 0, reduced; the exact intermediate of a division (rate × billed / 60) before rounding. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export type RoundingMethod = 'up' | 'down' | 'half-up' | 'half-down';

export interface ParseDecimalOptions {
  /** The column uses `,` as the decimal mark (EU Excel); a `.` is then refused as a possible thousands group. */
  decimalComma?: boolean;
  /** Rates are never negative, so a `-` is refused unless the caller asks for it. */
  allowNegative?: boolean;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

// Exponents beyond this are no rate anyone means, and 1e999999999 would make a BigInt with a billion digits.
const MAX_EXPONENT = 64;

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function assertScale(scale: number, what: string): void {
  if (!Number.isSafeInteger(scale) || scale < 0) throw new Error(`${what} must be a whole number ≥ 0, got ${scale}`);
}

/** Builds a normalised Decimal: drops trailing zeros so equal values have one representation. */
export function decimal(units: bigint, scale = 0): Decimal {
  assertScale(scale, 'decimal scale');
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  return { units: u, scale: s };
}

/** Builds a reduced Rational with a positive denominator. */
export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new Error('rational denominator must not be 0');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den); // ≥ 1, since den ≠ 0
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export function toRational(d: Decimal): Rational {
  return rational(d.units, pow10(d.scale));
}

const DOT = /^([+-]?)(?:(\d+)(?:\.(\d+))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const COMMA = /^([+-]?)(?:(\d+)(?:,(\d+))?|,(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a rate or fee cell exactly: `0.0112`, `.5`, `12`, `+1`, ` 7 `, `1.2E-02`, and `0,0123` with decimalComma.
 * Refuses thousands separators (`1,000`, `1 000`), several marks, letters, currency symbols (the caller strips
 * and checks those), empty cells, and negatives unless allowed. Returns undefined rather than guessing.
 */
export function parseDecimal(raw: string, opts: ParseDecimalOptions = {}): Decimal | undefined {
  const m = (opts.decimalComma ? COMMA : DOT).exec(raw.trim());
  if (!m) return undefined;
  const [, sign, intPart, fracAfterInt, fracOnly, expText] = m;
  if (sign === '-' && !opts.allowNegative) return undefined;
  const frac = fracAfterInt ?? fracOnly ?? '';
  const exp = expText === undefined ? 0 : Number(expText);
  if (Math.abs(exp) > MAX_EXPONENT) return undefined;
  let units = BigInt(`${intPart ?? ''}${frac}` || '0');
  let scale = frac.length - exp;
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return decimal(sign === '-' ? -units : units, scale);
}

/** Plain positional text, never an exponent; at least minScale fraction digits, never fewer than the value has. */
export function formatDecimal(d: Decimal, minScale = 0): string {
  assertScale(minScale, 'minScale');
  const n = decimal(d.units, d.scale);
  const scale = Math.max(n.scale, minScale);
  const digits = abs(n.units * pow10(scale - n.scale))
    .toString()
    .padStart(scale + 1, '0');
  const sign = n.units < 0n ? '-' : '';
  if (scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Both values as integers over the same power of ten, so comparing and adding are plain BigInt work. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return decimal(x + y, scale);
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return decimal(a.units * b.units, a.scale + b.scale);
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function mulRational(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

const isRational = (v: Rational | Decimal): v is Rational => 'den' in v;

/**
 * Rounds an exact value to `precision` fraction digits, once. Methods act on the magnitude, so a negative value
 * mirrors a positive one: up = away from zero (any remainder bumps the last digit), down = truncate,
 * half-up = a remainder of exactly half goes up, half-down = exactly half goes down (more than half still goes up).
 */
export function roundDecimal(value: Rational | Decimal, precision: number, method: RoundingMethod): Decimal {
  assertScale(precision, 'precision');
  const { num, den } = isRational(value) ? rational(value.num, value.den) : toRational(value);
  const scaled = abs(num) * pow10(precision);
  const q = scaled / den;
  const r = scaled % den;
  let bump: boolean;
  switch (method) {
    case 'up':
      bump = r !== 0n;
      break;
    case 'down':
      bump = false;
      break;
    case 'half-up':
      bump = 2n * r >= den;
      break;
    case 'half-down':
      bump = 2n * r > den;
      break;
    default: {
      const unknown: never = method;
      throw new Error(`unknown rounding method ${String(unknown)}`);
    }
  }
  const magnitude = bump ? q + 1n : q;
  return decimal(num < 0n ? -magnitude : magnitude, precision);
}
