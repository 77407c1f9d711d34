/**
 * `people:import`: the CSV's rules, every problem reported with its line and column, nothing
 * written unless the whole file is good, and the summary against what the store already holds.
 * Runs `main(argv)` against a real SQLite file in a temporary directory.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Person } from '../../../core';
import { printable } from '../../../scripts/csv-file';
import { main, parsePeopleCsv } from '../../../scripts/people-import';
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';
import type { Store } from '../../../server/store/open-store';

const HEADER = 'id,displayName,email,entraObjectId,roles,teams';
const OID_PATEL = '0f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const OID_SMITH = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const clock = { now: () => Date.parse('2025-03-03T10:00:00Z') };
/** What the import refuses in a cell, and must never print raw. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const RAW_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Nothing unsafe printed raw: line ends only end lines. */
const printedSafely = (text: string) => text.split('\n').every((l) => !RAW_UNSAFE.test(l));
const NOT_ALLOWED = 'control characters, tabs, line breaks and bidi controls are not allowed';

const GOOD = [
  HEADER,
  `iro.patel,Sam Patel,sam.patel@council.example,${OID_PATEL.toUpperCase()},iro;iro-team-manager,north;south`,
  `iro.smith,Ivy Smith,,${OID_SMITH},iro,south`,
  'guardian.rivers,Jo Rivers,jo.rivers@cafcass.example,,guardian,',
  '',
].join('\n');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liaison-people-'));
});

function csv(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    { write: (t: string) => (out += t) },
    { write: (t: string) => (err += t) },
  );
  return { code, out, err };
}

async function withStore<T>(db: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore(db, clock);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const people = (db: string) => withStore(db, (s) => s.people());
const audit = (db: string) => withStore(db, (s) => s.readAudit(0, 100));

async function seeded(list: Person[]): Promise<string> {
  const db = join(dir, 'liaison.db');
  await withStore(db, async (s) => {
    for (const p of list) await s.upsertPerson(p);
  });
  return db;
}

describe('a good file', () => {
  test('is imported, normalised, summarised and audited once', async () => {
    const db = await seeded([]);
    const r = await run([csv('people.csv', GOOD), '--db', db, '--by', 'hos.evans']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('added 3, changed 0, unchanged 0');
    expect(await people(db)).toEqual([
      {
        id: 'guardian.rivers',
        displayName: 'Jo Rivers',
        email: 'jo.rivers@cafcass.example',
        roles: ['guardian'],
        teams: [],
      },
      {
        id: 'iro.patel',
        displayName: 'Sam Patel',
        email: 'sam.patel@council.example',
        entraObjectId: OID_PATEL, // lower-cased
        roles: ['iro', 'iro-team-manager'],
        teams: ['north', 'south'],
      },
      {
        id: 'iro.smith',
        displayName: 'Ivy Smith',
        entraObjectId: OID_SMITH,
        roles: ['iro'],
        teams: ['south'],
      },
    ]);
    const entries = await audit(db);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'people.imported',
      actor: { personId: 'hos.evans', surface: 'import' },
      detail: { added: ['iro.patel', 'iro.smith', 'guardian.rivers'], changed: [], unchanged: 0 },
    });
  });

  test('a second run counts added, changed and unchanged against the store', async () => {
    const db = await seeded([
      { id: 'iro.patel', displayName: 'Sam Patel', roles: ['iro'], teams: ['north'] },
      {
        id: 'iro.smith',
        displayName: 'Ivy Smith',
        entraObjectId: OID_SMITH,
        roles: ['iro'],
        teams: ['south'],
      },
      { id: 'lawyer.jones', displayName: 'Lee Jones', roles: ['lawyer'], teams: ['north'] },
      { id: 'sw.khan', displayName: 'Sal Khan', roles: ['social-worker'], teams: ['north'] },
    ]);
    const r = await run([csv('people.csv', GOOD), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'change iro.patel: email (none) → sam.patel@council.example; entraObjectId (none) → ' +
        `${OID_PATEL}; roles iro → iro;iro-team-manager; teams north → north;south`,
    );
    expect(r.out).toContain('added 1, changed 1, unchanged 1');
    expect(r.out).toContain('2 people in the store are not in the file');
    expect((await people(db)).map((p) => p.id)).toEqual([
      'guardian.rivers',
      'iro.patel',
      'iro.smith',
      'lawyer.jones', // left alone
      'sw.khan',
    ]);
    const [entry] = await audit(db);
    expect(entry!.actor.personId).toMatch(/^os:/);
    expect(entry!.detail).toMatchObject({
      added: ['guardian.rivers'],
      changed: [
        {
          id: 'iro.patel',
          before: { roles: ['iro'], teams: ['north'] },
          after: { roles: ['iro', 'iro-team-manager'], teams: ['north', 'south'] },
        },
      ],
      unchanged: 1,
      notInImport: 2,
    });
  });

  test('a byte-order mark, CRLF line ends, blank lines and spaces around cells are fine', async () => {
    const body = `\uFEFF${HEADER}\r\n\r\n  iro.patel , Sam Patel ,, , iro ; iro-admin , north \r\n,,,,,\r\n`;
    const parsed = parsePeopleCsv(body, 'p.csv');
    expect(parsed.problems).toEqual([]);
    const patel = {
      id: 'iro.patel',
      displayName: 'Sam Patel',
      roles: ['iro', 'iro-admin'],
      teams: ['north'],
    };
    expect(parsed.people).toEqual([{ line: 3, person: patel }]);

    const db = await seeded([]);
    const r = await run([csv('bom.csv', body), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('added 1, changed 0, unchanged 0');
    expect(await people(db)).toEqual([patel]);
  });

  test('columns may come in any order; a quoted cell may hold commas but not line breaks', () => {
    const body = [
      'roles,teams,id,displayName,email,entraObjectId',
      'lawyer,north,lawyer.jones,"Jones, Lee",,',
      'lawyer,south,lawyer.obi,"Obi',
      'Ade",,',
      'lawyer,south,lawyer.x!,X,,',
    ].join('\r\n');
    const parsed = parsePeopleCsv(body, 'p.csv');
    // A name on two lines is refused, and the line after it is still counted right.
    expect(parsed.problems).toEqual([
      String.raw`p.csv:3 displayName: 'Obi\u000D\u000AAde' has \u000D (character 4); ` +
        NOT_ALLOWED,
      'p.csv:5 id: must be 1–100 letters, digits or . _ - (starting with a letter or digit)',
    ]);
  });

  test('a dry run lists the changes and writes nothing', async () => {
    const db = await seeded([
      { id: 'iro.patel', displayName: 'Sam Patel', roles: ['iro'], teams: ['north'] },
      { id: 'sw.khan', displayName: 'Sal Khan', roles: ['social-worker'], teams: ['north'] },
    ]);
    const before = await people(db);
    const r = await run([csv('people.csv', GOOD), '--db', db, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('add iro.smith: Ivy Smith; roles iro; teams south');
    expect(r.out).toContain('add guardian.rivers: Jo Rivers; roles guardian; teams (none)');
    expect(r.out).toContain('change iro.patel: ');
    expect(r.out).toContain(
      'dry run, nothing written: would add 2, change 1, leave 0 unchanged; 1 person in the store is not in the file',
    );
    expect(await people(db)).toEqual(before);
    expect(await audit(db)).toEqual([]);
  });

  test('a dry run against a missing database does not create it', async () => {
    const db = join(dir, 'none', 'liaison.db');
    const r = await run([csv('people.csv', GOOD), '--db', db, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('would add 3');
    expect(existsSync(db)).toBe(false);
  });

  test('an Entra object id may move between two people in the same file', async () => {
    const db = await seeded([
      {
        id: 'iro.patel',
        displayName: 'Sam Patel',
        entraObjectId: OID_PATEL,
        roles: ['iro'],
        teams: ['north'],
      },
      {
        id: 'iro.smith',
        displayName: 'Ivy Smith',
        entraObjectId: OID_SMITH,
        roles: ['iro'],
        teams: ['south'],
      },
    ]);
    const swapped = [
      HEADER,
      `iro.patel,Sam Patel,,${OID_SMITH},iro,north`,
      `iro.smith,Ivy Smith,,${OID_PATEL},iro,south`,
    ].join('\n');
    const r = await run([csv('swap.csv', swapped), '--db', db]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await people(db)).map((p) => [p.id, p.entraObjectId])).toEqual([
      ['iro.patel', OID_SMITH],
      ['iro.smith', OID_PATEL],
    ]);
  });
});

describe('a bad file', () => {
  async function rejected(content: string | Buffer, name = 'bad.csv') {
    const db = await seeded([
      { id: 'sw.khan', displayName: 'Sal Khan', roles: ['social-worker'], teams: ['north'] },
    ]);
    const before = await people(db);
    const file = csv(name, content);
    const r = await run([file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    // Nothing half-imported, and no audit entry for an import that did not happen.
    expect(await people(db)).toEqual(before);
    expect(await audit(db)).toEqual([]);
    return r.err.replaceAll(file, 'FILE').trimEnd().split('\n');
  }

  test('every bad cell is reported with its line and column, and nothing is written', async () => {
    const body = [
      HEADER,
      'iro.patel,Sam Patel,,,iro,north', // good: still not written
      'iro smith,Ivy Smith,,,iro,south',
      'lawyer.jones,,lee@,,lawyer,north',
      'lawyer.obi,Ade Obi,,not-a-guid,lawyer,north',
      'pl.ahmed,Priya Ahmed,,,principal-lawyer;iro-manager,north',
      'court.x,The Court,,,court,north',
      'sw.khan,Sal Khan,,,,north',
      'sw.lee,Sam Lee,,,social-worker,',
      'sw.new,Sam New,,,social-worker,north/south!',
    ].join('\n');
    expect(await rejected(body)).toEqual([
      'FILE:3 id: must be 1–100 letters, digits or . _ - (starting with a letter or digit)',
      'FILE:4 displayName: must not be empty',
      'FILE:4 email: must be an e-mail address',
      'FILE:5 entraObjectId: must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
      expect.stringMatching(
        /^FILE:6 roles: 'iro-manager' must be one of iro, iro-admin, .*childs-solicitor$/,
      ),
      "FILE:7 roles: 'court' is an addressee, not a role a person holds",
      'FILE:8 roles: must list at least one role',
      'FILE:9 teams: must name at least one team (only guardian and childs-solicitor may have none)',
      "FILE:10 teams: 'north/south!' must be 1–100 letters, digits, spaces or . _ - (one team per entry)",
      'people:import: 9 problems; nothing was imported',
    ]);
  });

  test('duplicate ids (ignoring case) and duplicate Entra object ids', async () => {
    const body = [
      HEADER,
      `iro.patel,Sam Patel,,${OID_PATEL},iro,north`,
      'iro.smith,Ivy Smith,,,iro,south',
      'iro.patel,Sam Patel again,,,iro,north',
      'IRO.Smith,Ivy Smith again,,,iro,south',
      `lawyer.jones,Lee Jones,,${OID_PATEL.toUpperCase()},lawyer,north`,
    ].join('\n');
    expect(await rejected(body)).toEqual([
      "FILE:4 id: 'iro.patel' is already on line 2",
      "FILE:5 id: 'IRO.Smith' differs only in case from 'iro.smith' on line 3",
      'FILE:6 entraObjectId: already given to iro.patel on line 2 (one Entra account is one person)',
      'people:import: 3 problems; nothing was imported',
    ]);
  });

  test('an Entra object id held by someone in the store who is not in the file', async () => {
    const db = await seeded([
      {
        id: 'iro.patel',
        displayName: 'Sam Patel',
        entraObjectId: OID_PATEL,
        roles: ['iro'],
        teams: ['north'],
      },
    ]);
    const file = csv('p.csv', `${HEADER}\niro.smith,Ivy Smith,,${OID_PATEL},iro,south\n`);
    for (const extra of [[], ['--dry-run']]) {
      const r = await run([file, '--db', db, ...extra]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        `${file}:2 entraObjectId: already belongs to iro.patel in the store, who is not in the file`,
      );
    }
    expect((await people(db)).map((p) => p.id)).toEqual(['iro.patel']);
    expect(await audit(db)).toEqual([]);
  });

  test('a control character, tab, line break or bidi control in any cell is refused, shown escaped', async () => {
    const body = [
      HEADER,
      'iro.patel,Sam Patel,,,iro,north', // good: still not written
      'iro.red,Red \u001b[31mAlert\u001b[0m,,,iro,north',
      'iro.nul,Nul\u0000Name,,,iro,north',
      'iro.tab,"Tab\tName",,,iro,north',
      'iro.nl,"Two',
      'Lines",,,iro,north',
      'iro.del,Del\u007f,,,iro,north',
      'iro.c1,C1 \u009b31m,,,iro,north',
      'iro.rlo,Evil \u202egnp.exe,,,iro,north',
      'iro.lri,Iso \u2066x\u2069,,,iro,north',
      'iro.mail,Em Ail,em\u001b@council.example,,iro,north',
      'iro.bel,Bel Ring,,,iro,north\u0007',
      'x\u001b,Bad Id,,,iro;\u001b[2J,north',
      `iro.long,${'a'.repeat(70)}\u001b,,,iro,north`,
      'iro.short,Short \u001b,,,iro', // a comma short as well
    ].join('\n');
    const lines = await rejected(body);
    expect(lines).toEqual([
      String.raw`FILE:3 displayName: 'Red \u001B[31mAlert\u001B[0m' has \u001B (character 5); ${NOT_ALLOWED}`,
      String.raw`FILE:4 displayName: 'Nul\u0000Name' has \u0000 (character 4); ${NOT_ALLOWED}`,
      String.raw`FILE:5 displayName: 'Tab\u0009Name' has \u0009 (character 4); ${NOT_ALLOWED}`,
      String.raw`FILE:6 displayName: 'Two\u000ALines' has \u000A (character 4); ${NOT_ALLOWED}`,
      String.raw`FILE:8 displayName: 'Del\u007F' has \u007F (character 4); ${NOT_ALLOWED}`,
      String.raw`FILE:9 displayName: 'C1 \u009B31m' has \u009B (character 4); ${NOT_ALLOWED}`,
      String.raw`FILE:10 displayName: 'Evil \u202Egnp.exe' has \u202E (character 6); ${NOT_ALLOWED}`,
      String.raw`FILE:11 displayName: 'Iso \u2066x\u2069' has \u2066 (character 5); ${NOT_ALLOWED}`,
      String.raw`FILE:12 email: 'em\u001B@council.example' has \u001B (character 3); ${NOT_ALLOWED}`,
      String.raw`FILE:13 teams: 'north\u0007' has \u0007 (character 6); ${NOT_ALLOWED}`,
      String.raw`FILE:14 id: 'x\u001B' has \u001B (character 2); ${NOT_ALLOWED}`,
      String.raw`FILE:14 roles: 'iro;\u001B[2J' has \u001B (character 5); ${NOT_ALLOWED}`,
      // A long cell is shown in part; the position says where the character is.
      `FILE:15 displayName: '${'a'.repeat(60)}…' has \\u001B (character 71); ${NOT_ALLOWED}`,
      String.raw`FILE:16 displayName: 'Short \u001B' has \u001B (character 7); ${NOT_ALLOWED}`,
      'FILE:16 teams: the row has 5 cells but the header has 6 (a comma short: leave empty cells empty, e.g. ",,")',
      'people:import: 15 problems; nothing was imported',
    ]);
    expect(printedSafely(lines.join('\n'))).toBe(true);
  });

  test('a dry run refuses the same and writes nothing', async () => {
    const db = await seeded([]);
    const r = await run([
      csv('p.csv', `${HEADER}\niro.red,Red \u001b[31mAlert,,,iro,north\n`),
      '--db',
      db,
      '--dry-run',
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(String.raw`:2 displayName: 'Red \u001B[31mAlert' has \u001B`);
    expect(printedSafely(r.err)).toBe(true);
    expect(await people(db)).toEqual([]);
  });

  test('the header must name the six columns', async () => {
    expect(await rejected('id,name,email,entraObjectId,roles,roles\nx,y,,,iro,north\n')).toEqual([
      "FILE:1 header: unknown column 'name' (the columns are id,displayName,email,entraObjectId,roles,teams)",
      "FILE:1 header: column 'roles' appears twice",
      "FILE:1 header: missing column 'displayName'",
      "FILE:1 header: missing column 'teams'",
      'people:import: 4 problems; nothing was imported',
    ]);
  });

  test('short and long rows name the line', async () => {
    const body = [
      HEADER,
      'iro.patel,Sam Patel,,,iro',
      'iro.smith,Ivy Smith,,,iro,south,extra',
    ].join('\n');
    expect(await rejected(body)).toEqual([
      'FILE:2 teams: the row has 5 cells but the header has 6 (a comma short: leave empty cells empty, e.g. ",,")',
      'FILE:3 (row): the row has 7 cells but the header has 6',
      'people:import: 2 problems; nothing was imported',
    ]);
  });

  test('an empty file, a header alone, an unclosed quote, and text that is not UTF-8', async () => {
    expect(await rejected('')).toEqual([
      'FILE:1 header: the file is empty; the first line must be id,displayName,email,entraObjectId,roles,teams',
      'people:import: 1 problem; nothing was imported',
    ]);
    expect((await rejected(`${HEADER}\n`))[0]).toBe('FILE:2 (row): no people after the header');
    expect((await rejected(`${HEADER}\niro.patel,"Sam Patel,,,iro,north\n`))[0]).toMatch(
      /^FILE:2 \(file\): Quote Not Closed/,
    );
    const latin1 = Buffer.concat([
      Buffer.from(`${HEADER}\niro.patel,Ren`),
      Buffer.from([0xe9]),
      Buffer.from(' Patel,,,iro,north\n'),
    ]);
    expect((await rejected(latin1))[0]).toBe(
      'FILE:1 (file): is not UTF-8 text; save it as "CSV UTF-8"',
    );
  });
});

describe('nothing from the file, its name or the store reaches the terminal raw', () => {
  const ESC = '\u001b[31m';

  test('printable escapes the refused characters only', () => {
    expect(printable('a\u0000\t\n\u001b\u007f\u0085\u009f\u202a\u202e\u2066\u2069z')).toBe(
      String.raw`a\u0000\u0009\u000A\u001B\u007F\u0085\u009F\u202A\u202E\u2066\u2069z`,
    );
    expect(printable('Renée Ó Súilleabháin – 李 🙂 \u00a0\u200f')).toBe(
      'Renée Ó Súilleabháin – 李 🙂 \u00a0\u200f',
    );
  });

  test('a file name, a header and an option', async () => {
    const db = join(dir, 'liaison.db');
    const named = csv(`bad${ESC}.csv`, `${HEADER}\niro smith,Ivy Smith,,,iro,south\n`);
    const bad = await run([named, '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(String.raw`bad\u001B[31m.csv:2 id: must be`);

    const missing = await run([join(dir, `gone${ESC}.csv`), '--db', db]);
    expect(missing.err).toContain(
      `cannot read ${join(dir, 'gone')}${String.raw`\u001B[31m.csv`}: ENOENT`,
    );

    const header = await run([
      csv('h.csv', `id,display${ESC}Name,email,entraObjectId,roles,teams\n`),
      '--db',
      db,
    ]);
    expect(header.err).toContain(String.raw`unknown column 'display\u001B[31mName'`);

    const option = await run([`--${ESC}`, named]);
    expect(option.code).toBe(2);
    expect(option.err).toContain(String.raw`\u001B[31m`);

    for (const r of [bad, missing, header, option]) expect(printedSafely(r.err)).toBe(true);
    expect(existsSync(db)).toBe(false);
  });

  test('what the store already holds, in the changes listed', async () => {
    const db = await seeded([
      { id: 'iro.patel', displayName: `Sam ${ESC}Patel`, roles: ['iro'], teams: ['north'] },
    ]);
    for (const extra of [['--dry-run'], []]) {
      const r = await run([csv('people.csv', GOOD), '--db', db, ...extra]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(String.raw`displayName Sam \u001B[31mPatel → Sam Patel`);
      expect(printedSafely(r.out)).toBe(true);
    }
  });
});

test('a write that fails part-way leaves nothing written', async () => {
  const db = await seeded([]);
  const raw = new Database(db);
  // The second person's row fails after the first was written, inside the import's transaction.
  raw.exec(
    "CREATE TRIGGER boom BEFORE INSERT ON people WHEN NEW.id = 'iro.smith' BEGIN SELECT RAISE(ABORT, 'disk says no'); END",
  );
  raw.close();
  const r = await run([csv('people.csv', GOOD), '--db', db]);
  expect(r.code).toBe(1);
  expect(r.err).toContain('nothing was written: disk says no');
  expect(await people(db)).toEqual([]);
  expect(await audit(db)).toEqual([]);
});

describe('usage', () => {
  test('a missing file, no file, an unknown option and --remove-missing are usage errors', async () => {
    const db = join(dir, 'liaison.db');
    expect((await run([join(dir, 'nope.csv'), '--db', db])).err).toContain('cannot read');
    expect((await run(['--db', db])).err).toContain('give exactly one CSV file');
    expect((await run([csv('p.csv', GOOD), '--frobnicate'])).code).toBe(2);
    const removing = await run([csv('p.csv', GOOD), '--db', db, '--remove-missing']);
    expect(removing.code).toBe(2);
    expect(removing.err).toContain('deactivation is a later feature');
    expect(existsSync(db)).toBe(false);
  });

  test('--db defaults to LIAISON_DATA_DIR/liaison.db', async () => {
    const saved = process.env.LIAISON_DATA_DIR;
    process.env.LIAISON_DATA_DIR = dir;
    try {
      expect((await run([csv('p.csv', GOOD)])).code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.LIAISON_DATA_DIR;
      else process.env.LIAISON_DATA_DIR = saved;
    }
    expect(await people(join(dir, 'liaison.db'))).toHaveLength(3);
  });
});
