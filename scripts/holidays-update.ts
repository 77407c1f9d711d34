/**
 * `npm run holidays:update -- FILE [--retrieved YYYY-MM-DD] [--data-dir DIR]`
 *
 * Replaces the vendored England & Wales bank holidays (core/calendar/data/) with the
 * `england-and-wales` division of a downloaded GOV.UK feed (https://www.gov.uk/bank-holidays.json),
 * after validating it and showing what changed. Bad input prints one message naming the field and
 * exits 2 without touching anything; an unchanged feed exits 0 without touching anything.
 * Besides the shape, it refuses a feed that could not be a whole calendar (checkYears) or that
 * covers fewer years than the data it would replace (checkReplaces).
 *
 * One command, its checks and its report.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BusinessCalendar } from '../core/calendar/business-calendar';
import {
  formatYears,
  yearsListed,
  type FeedDivision,
  type FeedEvent,
  type HolidaySnapshot,
  type SnapshotProvenance,
} from '../core/calendar/bank-holidays';
import { isIsoDate, isoDateOf, londonDay } from '../core/time/london';

export const DIVISION = 'england-and-wales';
export const DATA_FILE = 'bank-holidays-england-and-wales.json';
export const PROVENANCE_FILE = 'provenance.json';

/** Bad input (the feed file, the options or the data directory): exit 2, nothing changed. */
export class InputError extends Error {
  constructor(
    message: string,
    /** Show the usage lines after the message. */
    readonly usage = false,
  ) {
    super(message);
  }
}

const USAGE =
  'usage: npm run holidays:update -- FILE [--retrieved YYYY-MM-DD] [--data-dir DIR]\n' +
  '  FILE: a download of https://www.gov.uk/bank-holidays.json (or a file holding only its\n' +
  `        "${DIVISION}" division, as in core/calendar/data/${DATA_FILE})`;

// ---------------------------------------------------------------------------------------------
// Parsing

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isIsoDate, 'is not a real calendar date');

const feedEvent = z.object({
  title: z.string().refine((t) => t.trim().length > 0, 'must not be empty'),
  date: isoDate,
  notes: z.string(),
  bunting: z.boolean(),
});

const feedDivision = z.object({
  division: z.literal(DIVISION, `must be "${DIVISION}"`),
  events: z.array(feedEvent).min(1, 'must list at least one bank holiday'),
});

const feedFile = z.object({ [DIVISION]: feedDivision });

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
    '',
  );
}

/** Text from the input, quoted and cut short: messages name the problem, never replay the input. */
function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describeKeys(keys: string[]): string {
  if (!keys.length) return 'no fields';
  const shown = keys.slice(0, 3).map((k) => quote(k));
  return keys.length > 3 ? `${shown.join(', ')} and ${keys.length - 3} more` : shown.join(', ');
}

/**
 * Validates a parsed feed (the whole GOV.UK feed, or only its England & Wales division wrapped as
 * `{"england-and-wales": {...}}`) and returns that division with its events in date order, in the
 * vendored shape. Throws InputError naming the first problem, e.g. `england-and-wales.events[3].date`.
 */
export function parseFeed(raw: unknown): FeedDivision {
  if (!isRecord(raw)) {
    throw new InputError(
      `(file): must be a JSON object with a "${DIVISION}" division (the GOV.UK bank-holidays feed)`,
    );
  }
  if (raw[DIVISION] === undefined) {
    const hint =
      'division' in raw && 'events' in raw
        ? `; this looks like a bare division: wrap it as {"${DIVISION}": {...}}`
        : `; found ${describeKeys(Object.keys(raw))}`;
    throw new InputError(`${DIVISION}: is required (the GOV.UK feed's division)${hint}`);
  }
  // reportInput: without it zod 4 leaves `input` off every issue, and a wrong type would read as missing.
  const parsed = feedFile.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message =
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined
        ? 'is required'
        : issue.message;
    throw new InputError(`${formatPath(issue.path)}: ${message}`);
  }
  const events = parsed.data[DIVISION].events.map((e, index) => ({ e, index }));
  const seen = new Map<string, number>();
  for (const { e, index } of events) {
    const earlier = seen.get(e.date);
    if (earlier !== undefined) {
      throw new InputError(
        `${DIVISION}.events[${index}].date: ${e.date} is listed twice (also events[${earlier}])`,
      );
    }
    seen.set(e.date, index);
  }
  events.sort((a, b) => a.e.date.localeCompare(b.e.date));
  return {
    division: DIVISION,
    // Keep the feed's field order, and only its fields, so the vendored file keeps its shape.
    events: events.map(({ e }) => ({
      title: e.title,
      date: e.date,
      notes: e.notes,
      bunting: e.bunting,
    })),
  };
}

/**
 * How many England & Wales bank holidays a listed year may have. Every year has 8: New Year's Day,
 * Good Friday, Easter Monday, the early May, spring and summer bank holidays, Christmas Day and
 * Boxing Day (Banking and Financial Dealings Act 1971, Schedule 1, and by custom). The feed lists
 * a substitute weekday instead of a weekend date, and a moved holiday (VE day 2020) in place of
 * its usual day, so neither changes the count. One-off proclamations add to it: 9 in 2023 (the
 * coronation), 10 in 2022 (the Platinum Jubilee and the Queen's state funeral), both in the
 * vendored data. A real 11th would be a first: refuse it until this bound is raised on evidence
 * (meanwhile a council can add it as an additional bank holiday in its calendar settings).
 *
 * No year may have fewer, not even the feed's first or last: the calendar takes a listed year
 * as complete, so a partial year would count its missing bank holidays as business days.
 * GOV.UK publishes whole years.
 */
export const HOLIDAYS_PER_YEAR = { min: 8, max: 10 } as const;

/**
 * Refuses a feed that could not be a whole calendar: a year missing inside the years it lists
 * (the calendar would fall back to date-holidays there, but GOV.UK never skips a year, so the
 * feed is broken), or a year with an implausible number of bank holidays. Names the first problem.
 */
export function checkYears(division: FeedDivision): void {
  const years = yearsListed(division);
  const first = years[0]!;
  const last = years[years.length - 1]!;
  for (let i = 1; i < years.length; i++) {
    if (years[i]! > years[i - 1]! + 1) {
      throw new InputError(
        `${DIVISION}.events: no bank holidays in ${range([years[i - 1]! + 1, years[i]! - 1])}, ` +
          `inside the years the feed covers (${range([first, last])})`,
      );
    }
  }
  const counts = new Map<number, number>();
  for (const e of division.events) {
    const year = Number(e.date.slice(0, 4));
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  const { min, max } = HOLIDAYS_PER_YEAR;
  for (const year of years) {
    const count = counts.get(year)!;
    if (count < min || count > max) {
      throw new InputError(
        `${DIVISION}.events: ${year} has ${count} bank holiday${count === 1 ? '' : 's'}; ` +
          `a year has ${min} to ${max}`,
      );
    }
  }
}

/**
 * Refuses a feed that covers fewer years than the data it would replace (e.g. one holding only
 * 1990). Dropping the oldest years is normal, GOV.UK's feed rolls forward, and is reported as a
 * note; but then it adds as many new ones.
 */
export function checkReplaces(current: FeedDivision, next: FeedDivision): void {
  const before = yearsListed(current);
  const after = yearsListed(next);
  if (after.length < before.length) {
    const years = (n: number) => `${n} year${n === 1 ? '' : 's'}`;
    throw new InputError(
      `${DIVISION}.events: covers ${years(after.length)} (${formatYears(after)}), fewer than ` +
        `the ${before.length} (${formatYears(before)}) of the data it would replace`,
    );
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(`cannot read ${what} ${path}: ${code}`);
  }
}

function readJsonFile(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Runs a check on a feed file, naming the file in any InputError it throws. */
function aboutFeed<T>(path: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}

/** Reads and validates a downloaded feed file: its shape, then its years (checkYears). */
export function readFeedFile(path: string): FeedDivision {
  const raw = readJsonFile(path, 'feed file');
  return aboutFeed(path, () => {
    const division = parseFeed(raw);
    checkYears(division);
    return division;
  });
}

const provenanceSchema = z.object({
  source: z.string().min(1),
  division: z.string().min(1),
  retrieved: isoDate,
  notes: z.string(),
});

/** Reads the vendored snapshot (holidays and provenance) from a data directory. */
export function readSnapshot(dataDir: string): HolidaySnapshot {
  const dataPath = join(dataDir, DATA_FILE);
  const provenancePath = join(dataDir, PROVENANCE_FILE);
  const raw = readJsonFile(dataPath, 'vendored data');
  let division: FeedDivision;
  try {
    division = parseFeed(raw);
  } catch (e) {
    if (e instanceof InputError) {
      throw new InputError(`vendored data ${dataPath} is invalid: ${e.message}`);
    }
    throw e;
  }
  const provenance = provenanceSchema.safeParse(readJsonFile(provenancePath, 'provenance'));
  if (!provenance.success) {
    const issue = provenance.error.issues[0]!;
    throw new InputError(
      `provenance ${provenancePath} is invalid: ${formatPath(issue.path) || '(file)'}: ${issue.message}`,
    );
  }
  return { division, provenance: provenance.data };
}

// ---------------------------------------------------------------------------------------------
// Diff

export interface HolidayChange {
  date: string;
  title: string;
  notes: string;
}

export interface SnapshotDiff {
  added: HolidayChange[];
  removed: HolidayChange[];
  retitled: { date: string; from: string; to: string }[];
  /** Dates whose notes or bunting changed (not their title): no business day changes. */
  otherwise: { date: string; fields: ('notes' | 'bunting')[] }[];
  years: { before: [number, number]; after: [number, number] };
  /** True when anything at all differs. */
  changed: boolean;
}

function yearRange(events: readonly FeedEvent[]): [number, number] {
  const years = events.map((e) => Number(e.date.slice(0, 4)));
  return [Math.min(...years), Math.max(...years)];
}

export function diffDivisions(before: FeedDivision, after: FeedDivision): SnapshotDiff {
  const old = new Map(before.events.map((e) => [e.date, e]));
  const next = new Map(after.events.map((e) => [e.date, e]));
  const change = (e: FeedEvent): HolidayChange => ({
    date: e.date,
    title: e.title,
    notes: e.notes,
  });
  const added = after.events.filter((e) => !old.has(e.date)).map(change);
  const removed = before.events.filter((e) => !next.has(e.date)).map(change);
  const retitled: SnapshotDiff['retitled'] = [];
  const otherwise: SnapshotDiff['otherwise'] = [];
  for (const e of after.events) {
    const o = old.get(e.date);
    if (!o) continue;
    if (o.title !== e.title) retitled.push({ date: e.date, from: o.title, to: e.title });
    const fields: ('notes' | 'bunting')[] = [];
    if (o.notes !== e.notes) fields.push('notes');
    if (o.bunting !== e.bunting) fields.push('bunting');
    if (fields.length) otherwise.push({ date: e.date, fields });
  }
  return {
    added,
    removed,
    retitled,
    otherwise,
    years: { before: yearRange(before.events), after: yearRange(after.events) },
    changed: added.length + removed.length + retitled.length + otherwise.length > 0,
  };
}

function range([first, last]: [number, number]): string {
  return first === last ? `${first}` : `${first}–${last}`;
}

function withNotes(h: HolidayChange): string {
  return `${h.date}  ${h.title}${h.notes ? ` (${h.notes})` : ''}`;
}

/** The change report people read. */
export function describeDiff(diff: SnapshotDiff): string {
  const lines: string[] = [];
  if (!diff.changed) {
    lines.push(
      `No changes: the feed matches the vendored bank holidays (${range(diff.years.before)}).`,
    );
    return `${lines.join('\n')}\n`;
  }
  const section = (title: string, items: string[]) => {
    if (!items.length) return;
    lines.push(`${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  section('Added', diff.added.map(withNotes));
  section('Removed', diff.removed.map(withNotes));
  section(
    'Retitled',
    diff.retitled.map((r) => `${r.date}  "${r.from}" -> "${r.to}"`),
  );
  section(
    'Notes or bunting changed, no effect on business days',
    diff.otherwise.map((o) => `${o.date}  ${o.fields.join(', ')}`),
  );
  lines.push(
    `Years covered: ${range(diff.years.before)} before, ${range(diff.years.after)} after.`,
  );
  const [b0, b1] = diff.years.before;
  const [a0, a1] = diff.years.after;
  if (a0 > b0 || a1 < b1) {
    const dropped = [
      ...(a0 > b0 ? [range([b0, a0 - 1])] : []),
      ...(a1 < b1 ? [range([a1 + 1, b1])] : []),
    ];
    lines.push(
      `Note: the feed no longer covers ${dropped.join(' and ')}; those years now come from the date-holidays fallback.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** The vendored data file's layout: GOV.UK's own (1-space indent, no final newline). */
export function serializeDivision(division: FeedDivision): string {
  return JSON.stringify({ [DIVISION]: division }, null, 1);
}

export function serializeProvenance(provenance: SnapshotProvenance): string {
  return `${JSON.stringify(provenance, null, 2)}\n`;
}

export function updatedProvenance(
  current: SnapshotProvenance,
  division: FeedDivision,
  retrieved: string,
  feedPath: string,
): SnapshotProvenance {
  const years = range(yearRange(division.events));
  return {
    source: current.source,
    division: current.division,
    retrieved,
    notes:
      `Replaced from the GOV.UK feed file ${basename(feedPath)} on ${retrieved} by ` +
      `\`npm run holidays:update\`: ${years} as GOV.UK published them (${division.events.length} bank holidays).`,
  };
}

/** Writes both files atomically (a temp file in the same directory, then a rename). */
export function writeSnapshot(dataDir: string, snapshot: HolidaySnapshot): void {
  const files: [string, string][] = [
    [join(dataDir, DATA_FILE), serializeDivision(snapshot.division)],
    [join(dataDir, PROVENANCE_FILE), serializeProvenance(snapshot.provenance)],
  ];
  const temps: [string, string][] = [];
  try {
    for (const [target, text] of files) {
      const temp = join(
        dirname(target),
        `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
      );
      temps.push([temp, target]);
      const fd = openSync(temp, 'wx', 0o644);
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const [temp, target] of temps) renameSync(temp, target);
  } finally {
    for (const [temp] of temps) rmSync(temp, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Command

/** The repository root: the nearest directory above this file with the project's package.json. */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'iro-liaison')
          return dir;
      } catch {
        // not ours; keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${from}`);
  }
}

export function defaultDataDir(): string {
  return join(repositoryRoot(), 'core', 'calendar', 'data');
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Now, for the default "retrieved" date (today in Europe/London). */
  now(): number;
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => Date.now(),
};

export interface UpdateResult {
  diff: SnapshotDiff;
  written: boolean;
  before: HolidaySnapshot;
  after: HolidaySnapshot;
}

/** Validates the feed, compares it with the data directory and, if anything changed, writes it. */
export function updateHolidays(options: {
  feedPath: string;
  dataDir: string;
  retrieved: string;
}): UpdateResult {
  const division = readFeedFile(options.feedPath);
  const before = readSnapshot(options.dataDir);
  // Only the feed is held to checkYears: a bad vendored file that got in can still be replaced.
  aboutFeed(options.feedPath, () => checkReplaces(before.division, division));
  const diff = diffDivisions(before.division, division);
  if (!diff.changed) return { diff, written: false, before, after: before };
  const after: HolidaySnapshot = {
    division,
    provenance: updatedProvenance(before.provenance, division, options.retrieved, options.feedPath),
  };
  writeSnapshot(options.dataDir, after);
  return { diff, written: true, before, after };
}

function calendarId(snapshot: HolidaySnapshot): string {
  return new BusinessCalendar(snapshot).version.id;
}

export function main(argv: string[], io: Io = processIo): number {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          retrieved: { type: 'string' },
          'data-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new InputError((e as Error).message, true);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) {
      throw new InputError(
        positionals.length
          ? `expected one FILE, got ${positionals.length}: ${positionals.map((p) => quote(p)).join(' ')}`
          : 'FILE is required',
        true,
      );
    }
    const today = isoDateOf(londonDay(io.now()));
    const retrieved = values.retrieved ?? today;
    if (!isIsoDate(retrieved)) {
      throw new InputError(`--retrieved must be a real date YYYY-MM-DD, not ${quote(retrieved)}`);
    }
    if (retrieved > today) {
      throw new InputError(`--retrieved ${retrieved} is in the future (today is ${today})`);
    }
    // `npm run` moves to the package root; relative paths are the user's, from where they ran it.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    const dataDir =
      values['data-dir'] === undefined ? defaultDataDir() : resolve(cwd, values['data-dir']);
    const feedPath = resolve(cwd, positionals[0]!);

    const result = updateHolidays({ feedPath, dataDir, retrieved });
    let report = describeDiff(result.diff);
    if (result.written) {
      report +=
        `\nWrote ${join(dataDir, DATA_FILE)} and ${join(dataDir, PROVENANCE_FILE)} (retrieved ${retrieved}).\n` +
        `The calendar version id changes: ${calendarId(result.before)} -> ${calendarId(result.after)}.\n` +
        'Run `npm run build` (and redeploy) so the engine loads the new data; open deadlines are\n' +
        'recomputed on their next evaluation. Review and commit both files.\n';
    } else {
      report += 'Nothing written.\n';
    }
    io.out(report);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`holidays:update: ${e.message}\n${e.usage ? `${USAGE}\n` : ''}`);
      return 2;
    }
    io.err(`holidays:update: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
