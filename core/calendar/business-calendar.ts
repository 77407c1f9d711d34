/**
 * Business days as the Family Procedure Rules define them (FPR 2.3): any day except a Saturday,
 * a Sunday, Christmas Day, Good Friday or a bank holiday in England and Wales. A council may add
 * local closure days; those count for internal deadlines only, never for court deadlines.
 */
import { dayFromCivil, dayFromIsoDate, isoDateOf, weekday, yearOf } from '../time/london';
import {
  dateHolidaysFallback,
  formatYears,
  vendoredSnapshot,
  yearsListed,
  type FallbackHolidays,
  type HolidaySnapshot,
} from './bank-holidays';

/** Which deadlines a day count is for: the council's own, or those the court sets. */
export type CalendarScope = 'internal' | 'court';

export interface CalendarSettings {
  /** One-off bank holidays proclaimed after the snapshot was taken (e.g. a state funeral). */
  additionalBankHolidays?: { date: string; title: string }[];
  /** Days the council is closed (e.g. 24 and 27–31 December); internal deadlines only. */
  localClosureDays?: string[];
}

export interface CalendarVersion {
  /** Short and stable: changes whenever any day's business status could change. */
  id: string;
  /** For people: where the holidays come from. */
  description: string;
  snapshot: { source: string; retrieved: string; firstYear: number; lastYear: number };
  fallback: string;
  additionalBankHolidays: string[];
  localClosureDays: string[];
}

const MEMO_FIRST_DAY = dayFromIsoDate('1996-01-01');
const MEMO_DAYS = dayFromIsoDate('2100-01-01') - MEMO_FIRST_DAY;

export class BusinessCalendar {
  readonly version: CalendarVersion;
  private readonly holidays = new Map<number, string>();
  private readonly closures = new Set<number>();
  /** The years the snapshot lists; every other year asks the fallback (see isBankHoliday). */
  private readonly snapshotYears: ReadonlySet<number>;
  private readonly fallbackYears = new Set<number>();
  private readonly internalMemo = new Uint8Array(MEMO_DAYS);
  private readonly courtMemo = new Uint8Array(MEMO_DAYS);
  /** Per year, business days among its first k days (k = 0 … its length): counting in O(years). */
  private readonly yearPrefixes = {
    internal: new Map<number, Int32Array>(),
    court: new Map<number, Int32Array>(),
  };

  constructor(
    private readonly snapshot: HolidaySnapshot = vendoredSnapshot,
    settings: CalendarSettings = {},
    private readonly fallback: FallbackHolidays = dateHolidaysFallback,
  ) {
    const years = yearsListed(snapshot.division);
    this.snapshotYears = new Set(years);
    const firstYear = years[0]!;
    const lastYear = years[years.length - 1]!;
    for (const e of snapshot.division.events) this.holidays.set(dayFromIsoDate(e.date), e.title);
    const additional = [...(settings.additionalBankHolidays ?? [])].sort((a, b) =>
      a.date.localeCompare(b.date),
    );
    for (const h of additional) this.holidays.set(dayFromIsoDate(h.date), h.title);
    const closures = [...new Set(settings.localClosureDays ?? [])].sort();
    for (const d of closures) this.closures.add(dayFromIsoDate(d));

    const fingerprint = fnv1a(
      [
        snapshot.provenance.retrieved,
        ...snapshot.division.events.map((e) => e.date),
        fallback.name,
        '+',
        ...additional.map((h) => h.date),
        '/',
        ...closures,
      ].join(','),
    );
    const extra = additional.length ? `; plus ${additional.length} added by the council` : '';
    this.version = {
      id: `ew-${snapshot.provenance.retrieved}-${fingerprint}`,
      description:
        `bank holidays England & Wales, GOV.UK snapshot ${snapshot.provenance.retrieved} ` +
        `(${formatYears(years)}); ${fallback.name} for other years${extra}`,
      snapshot: {
        source: snapshot.provenance.source,
        retrieved: snapshot.provenance.retrieved,
        firstYear,
        lastYear,
      },
      fallback: fallback.name,
      additionalBankHolidays: additional.map((h) => h.date),
      localClosureDays: closures,
    };
  }

  isBankHoliday(day: number): boolean {
    // Per year, not per range: a year missing inside the snapshot's range must still get its
    // bank holidays (from the fallback), never none.
    const year = yearOf(day);
    if (!this.snapshotYears.has(year)) this.loadFallbackYear(year);
    return this.holidays.has(day);
  }

  /** Where a year's bank holidays come from: the GOV.UK snapshot, or the fallback. */
  holidaySource(year: number): { kind: 'snapshot' | 'fallback'; name: string } {
    return this.snapshotYears.has(year)
      ? { kind: 'snapshot', name: `GOV.UK snapshot ${this.snapshot.provenance.retrieved}` }
      : { kind: 'fallback', name: this.fallback.name };
  }

  isBusinessDay(day: number, scope: CalendarScope = 'internal'): boolean {
    // Memoised per day (0 = not yet known, 1 = business day, 2 = not): deadline counting asks
    // about the same few hundred days millions of times.
    const memo = scope === 'court' ? this.courtMemo : this.internalMemo;
    const i = day - MEMO_FIRST_DAY;
    if (i >= 0 && i < memo.length) {
      const known = memo[i]!;
      if (known !== 0) return known === 1;
      const answer = this.computeBusinessDay(day, scope);
      memo[i] = answer ? 1 : 2;
      return answer;
    }
    return this.computeBusinessDay(day, scope);
  }

  private computeBusinessDay(day: number, scope: CalendarScope): boolean {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) return false;
    if (this.isBankHoliday(day)) return false;
    return scope === 'court' || !this.closures.has(day);
  }

  /**
   * Business days after `from` up to and including `to` (London days): how many working days
   * late a deadline of `from` is on `to`. Counted a year at a time, so years of lateness cost
   * no more than days of it.
   */
  businessDaysAfter(from: number, to: number, scope: CalendarScope = 'internal'): number {
    if (to <= from) return 0;
    const firstYear = yearOf(from);
    const lastYear = yearOf(to);
    let total = 0;
    for (let year = firstYear; year <= lastYear; year++) {
      const prefix = this.yearPrefix(year, scope);
      const jan1 = dayFromCivil(year, 1, 1);
      const lo = year === firstYear ? from - jan1 + 1 : 0;
      const hi = year === lastYear ? to - jan1 + 1 : prefix.length - 1;
      total += prefix[hi]! - prefix[lo]!;
    }
    return total;
  }

  private yearPrefix(year: number, scope: CalendarScope): Int32Array {
    const known = this.yearPrefixes[scope].get(year);
    if (known) return known;
    const jan1 = dayFromCivil(year, 1, 1);
    const days = dayFromCivil(year + 1, 1, 1) - jan1;
    const prefix = new Int32Array(days + 1);
    for (let k = 0; k < days; k++)
      prefix[k + 1] = prefix[k]! + (this.isBusinessDay(jan1 + k, scope) ? 1 : 0);
    this.yearPrefixes[scope].set(year, prefix);
    return prefix;
  }

  /** Why a day is not a business day, for warnings people read. */
  describeDay(day: number, scope: CalendarScope = 'internal'): string {
    const wd = weekday(day);
    if (wd === 0) return 'a Sunday';
    if (wd === 6) return 'a Saturday';
    const holiday = this.isBankHoliday(day) ? this.holidays.get(day) : undefined;
    if (holiday) return `a bank holiday (${holiday})`;
    if (scope === 'internal' && this.closures.has(day)) return 'a council closure day';
    return 'a business day';
  }

  /** Bank holidays (from every source) between two YYYY-MM-DD dates inclusive. */
  bankHolidaysBetween(from: string, to: string): { date: string; title: string }[] {
    const out: { date: string; title: string }[] = [];
    for (let d = dayFromIsoDate(from), end = dayFromIsoDate(to); d <= end; d++) {
      if (this.isBankHoliday(d)) out.push({ date: isoDateOf(d), title: this.holidays.get(d)! });
    }
    return out;
  }

  private loadFallbackYear(year: number): void {
    if (this.fallbackYears.has(year)) return;
    this.fallbackYears.add(year);
    for (const h of this.fallback.holidaysIn(year)) {
      const d = dayFromIsoDate(h.date);
      if (!this.holidays.has(d)) this.holidays.set(d, h.title);
    }
  }
}

/** 32-bit FNV-1a as 8 hex digits: a short fingerprint, not a security measure. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
