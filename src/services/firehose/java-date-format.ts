// A compiler for the java.time DateTimeFormatter patterns Firehose accepts in `!{timestamp:…}` prefix expressions:
// letters are fields, 'quoted' text is literal, '' is a quote; unknown letters are refused as Java refuses them.
import { zonedFields, type ZonedFields } from './zoned-time.js';

type Piece = string | ((f: ZonedFields) => string);

export interface CompiledDateFormat {
  readonly pattern: string;
  format(epochMs: number, zone?: string): string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Thrown for a pattern java.time would reject; the message is Java's IllegalArgumentException text. */
export class DatePatternError extends Error {}

/** Thrown for a letter java.time knows but kumo does not format yet (eras, week-based fields, zones). */
export class UnsupportedDatePatternError extends Error {}

// Every letter DateTimeFormatter.ofPattern knows (java.time.format.DateTimeFormatterBuilder FIELD_MAP and friends).
const JAVA_LETTERS = new Set('GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZp'.split(''));

function text(full: string, count: number): string {
  if (count <= 3) return full.slice(0, 3);
  if (count === 4) return full;
  return full.slice(0, 1);
}

function field(letter: string, count: number): (f: ZonedFields) => string {
  const tooMany = (max: number): void => {
    if (count > max) throw new DatePatternError(`Too many pattern letters: ${letter}`);
  };
  switch (letter) {
    case 'y':
    case 'u':
      // java.time: 'yy' is the two-digit reduced year, any other count pads the full year to that width.
      if (count === 2) return (f) => pad(f.year % 100, 2);
      return (f) => pad(f.year, count);
    case 'M':
    case 'L':
      tooMany(5);
      if (count <= 2) return (f) => pad(f.month, count);
      return (f) => text(MONTHS[f.month - 1] ?? '', count);
    case 'd':
      tooMany(2);
      return (f) => pad(f.day, count);
    case 'D':
      tooMany(3);
      return (f) => pad(f.dayOfYear, count);
    case 'H':
      tooMany(2);
      return (f) => pad(f.hour, count);
    case 'k':
      tooMany(2);
      return (f) => pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      tooMany(2);
      return (f) => pad(f.hour % 12, count);
    case 'h':
      tooMany(2);
      return (f) => pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      tooMany(2);
      return (f) => pad(f.minute, count);
    case 's':
      tooMany(2);
      return (f) => pad(f.second, count);
    case 'S':
      tooMany(9);
      return (f) => pad(f.millisecond, 3).padEnd(count, '0').slice(0, count);
    case 'a':
      tooMany(1);
      return (f) => (f.hour < 12 ? 'AM' : 'PM');
    case 'E':
      tooMany(5);
      return (f) => text(DAYS[f.weekday - 1] ?? '', count);
    case 'e':
    case 'c':
      tooMany(2);
      // Locale en-US (Firehose's JVM default): weeks start on Sunday, so Sunday is 1.
      return (f) => pad((f.weekday % 7) + 1, count);
    default:
      if (JAVA_LETTERS.has(letter)) throw new UnsupportedDatePatternError(`pattern letter ${letter}`);
      throw new DatePatternError(`Unknown pattern letter: ${letter}`);
  }
}

function compilePieces(pattern: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j++;
      pieces.push(field(ch, j - i));
      i = j;
    } else if (ch === "'") {
      let j = i + 1;
      let literal = '';
      for (;;) {
        if (j >= pattern.length) throw new DatePatternError(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j];
        j++;
      }
      pieces.push(j === i + 1 ? "'" : literal);
      i = j + 1;
    } else if (ch === '{' || ch === '}' || ch === '#') {
      throw new DatePatternError(`Pattern includes reserved character: '${ch}'`);
    } else if (ch === '[' || ch === ']') {
      // Optional-section markers: every field is always available when formatting, so the content is emitted.
      i++;
    } else {
      pieces.push(ch);
      i++;
    }
  }
  return pieces;
}

/** Compiles a DateTimeFormatter pattern; throws DatePatternError where java.time would reject it. */
export function compileDateFormat(pattern: string): CompiledDateFormat {
  const pieces = compilePieces(pattern);
  return {
    pattern,
    format(epochMs: number, zone = 'UTC'): string {
      const f = zonedFields(epochMs, zone);
      let out = '';
      for (const p of pieces) out += typeof p === 'string' ? p : p(f);
      return out;
    },
  };
}
