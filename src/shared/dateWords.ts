/**
 * Dates and counts written in the UI language without Intl in the webview. A webview's first use of Intl (a
 * DateTimeFormat, `toLocaleString`, `localeCompare`) loads ICU's locale data there: 20-50 ms measured in
 * Chromium, a third of the gallery's first screen. The host, whose Intl is warm, makes the words and the order
 * of the parts once (`makeDateWords`); the webview fills them in (`formatDay`, `formatTime`, `formatCount`).
 */

/** One part of a written date: a field, or literal text between fields. */
export type DatePart =
  | { f: 'weekday' | 'month' | 'day' | 'year' | 'hour' | 'minute' | 'dayPeriod' }
  | { lit: string };

export interface DateWords {
  /** Short weekday names, Sunday first (7). */
  weekdays: string[];
  /** Month names, January first (12). */
  months: string[];
  /** A day: "Wed, December 2, 2026" in English. */
  day: DatePart[];
  /** A time of day: "09:41 PM" in English, "21:41" in Chinese. */
  time: DatePart[];
  /** Hours 1-12 with a day period (else 00-23). */
  hour12: boolean;
  /** The day periods (AM, PM). */
  periods: [string, string];
  /** Between groups of three digits in counts ("10,000"). */
  group: string;
  /** Four-digit counts are grouped too (English "1,000"; Spanish writes "1000" but "10.000"). */
  groupFour: boolean;
}

const FIELDS = new Set(['weekday', 'month', 'day', 'year', 'hour', 'minute', 'dayPeriod']);
const WORD_MAX = 40;

/** The words for `locale`, made with Intl (host side). Digits are always Latin. */
export function makeDateWords(locale: string | undefined): DateWords {
  const loc = locale || undefined;
  // A Sunday at noon UTC, so every time zone writes the same weekday and month.
  const sunday = Date.UTC(2026, 0, 4, 12);
  const dayFmt = new Intl.DateTimeFormat(loc, {
    weekday: 'short',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
    numberingSystem: 'latn',
  });
  const timeFmt = new Intl.DateTimeFormat(loc, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    numberingSystem: 'latn',
  });
  const part = (fmt: Intl.DateTimeFormat, at: number, type: string): string =>
    fmt.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  const weekdays = Array.from({ length: 7 }, (_, i) => part(dayFmt, sunday + i * 86_400_000, 'weekday'));
  const months = Array.from({ length: 12 }, (_, i) => part(dayFmt, Date.UTC(2026, i, 15, 12), 'month'));
  const parts = (fmt: Intl.DateTimeFormat, at: number): DatePart[] =>
    fmt
      .formatToParts(at)
      .map((p): DatePart => (FIELDS.has(p.type) ? { f: p.type as 'day' } : { lit: p.value }));
  const am = Date.UTC(2026, 0, 4, 9, 41);
  const pm = Date.UTC(2026, 0, 4, 21, 41);
  const hour12 = timeFmt.resolvedOptions().hour12 === true;
  const numbers = new Intl.NumberFormat(loc);
  const group = numbers.formatToParts(10_000).find((p) => p.type === 'group');
  const groupFour = numbers.formatToParts(1000).some((p) => p.type === 'group');
  return {
    weekdays,
    months,
    day: parts(dayFmt, sunday),
    time: parts(timeFmt, am),
    hour12,
    periods: hour12 ? [part(timeFmt, am, 'dayPeriod'), part(timeFmt, pm, 'dayPeriod')] : ['', ''],
    group: group?.value ?? ',',
    groupFour,
  };
}

/** What the webview accepts as words (from a message: untrusted); undefined when malformed. */
export function parseDateWords(raw: unknown): DateWords | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  const words = (v: unknown, n: number): string[] | undefined =>
    Array.isArray(v) && v.length === n && v.every((w) => typeof w === 'string' && w.length <= WORD_MAX)
      ? (v as string[])
      : undefined;
  const partsOf = (v: unknown): DatePart[] | undefined => {
    if (!Array.isArray(v) || v.length === 0 || v.length > 20) return undefined;
    const out: DatePart[] = [];
    for (const p of v) {
      if (typeof p !== 'object' || p === null) return undefined;
      const r = p as Record<string, unknown>;
      if (typeof r.f === 'string' && FIELDS.has(r.f)) out.push({ f: r.f as 'day' });
      else if (typeof r.lit === 'string' && r.lit.length <= WORD_MAX) out.push({ lit: r.lit });
      else return undefined;
    }
    return out;
  };
  const weekdays = words(o.weekdays, 7);
  const months = words(o.months, 12);
  const day = partsOf(o.day);
  const time = partsOf(o.time);
  const periods = words(o.periods, 2);
  if (!weekdays || !months || !day || !time || !periods || typeof o.group !== 'string') return undefined;
  if (o.group.length > 4) return undefined;
  return {
    weekdays,
    months,
    day,
    time,
    hour12: o.hour12 === true,
    periods: [periods[0]!, periods[1]!],
    group: o.group,
    groupFour: o.groupFour !== false,
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function write(parts: readonly DatePart[], field: (f: string) => string): string {
  return parts.map((p) => ('lit' in p ? p.lit : field(p.f))).join('');
}

/** A local day, as `makeDateWords`' locale writes it ("Wed, December 2, 2026"). */
export function formatDay(w: DateWords, time: number): string {
  const d = new Date(time);
  return write(w.day, (f) =>
    f === 'weekday'
      ? (w.weekdays[d.getDay()] ?? '')
      : f === 'month'
        ? (w.months[d.getMonth()] ?? '')
        : f === 'day'
          ? String(d.getDate())
          : f === 'year'
            ? String(d.getFullYear())
            : '',
  );
}

/** A local time of day ("09:41 PM", "21:41"). */
export function formatTime(w: DateWords, time: number): string {
  const d = new Date(time);
  const h = d.getHours();
  return write(w.time, (f) =>
    f === 'hour'
      ? pad2(w.hour12 ? h % 12 || 12 : h)
      : f === 'minute'
        ? pad2(d.getMinutes())
        : f === 'dayPeriod'
          ? w.periods[h < 12 ? 0 : 1]
          : '',
  );
}

/** A whole count with the locale's group separator ("10,000"). */
export function formatCount(w: DateWords, n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  if (s.length === 4 && !w.groupFour) return n < 0 ? `-${s}` : s;
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, w.group);
  return n < 0 ? `-${grouped}` : grouped;
}
