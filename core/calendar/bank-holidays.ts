/**
 * The England & Wales bank holidays: a vendored snapshot of the GOV.UK feed (the source of truth
 * for the years it lists) and `date-holidays` for every other year, a gap inside its range included.
 */
import Holidays from 'date-holidays';
import feed from './data/bank-holidays-england-and-wales.json';
import provenance from './data/provenance.json';

export interface FeedEvent {
  title: string;
  date: string;
  notes: string;
  bunting: boolean;
}

/** The `england-and-wales` division of https://www.gov.uk/bank-holidays.json, in its own shape. */
export interface FeedDivision {
  division: string;
  events: FeedEvent[];
}

export interface SnapshotProvenance {
  source: string;
  division: string;
  /** The day the feed was downloaded (YYYY-MM-DD). */
  retrieved: string;
  notes: string;
}

export interface HolidaySnapshot {
  division: FeedDivision;
  provenance: SnapshotProvenance;
}

export interface FallbackHolidays {
  /** Names the source and its version, for the calendar version. */
  readonly name: string;
  /** Bank holidays in a year, as YYYY-MM-DD dates with their titles. */
  holidaysIn(year: number): { date: string; title: string }[];
}

export const vendoredSnapshot: HolidaySnapshot = {
  division: feed['england-and-wales'],
  provenance,
};

/**
 * The years a division lists any bank holiday in, ascending. Only these years are the snapshot's
 * to answer for: any other year, even one between two of these, comes from the fallback, so a
 * missing year can never silently have no bank holidays at all.
 */
export function yearsListed(division: FeedDivision): number[] {
  const years = new Set(division.events.map((e) => Number(e.date.slice(0, 4))));
  return [...years].sort((a, b) => a - b);
}

/** Ascending years as ranges, for people: [2018, …, 2027, 2099] → "2018–2027, 2099". */
export function formatYears(years: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    ranges.push(i === j ? `${years[i]}` : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

/** Keep in step with package.json (a test checks). */
export const DATE_HOLIDAYS_VERSION = '3.37.0';

let dateHolidays: Holidays | undefined;

/** `date-holidays` for England: public holidays only (not observances such as Mother's Day). */
export const dateHolidaysFallback: FallbackHolidays = {
  name: `date-holidays ${DATE_HOLIDAYS_VERSION} (GB, ENG, public)`,
  holidaysIn(year) {
    dateHolidays ??= new Holidays('GB', 'ENG');
    return dateHolidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => ({ date: h.date.slice(0, 10), title: h.name }));
  },
};
