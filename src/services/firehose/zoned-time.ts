// Wall-clock fields of an instant in an IANA time zone (Firehose's CustomTimeZone, UTC by default), computed with
// Intl so no tz database ships with kumo; formatters are cached per zone because delivery formats many keys.
export interface ZonedFields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 1 = Monday … 7 = Sunday (ISO, as java.time's DayOfWeek)
  dayOfYear: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows the zone (an IANA name such as Asia/Tokyo, or UTC). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function zonedFields(epochMs: number, zone = 'UTC'): ZonedFields {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const startOfYear = Date.UTC(year, 0, 1);
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - startOfYear) / 86_400_000) + 1;
  return {
    year,
    month,
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
    dayOfYear,
  };
}
