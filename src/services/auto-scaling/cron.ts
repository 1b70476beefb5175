// Unix cron for scheduled actions (minute hour day-of-month month day-of-week, with `*`, lists, ranges and steps;
// day-of-week 0–7 with 0 and 7 Sunday), evaluated in an IANA time zone. Pure. Source: EC2 Auto Scaling User Guide,
// "Scheduled scaling" (Recurrence in Unix cron format, TimeZone in IANA names, UTC by default).
export interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

const RANGES: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const NAMES: Array<Record<string, number> | undefined> = [
  undefined, undefined, undefined,
  { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
];

function parseField(text: string, index: number): Set<number> | undefined {
  const [lo, hi] = RANGES[index]!;
  const names = NAMES[index];
  const value = (s: string): number => (names?.[s.toLowerCase()] ?? (/^\d+$/.test(s) ? Number(s) : NaN));
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const start = m[1] === '*' ? lo : value(m[1]!);
    const end = m[1] === '*' ? hi : m[2] !== undefined ? value(m[2]) : m[3] !== undefined ? hi : start;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < lo || end > hi || start > end || step < 1) return undefined;
    for (let v = start; v <= end; v += step) out.add(index === 4 && v === 7 ? 0 : v);
  }
  return out;
}

/** Parses a 5-field cron expression, or undefined if it is not one. */
export function parseCron(expr: string): Cron | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const sets = fields.map((f, i) => parseField(f, i));
  if (sets.some((s) => s === undefined)) return undefined;
  const [minutes, hours, days, months, weekdays] = sets as Set<number>[];
  return { minutes: minutes!, hours: hours!, days: days!, months: months!, weekdays: weekdays!, dayRestricted: fields[2] !== '*', weekdayRestricted: fields[4] !== '*' };
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, tz: string): { month: number; day: number; weekday: number; hour: number; minute: number } {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  return { month: Number(p['month']), day: Number(p['day']), weekday: weekdays[p['weekday'] ?? ''] ?? 0, hour: Number(p['hour']), minute: Number(p['minute']) };
}

const MINUTE = 60_000;

/** The first minute strictly after `afterMs` matching the expression in `tz`, within about a year (else undefined). */
export function nextRun(cron: Cron, afterMs: number, tz = 'UTC'): number | undefined {
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  const limit = t + 400 * 86_400_000;
  while (t < limit) {
    const l = localParts(t, tz);
    const dayOk = cron.dayRestricted && cron.weekdayRestricted
      ? cron.days.has(l.day) || cron.weekdays.has(l.weekday)
      : cron.days.has(l.day) && cron.weekdays.has(l.weekday);
    if (!cron.months.has(l.month) || !dayOk || !cron.hours.has(l.hour)) {
      t += (60 - l.minute) * MINUTE;
      continue;
    }
    if (cron.minutes.has(l.minute)) return t;
    const later = [...cron.minutes].filter((m) => m > l.minute).sort((a, b) => a - b)[0];
    t += ((later ?? 60) - l.minute) * MINUTE;
  }
  return undefined;
}
