import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DATA_FILE,
  PROVENANCE_FILE,
  diffDivisions,
  main,
  parseFeed,
  repositoryRoot,
  serializeDivision,
  type Io,
} from '../../../scripts/holidays-update';
import type { FeedDivision, FeedEvent } from '../../../core/calendar/bank-holidays';

const REAL_DATA = path.join(__dirname, '..', '..', '..', 'core', 'calendar', 'data');
/** 2026-11-22T12:00:00Z: "today" in Europe/London is 2026-11-22. */
const NOW = Date.UTC(2026, 10, 22, 12);

interface Run {
  code: number;
  out: string;
  err: string;
}

function run(argv: string[], now = NOW): Run {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    now: () => now,
  };
  const code = main(argv, io);
  return { code, out, err };
}

function readDivision(dir: string): FeedDivision {
  return (
    JSON.parse(fs.readFileSync(path.join(dir, DATA_FILE), 'utf8')) as Record<string, FeedDivision>
  )['england-and-wales']!;
}

function snapshotFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

let tmp: string;
let dataDir: string;
let original: FeedDivision;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-update-'));
  dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  for (const f of [DATA_FILE, PROVENANCE_FILE]) {
    fs.copyFileSync(path.join(REAL_DATA, f), path.join(dataDir, f));
  }
  original = readDivision(dataDir);
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A GOV.UK-shaped feed: all three divisions. */
function fullFeed(events: FeedEvent[]): unknown {
  return {
    'england-and-wales': { division: 'england-and-wales', events },
    scotland: {
      division: 'scotland',
      events: [{ title: 'St Andrew’s Day', date: '2027-11-30', notes: '', bunting: true }],
    },
    'northern-ireland': {
      division: 'northern-ireland',
      events: [{ title: 'St Patrick’s Day', date: '2027-03-17', notes: '', bunting: true }],
    },
  };
}

function writeFeed(content: unknown, name = 'bank-holidays.json'): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function events(): FeedEvent[] {
  return original.events.map((e) => ({ ...e }));
}

const ONE_OFF: FeedEvent = {
  title: 'Bank holiday for the example',
  date: '2027-06-07',
  notes: '',
  bunting: true,
};

function holiday(date: string, title = 'Bank holiday'): FeedEvent {
  return { title, date, notes: '', bunting: true };
}

/** 2028's eight bank holidays, as GOV.UK would list them (1 January is a Saturday). */
const YEAR_2028: FeedEvent[] = [
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
].map((d) => holiday(d));

/** 1990's eight: a plausible year, only far older than the vendored data. */
const YEAR_1990: FeedEvent[] = [
  '1990-01-01',
  '1990-04-13',
  '1990-04-16',
  '1990-05-07',
  '1990-05-28',
  '1990-08-27',
  '1990-12-25',
  '1990-12-26',
].map((d) => holiday(d));

/** Every Monday to Friday of a year. */
function weekdaysOf(year: number): FeedEvent[] {
  const out: FeedEvent[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(holiday(new Date(t).toISOString().slice(0, 10)));
  }
  return out;
}

const inYear = (year: number) => (e: FeedEvent) => e.date.startsWith(`${year}-`);

describe('holidays:update', () => {
  test('the vendored data has the layout the script writes (so rewrites diff cleanly)', () => {
    const text = fs.readFileSync(path.join(REAL_DATA, DATA_FILE), 'utf8');
    expect(serializeDivision(parseFeed(JSON.parse(text)))).toBe(text);
  });

  test('finds the repository root from scripts/ and from dist/scripts/', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    expect(repositoryRoot(path.join(root, 'scripts'))).toBe(root);
    expect(repositoryRoot(path.join(root, 'dist', 'scripts'))).toBe(root);
  });

  test('a one-off bank holiday is reported as added and written into the data directory', () => {
    const feed = writeFeed(fullFeed([...events(), ONE_OFF]));
    const before = snapshotFiles(dataDir);

    const r = run([feed, '--data-dir', dataDir, '--retrieved', '2026-11-20']);

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Added (1):');
    expect(r.out).toContain('2027-06-07  Bank holiday for the example');
    expect(r.out).not.toContain('Removed');
    expect(r.out).not.toContain('Retitled');
    expect(r.out).toContain('Years covered: 2018–2027 before, 2018–2027 after.');
    expect(r.out).toMatch(
      /calendar version id changes: ew-2026-11-22-\w{8} -> ew-2026-11-20-\w{8}/,
    );
    expect(r.out).toMatch(/recomputed on their next evaluation/);
    expect(r.out).toMatch(/npm run build/);

    const written = readDivision(dataDir);
    expect(written.events).toHaveLength(original.events.length + 1);
    expect(written.events.find((e) => e.date === '2027-06-07')).toEqual(ONE_OFF);
    // Sorted, with the same layout as before.
    const dates = written.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    const text = fs.readFileSync(path.join(dataDir, DATA_FILE), 'utf8');
    expect(text.startsWith('{\n "england-and-wales": {\n  "division": "england-and-wales",')).toBe(
      true,
    );
    expect(text).toBe(serializeDivision(written));

    const provenance = JSON.parse(fs.readFileSync(path.join(dataDir, PROVENANCE_FILE), 'utf8')) as {
      source: string;
      division: string;
      retrieved: string;
      notes: string;
    };
    const oldProvenance = JSON.parse(before[PROVENANCE_FILE]!) as typeof provenance;
    expect(provenance.source).toBe(oldProvenance.source);
    expect(provenance.division).toBe('england-and-wales');
    expect(provenance.retrieved).toBe('2026-11-20');
    expect(provenance.notes).toContain('bank-holidays.json');
    expect(provenance.notes).toContain('2026-11-20');

    // No temp files left behind.
    expect(fs.readdirSync(dataDir).sort()).toEqual([DATA_FILE, PROVENANCE_FILE].sort());

    // The real data is untouched.
    expect(fs.readFileSync(path.join(REAL_DATA, DATA_FILE), 'utf8')).toBe(before[DATA_FILE]);
  });

  test('without --retrieved, "retrieved" is today in Europe/London', () => {
    const feed = writeFeed(fullFeed([...events(), ONE_OFF]));
    // 23:30 UTC on 30 June 2027 is already 1 July in London (BST).
    const r = run([feed, '--data-dir', dataDir], Date.UTC(2027, 5, 30, 23, 30));
    expect(r.code).toBe(0);
    const provenance = JSON.parse(fs.readFileSync(path.join(dataDir, PROVENANCE_FILE), 'utf8')) as {
      retrieved: string;
    };
    expect(provenance.retrieved).toBe('2027-07-01');
  });

  test('accepts a file holding only the england-and-wales division, in any order', () => {
    const feed = writeFeed({
      'england-and-wales': {
        division: 'england-and-wales',
        events: [ONE_OFF, ...events()].reverse(),
      },
    });
    const r = run([feed, '--data-dir', dataDir, '--retrieved', '2026-11-20']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Added (1):');
    const dates = readDivision(dataDir).events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  test('removed and retitled dates are reported, and the year range before and after', () => {
    // As GOV.UK's feed rolls forward: the oldest year goes as a new one comes.
    const next = [...events().filter((e) => !e.date.startsWith('2018')), ...YEAR_2028];
    const christmas = next.find((e) => e.date === '2024-12-25')!;
    christmas.title = 'Christmas';
    const feed = writeFeed(fullFeed(next));

    const r = run([feed, '--data-dir', dataDir, '--retrieved', '2026-11-20']);

    expect(r.code).toBe(0);
    const removed2018 = original.events.filter((e) => e.date.startsWith('2018'));
    expect(r.out).toContain(`Removed (${removed2018.length}):`);
    expect(r.out).toContain('2018-01-01  New Year’s Day');
    expect(r.out).toContain('Retitled (1):');
    expect(r.out).toContain('2024-12-25  "Christmas Day" -> "Christmas"');
    expect(r.out).toContain('Added (8):');
    expect(r.out).toContain('Years covered: 2018–2027 before, 2019–2028 after.');
    expect(r.out).toMatch(/no longer covers 2018/);
    expect(readDivision(dataDir).events).toEqual(next);
  });

  test('a vendored file with a missing year can still be replaced by a good feed', () => {
    const bad = {
      division: 'england-and-wales',
      events: [
        ...events().filter((e) => inYear(2025)(e) || inYear(2026)(e)),
        holiday('2099-12-25', 'Christmas Day'),
      ],
    };
    fs.writeFileSync(path.join(dataDir, DATA_FILE), serializeDivision(bad));
    const feed = writeFeed(fullFeed(events()));

    const r = run([feed, '--data-dir', dataDir, '--retrieved', '2026-11-20']);

    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Years covered: 2025–2099 before, 2018–2027 after.');
    expect(readDivision(dataDir).events).toEqual(original.events);
  });

  test('an identical feed reports no changes and touches nothing', () => {
    const feed = writeFeed(fullFeed(events()));
    const before = snapshotFiles(dataDir);
    const mtimes = fs.readdirSync(dataDir).map((f) => fs.statSync(path.join(dataDir, f)).mtimeMs);

    const r = run([feed, '--data-dir', dataDir]);

    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^No changes/);
    expect(snapshotFiles(dataDir)).toEqual(before);
    expect(fs.readdirSync(dataDir).map((f) => fs.statSync(path.join(dataDir, f)).mtimeMs)).toEqual(
      mtimes,
    );
  });

  test('the vendored file itself is an identical feed', () => {
    const r = run([path.join(dataDir, DATA_FILE), '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^No changes/);
  });

  describe('bad input exits 2, names the problem and changes nothing', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['invalid JSON', () => '{"england-and-wales": {', /is not valid JSON/],
      [
        'missing division',
        () => ({ scotland: { division: 'scotland', events: [] } }),
        /england-and-wales: is required/,
      ],
      ['not an object', () => [1, 2], /\(file\): must be a JSON object/],
      [
        'wrong division name',
        () => ({ 'england-and-wales': { division: 'scotland', events: events() } }),
        /england-and-wales\.division: must be "england-and-wales"/,
      ],
      [
        'impossible date',
        () => {
          const e = events();
          e[3]!.date = '2018-02-30';
          return fullFeed(e);
        },
        /england-and-wales\.events\[3\]\.date: is not a real calendar date/,
      ],
      [
        'badly formatted date',
        () => {
          const e = events();
          e[3]!.date = '7 May 2018';
          return fullFeed(e);
        },
        /england-and-wales\.events\[3\]\.date: must be a date YYYY-MM-DD/,
      ],
      [
        'date-time instead of date',
        () => {
          const e = events();
          e[0]!.date = '2018-01-01T00:00:00Z';
          return fullFeed(e);
        },
        /england-and-wales\.events\[0\]\.date: must be a date YYYY-MM-DD/,
      ],
      [
        'wrong-typed bunting',
        () => {
          const e = events() as unknown as Record<string, unknown>[];
          e[2]!.bunting = 'yes';
          return fullFeed(e as unknown as FeedEvent[]);
        },
        /england-and-wales\.events\[2\]\.bunting: Invalid input: expected boolean, received string/,
      ],
      [
        'missing division field',
        () => ({ 'england-and-wales': { events: events() } }),
        /england-and-wales\.division: is required/,
      ],
      [
        'wrong-typed events',
        () => ({ 'england-and-wales': { division: 'england-and-wales', events: {} } }),
        /england-and-wales\.events: Invalid input: expected array, received object/,
      ],
      [
        'missing title',
        () => {
          const e = events() as unknown as Record<string, unknown>[];
          delete e[4]!.title;
          return fullFeed(e as unknown as FeedEvent[]);
        },
        /england-and-wales\.events\[4\]\.title: is required/,
      ],
      [
        'empty title',
        () => {
          const e = events();
          e[4]!.title = '  ';
          return fullFeed(e);
        },
        /england-and-wales\.events\[4\]\.title: must not be empty/,
      ],
      [
        'duplicate date',
        () => {
          const e = events();
          e.push({ ...e[5]!, title: 'Again' });
          return fullFeed(e);
        },
        /england-and-wales\.events\[\d+\]\.date: \d{4}-\d{2}-\d{2} is listed twice \(also events\[5\]\)/,
      ],
      [
        'no events',
        () => fullFeed([]),
        /england-and-wales\.events: must list at least one bank holiday/,
      ],
      [
        'a missing year: the vendored data plus one event in 2099',
        () => fullFeed([...events(), holiday('2099-12-25', 'Christmas Day')]),
        /england-and-wales\.events: no bank holidays in 2028–2098, inside the years the feed covers \(2018–2099\)$/m,
      ],
      [
        'missing years: 2025, 2026 and 2099',
        () =>
          fullFeed([
            ...events().filter((e) => inYear(2025)(e) || inYear(2026)(e)),
            holiday('2099-12-25', 'Christmas Day'),
          ]),
        /no bank holidays in 2027–2098, inside the years the feed covers \(2025–2099\)$/m,
      ],
      [
        '261 bank holidays in 2027 (its last year)',
        () => fullFeed([...events().filter((e) => !inYear(2027)(e)), ...weekdaysOf(2027)]),
        /england-and-wales\.events: 2027 has 261 bank holidays; a year has 8 to 10$/m,
      ],
      [
        '11 bank holidays in 2022',
        () => fullFeed([...events(), holiday('2022-07-01')]),
        /2022 has 11 bank holidays; a year has 8 to 10$/m,
      ],
      [
        '7 bank holidays in 2024',
        () => fullFeed(events().filter((e) => e.date !== '2024-05-06')),
        /2024 has 7 bank holidays; a year has 8 to 10$/m,
      ],
      [
        'a partial first year (2018 without New Year’s Day)',
        () => fullFeed(events().filter((e) => e.date !== '2018-01-01')),
        /2018 has 7 bank holidays; a year has 8 to 10$/m,
      ],
      [
        'a partial last year (one bank holiday in 2028)',
        () => fullFeed([...events(), YEAR_2028[0]!]),
        /2028 has 1 bank holiday; a year has 8 to 10$/m,
      ],
      [
        'a feed holding only 1990',
        () => fullFeed(YEAR_1990),
        /england-and-wales\.events: covers 1 year \(1990\), fewer than the 10 \(2018–2027\) of the data it would replace$/m,
      ],
      [
        'a feed that drops 2018 and adds nothing',
        () => fullFeed(events().filter((e) => !inYear(2018)(e))),
        /covers 9 years \(2019–2027\), fewer than the 10 \(2018–2027\) of the data it would replace$/m,
      ],
    ];

    test.each(cases)('%s', (_name, content, message) => {
      const feed = writeFeed(content());
      const before = snapshotFiles(dataDir);
      const r = run([feed, '--data-dir', dataDir]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err).toContain(feed);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      // Short: the message names the problem, it does not replay the input.
      expect(r.err.length).toBeLessThan(feed.length + 160);
      expect(snapshotFiles(dataDir)).toEqual(before);
    });

    test('long input is not echoed raw', () => {
      const long = 'x'.repeat(10_000);
      const feed = writeFeed({ [long]: {}, a: 1, b: 2, c: 3 });
      const r = run([feed, '--data-dir', dataDir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/england-and-wales: is required/);
      expect(r.err).toMatch(/and 1 more/);
      expect(r.err.length).toBeLessThan(feed.length + 250);

      const r2 = run([writeFeed(fullFeed(events())), '--data-dir', dataDir, '--retrieved', long]);
      expect(r2.code).toBe(2);
      expect(r2.err).toMatch(/--retrieved must be a real date YYYY-MM-DD/);
      expect(r2.err.length).toBeLessThan(200);
    });

    test('unreadable feed file', () => {
      const before = snapshotFiles(dataDir);
      const r = run([path.join(tmp, 'nope.json'), '--data-dir', dataDir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cannot read feed file .*nope\.json: ENOENT/);
      expect(snapshotFiles(dataDir)).toEqual(before);
    });

    test('no FILE, two FILEs, unknown option', () => {
      expect(run(['--data-dir', dataDir])).toMatchObject({
        code: 2,
        err: expect.stringMatching(/FILE is required/) as unknown,
      });
      const feed = writeFeed(fullFeed(events()));
      expect(run([feed, feed, '--data-dir', dataDir]).code).toBe(2);
      expect(run([feed, '--data-dir', dataDir, '--force'])).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--force/) as unknown,
      });
    });

    test('bad --retrieved', () => {
      const feed = writeFeed(fullFeed([...events(), ONE_OFF]));
      const before = snapshotFiles(dataDir);
      expect(run([feed, '--data-dir', dataDir, '--retrieved', '2026-02-30'])).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--retrieved must be a real date/) as unknown,
      });
      expect(run([feed, '--data-dir', dataDir, '--retrieved', '2026-12-01'])).toMatchObject({
        code: 2,
        err: expect.stringMatching(/in the future/) as unknown,
      });
      expect(snapshotFiles(dataDir)).toEqual(before);
    });

    test('a data directory without the data', () => {
      const feed = writeFeed(fullFeed(events()));
      const r = run([feed, '--data-dir', path.join(tmp, 'missing')]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cannot read vendored data/);
    });
  });

  test('diffDivisions reports notes and bunting changes without business-day changes', () => {
    const next = events();
    next[0]!.bunting = !next[0]!.bunting;
    const diff = diffDivisions(original, { division: 'england-and-wales', events: next });
    expect(diff).toMatchObject({
      added: [],
      removed: [],
      retitled: [],
      otherwise: [{ date: next[0]!.date, fields: ['bunting'] }],
      changed: true,
    });
  });
});
