/** Plain-text tables for the terminal. */
import { parseInstant } from '../../core';

const WEEKDAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Wed 10 May 2023, 16:00" in Europe/London, the way the product shows dates to people. */
export function humanInstant(iso: string | undefined): string {
  if (!iso) return '—';
  const parsed = parseInstant(iso);
  if (!parsed.ok) return iso;
  const part = Object.fromEntries(
    WEEKDAY.formatToParts(new Date(parsed.instant)).map((p) => [p.type, p.value]),
  );
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute}`;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
  );
}
