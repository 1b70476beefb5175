// DynamoDB numbers: exact decimals with up to 38 significant digits and magnitudes between 1E-130 and 1E+126.
// Parsed into (sign, digits, exponent) so normalisation, comparison, arithmetic and key encoding are exact.
import type { AwsError } from '../../core/aws-error.js';
import { ValueError } from './value-errors.js';

/** value = (negative ? -1 : 1) × 0.<digits> × 10^exp; digits has no leading or trailing zeros; zero is digits ''. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exp: number;
}

export const MAX_SIGNIFICANT_DIGITS = 38;
/** Largest allowed exponent in the 0.ddd × 10^exp form: 9.99…E+125 = 0.999… × 10^126. */
const MAX_EXP = 126;
/** Smallest allowed exponent: 1E-130 = 0.1 × 10^-129. */
const MIN_EXP = -129;

const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export const ZERO: Decimal = { negative: false, digits: '', exp: 0 };

const MAX_LONG = 9223372036854775807n;
const MIN_LONG = -9223372036854775808n;

/** Parses a DynamoDB number string; returns the error (not thrown) so callers can choose the context. */
export function parseDecimal(text: string): Decimal | AwsError {
  const m = NUMBER_SYNTAX.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) return new ValueError({ kind: 'unconvertible', input: text });
  let expPart = 0;
  if (m[4] !== undefined) {
    // Exponents are read in full: past a 64-bit integer the text is not a number at all, past a 32-bit one it
    // is out of range (paritysuite/dynamodb-conformance tests/tier3/limits/numberExponent.test.ts).
    const big = BigInt(m[4]);
    if (big > MAX_LONG || big < MIN_LONG) return new ValueError({ kind: 'unconvertible', input: text });
    if (big > 1_000_000n || big < -1_000_000n) return new ValueError({ kind: big > 0n ? 'overflow' : 'underflow' });
    expPart = Number(big);
  }
  let all = intPart + fracPart;
  let exp = intPart.length + expPart;
  const lead = all.length - all.replace(/^0+/, '').length;
  all = all.slice(lead);
  exp -= lead;
  all = all.replace(/0+$/, '');
  if (all === '') {
    // Zero is range-checked by the exponent it is written with ("0e126" overflows, "0e125" is 0).
    if (expPart > MAX_EXP - 1) return new ValueError({ kind: 'overflow' });
    if (expPart < MIN_EXP - 1) return new ValueError({ kind: 'underflow' });
    return ZERO;
  }
  return checkDecimal({ negative: m[1] === '-', digits: all, exp });
}

function checkDecimal(d: Decimal): Decimal | AwsError {
  if (d.digits === '') return ZERO;
  if (d.digits.length > MAX_SIGNIFICANT_DIGITS) return new ValueError({ kind: 'precision' });
  if (d.exp > MAX_EXP) return new ValueError({ kind: 'overflow' });
  if (d.exp < MIN_EXP) return new ValueError({ kind: 'underflow' });
  return d;
}

/** Parses or throws the ValidationException. */
export function requireDecimal(text: string): Decimal {
  const d = parseDecimal(text);
  if ('digits' in d) return d;
  throw d;
}

/** DynamoDB's canonical text of a number: plain notation, no superfluous zeros ("1.50" → "1.5", "-0" → "0"). */
export function formatDecimal(d: Decimal): string {
  if (d.digits === '') return '0';
  const sign = d.negative ? '-' : '';
  const n = d.digits.length;
  if (d.exp >= n) return sign + d.digits + '0'.repeat(d.exp - n);
  if (d.exp <= 0) return `${sign}0.${'0'.repeat(-d.exp)}${d.digits}`;
  return `${sign}${d.digits.slice(0, d.exp)}.${d.digits.slice(d.exp)}`;
}

export function normalizeNumber(text: string): string {
  return formatDecimal(requireDecimal(text));
}

/** Compares magnitudes (ignoring sign). */
function compareMagnitude(a: Decimal, b: Decimal): number {
  if (a.digits === '' || b.digits === '') return (a.digits === '' ? 0 : 1) - (b.digits === '' ? 0 : 1);
  if (a.exp !== b.exp) return a.exp < b.exp ? -1 : 1;
  return a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = a.digits === '' ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === '' ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  const m = compareMagnitude(a, b);
  return sa < 0 ? 0 - m : m;
}

function toScaled(d: Decimal): { value: bigint; scale: number } {
  // value × 10^scale
  const v = BigInt(d.digits === '' ? '0' : d.digits);
  return { value: d.negative ? -v : v, scale: d.exp - d.digits.length };
}

function fromScaled(value: bigint, scale: number): Decimal {
  if (value === 0n) return ZERO;
  const negative = value < 0n;
  const raw = (negative ? -value : value).toString();
  const digits = raw.replace(/0+$/, '');
  return { negative, digits, exp: scale + raw.length };
}

/** a + b, exact; throws DynamoDB's overflow/precision errors when the result cannot be stored. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.digits === '') return b;
  if (b.digits === '') return a;
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.min(x.scale, y.scale);
  const sum = x.value * 10n ** BigInt(x.scale - scale) + y.value * 10n ** BigInt(y.scale - scale);
  const r = checkDecimal(fromScaled(sum, scale));
  if ('digits' in r) return r;
  throw r;
}

export function negateDecimal(a: Decimal): Decimal {
  return a.digits === '' ? a : { ...a, negative: !a.negative };
}

/**
 * The bytes a number costs in item-size math: 1 + ceil(integer significant digits / 2) + ceil(fraction significant
 * digits / 2) + 1 if negative. Digits straddling the decimal point count in two halves; the exponent is free.
 * Checked against sizes captured from AWS (paritysuite/dynamodb-conformance src/item-size.ts CAPTURED_NUMBER_BYTES);
 * the developer guide's "1 byte per two significant digits plus 1" is not what AWS charges.
 */
export function decimalSize(d: Decimal): number {
  if (d.digits === '') return 1;
  let intPart: string;
  let fracPart: string;
  if (d.exp <= 0) {
    intPart = '';
    fracPart = d.digits;
  } else if (d.exp >= d.digits.length) {
    intPart = d.digits + '0'.repeat(d.exp - d.digits.length);
    fracPart = '';
  } else {
    intPart = d.digits.slice(0, d.exp);
    fracPart = d.digits.slice(d.exp);
  }
  // Trailing integer zeros are free only when no fraction follows them ("100" costs 2, "100.5" counts all three).
  const intSignificant = fracPart === '' ? intPart.replace(/0+$/, '').length : intPart.length;
  return 1 + Math.ceil(intSignificant / 2) + Math.ceil(fracPart.length / 2) + (d.negative ? 1 : 0);
}
