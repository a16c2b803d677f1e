import { TZDate } from '@date-fns/tz';

/** The course runs in Germany: every wall-clock time in the app is Europe/Berlin, whatever the server's zone. */
export const ZONE = 'Europe/Berlin';

/** The instant of a Berlin wall-clock time, e.g. ('2026-10-25', '09:00:00') → 08:00 UTC (CET after the clocks went back). */
export function berlinInstant(date: string, time: string): TZDate {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return new TZDate(y, mo - 1, d, h, mi, 0, ZONE);
}

// sv-SE writes dates as YYYY-MM-DD; one formatter for all calls (a new one costs ~100 µs)
const isoDayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE });

/** The date in Berlin of an instant, as YYYY-MM-DD (today's, given now). */
export function berlinToday(now: Date): string {
  return isoDayFormat.format(now);
}

const dayFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'UTC',
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const plainDayFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'UTC',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** '2026-10-25' → 'So., 25.10.2026' (a calendar date has no zone: formatted as is). */
export function formatDay(date: string, withWeekday = true): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (withWeekday ? dayFormat : plainDayFormat).format(new Date(Date.UTC(y, m - 1, d)));
}

/** '09:00:00' → '09:00' */
export function formatTime(time: string): string {
  return time.slice(0, 5);
}

const clockFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** An instant as Berlin clock time with seconds: '09:30:30'. */
export function formatClock(d: Date): string {
  return clockFormat.format(d);
}

/** A session's length in minutes, from its wall-clock times ('09:00:00' to '16:30:00' → 450). */
export const durationMinutes = (s: { startTime: string; endTime: string }) => {
  const m = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3, 5));
  return m(s.endTime) - m(s.startTime);
};
