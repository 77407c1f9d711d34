/**
 * The built CLI as a real subprocess: `node bin/liaison.js ...`. The test script normally builds
 * first; if dist/ has no CLI, this file builds it once.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'liaison.js');
const BUILT_CLI = path.join(ROOT, 'dist', 'cli', 'liaison.js');
const EXAMPLE = path.join(ROOT, 'examples', 'C-1042.json');
const NOW = '2023-05-18T09:00:00+01:00';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function liaison(args: string[], env: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;

beforeAll(() => {
  if (!fs.existsSync(BUILT_CLI)) {
    const build = spawnSync('npm', ['run', 'build'], {
      cwd: ROOT,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (build.status !== 0) {
      throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-cli-'));
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

let fileCount = 0;
/** Writes JSON (or raw text) to a fresh file in the temp dir and returns its path. */
function tempFile(content: unknown, name = 'case'): string {
  const file = path.join(tmp, `${name}-${++fileCount}.json`);
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
  return file;
}

const HEADER = {
  id: 'C-2001',
  childRef: 'LCS-654321',
  childInitials: 'C.D.',
  lookedAfterBeforeProceedings: false,
  packs: ['iro-legal', 'iro-guardian'],
};

function caseFile(events: unknown[], header: Record<string, unknown> = HEADER): string {
  return tempFile({ case: header, events });
}

interface Obligation {
  id: string;
  rule: string;
  status: string;
  due?: string;
}

interface Evaluation {
  case: { id: string };
  calendar: { id: string };
  obligations: Obligation[];
}

function obligation(result: Result, rule: string): Obligation {
  const found = (JSON.parse(result.stdout) as Evaluation).obligations.find((o) => o.rule === rule);
  if (!found) throw new Error(`no obligation for rule ${rule}`);
  return found;
}

describe('liaison obligations', () => {
  test('each obligation names who it is on and who it is for, from the parties the file names', () => {
    const file = caseFile([
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      {
        type: 'iro.allocated',
        at: '2023-05-05T10:00:00+01:00',
        iro: { name: 'Sam Patel', id: 'iro.patel' },
      },
      {
        type: 'iro.allocated',
        at: '2023-05-06T10:00:00+01:00',
        iro: { name: 'Ivy Smith', id: 'iro.smith' },
      },
      {
        type: 'guardian.appointed',
        at: '2023-05-06T11:00:00+01:00',
        guardian: { name: 'Jo Rivers' },
      },
    ]);
    const r = liaison(['obligations', '--case', file, '--now', NOW]);
    const contact = (
      JSON.parse(r.stdout) as { obligations: (Obligation & { assignees: unknown })[] }
    ).obligations.find((o) => o.rule === 'iro-guardian-contact')!;
    expect(contact.assignees).toEqual([
      { role: 'iro', personId: 'iro.smith', displayName: 'Ivy Smith' },
      { role: 'guardian', personId: 'Jo Rivers', displayName: 'Jo Rivers' },
    ]);
    const table = liaison([
      'obligations',
      '--case',
      file,
      '--now',
      NOW,
      '--format',
      'table',
    ]).stdout;
    expect(table).toMatch(/iro-guardian-contact\s+Ivy Smith, Jo Rivers/);
  });

  test('prints the evaluation as JSON', () => {
    const r = liaison(['obligations', '--case', EXAMPLE, '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as Evaluation;
    expect(result).toEqual(
      expect.objectContaining({
        case: expect.any(Object) as unknown,
        calendar: expect.any(Object) as unknown,
        obligations: expect.any(Array) as unknown,
      }),
    );
    expect(result.case.id).toBe('C-1042');
    expect(result.calendar.id).toMatch(/^ew-/);
    expect(obligation(r, 'order-notice-to-iro-service')).toMatchObject({
      due: '2023-05-10T16:00:00+01:00',
      status: 'met',
    });
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  test('--format table prints a table with London dates', () => {
    const r = liaison(['obligations', '--case', EXAMPLE, '--now', NOW, '--format', 'table']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => /\bstatus\b/.test(l) && /\bdue\b/.test(l));
    expect(header).toBeDefined();
    expect(lines[lines.indexOf(header!) + 1]).toMatch(/^-+( +-+)+$/);
    expect(r.stdout).toContain('Wed 10 May 2023, 16:00');
    const row = lines.find((l) => l.includes('order-notice-to-iro-service'));
    expect(row).toMatch(/^met +Wed 10 May 2023, 16:00 +order-notice-to-iro-service/);
  });

  test("--format table names who is on each, lists the court's timetable and says the engine's warnings in words", () => {
    const r = liaison(['obligations', '--case', EXAMPLE, '--now', NOW, '--format', 'table']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.includes(' iro-guardian-contact '))).toContain(
      'Sam Patel, Jo Rivers',
    );
    const timetable = lines.indexOf('Court timetable:');
    expect(lines[timetable + 1]).toBe(
      "  Tue 13 Jun 2023, 16:00  the Local Authority's final evidence — lawyer, social-worker (open)",
    );
    expect(lines).toContain(
      '  legal-details-to-iro-admin: Not done by Fri 12 May 2023, 23:59, and then the duty passed on (Guardian appointed Mon 15 May 2023).',
    );
  });

  test("the JSON names assignees and addressees by person, and says every deadline's source", () => {
    const r = liaison(['obligations', '--case', EXAMPLE, '--now', NOW]);
    const o = obligation(r, 'iro-guardian-contact') as unknown as {
      assignees: { role: string; displayName?: string }[];
      deadline: { setBy: string; description: string };
    };
    expect(o.assignees.map((a) => a.displayName)).toEqual(['Sam Patel', 'Jo Rivers']);
    expect(o.deadline).toMatchObject({ setBy: 'default' });
    expect(o.deadline.description).toMatch(/^default target — the protocol says "no time given"/);
  });

  test.each([['json'], ['table']])(
    'the %s output is byte-identical whatever TZ the process runs under',
    (format) => {
      const args = ['obligations', '--case', EXAMPLE, '--now', NOW, '--format', format];
      const outputs = ['UTC', 'Europe/London', 'Pacific/Auckland', 'America/New_York'].map((TZ) => {
        const r = liaison(args, { TZ });
        expect(r.status).toBe(0);
        return r.stdout;
      });
      expect(outputs[0]!.length).toBeGreaterThan(0);
      for (const out of outputs.slice(1)) expect(out).toBe(outputs[0]);
    },
  );

  test('a council config with "endOfDay": "17:00" moves a working-days due time to 17:00', () => {
    const before = liaison(['obligations', '--case', EXAMPLE, '--now', NOW]);
    expect(obligation(before, 'initial-documents-to-iro').due).toBe('2023-05-15T23:59:59+01:00');

    const config = tempFile({ endOfDay: '17:00' }, 'config');
    const r = liaison(['obligations', '--case', EXAMPLE, '--now', NOW, '--config', config]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(obligation(r, 'initial-documents-to-iro').due).toBe('2023-05-15T17:00:00+01:00');
    // Business hours are not day-counted: unchanged.
    expect(obligation(r, 'order-notice-to-iro-service').due).toBe('2023-05-10T16:00:00+01:00');
  });
});

describe('liaison rules', () => {
  interface CatalogueRule {
    id: string;
    pack: string;
    source: { quotes: string[] };
  }

  test('prints the catalogue as a JSON array with sources', () => {
    const r = liaison(['rules']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rules = JSON.parse(r.stdout) as CatalogueRule[];
    expect(Array.isArray(rules)).toBe(true);
    for (const id of ['order-notice-to-iro-service', 'first-review']) {
      const rule = rules.find((x) => x.id === id);
      expect(rule).toBeDefined();
      expect(rule!.source.quotes.length).toBeGreaterThan(0);
      for (const q of rule!.source.quotes) expect(typeof q).toBe('string');
    }
  });

  test('--pack filters the JSON catalogue', () => {
    const r = liaison(['rules', '--pack', 'iro-guardian']);
    expect(r.status).toBe(0);
    const rules = JSON.parse(r.stdout) as CatalogueRule[];
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((x) => x.pack))).toEqual(new Set(['iro-guardian']));
  });

  test('--pack iro-guardian --format table lists only iro-guardian rules', () => {
    const r = liaison(['rules', '--pack', 'iro-guardian', '--format', 'table']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [header, rule, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^pack +rule +responsible +deadline$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^iro-guardian /);
    expect(r.stdout).not.toContain('order-notice-to-iro-service');
    expect(r.stdout).not.toContain('iro-legal');
  });

  test("every rule has a deadline: the protocol's, or a default target reading its phrase", () => {
    const r = liaison(['rules', '--format', 'table']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.find((l) => l.includes(' standard-directions-to-iro '))).toMatch(
      /default target: 1 working-days — the protocol says "automatically"$/,
    );
    const json = JSON.parse(liaison(['rules']).stdout) as {
      id: string;
      deadline: { kind: string; default?: { convention: string; amount: number } };
    }[];
    for (const rule of json)
      if (rule.deadline.kind === 'target') expect(rule.deadline.default).toBeDefined();
  });

  test('an unknown pack exits 2', () => {
    const r = liaison(['rules', '--pack', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--pack .*"nope"/);
  });
});

describe('bad input exits 2 with nothing on stdout and a message naming the problem', () => {
  function expectRejected(args: string[], ...patterns: (RegExp | string)[]): string {
    const r = liaison(args);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/^liaison: /);
    // One message line (the usage may follow for a malformed command line).
    const [first, ...rest] = r.stderr.trimEnd().split('\n');
    expect(rest.every((l) => /^(usage:|\s+liaison )/.test(l))).toBe(true);
    for (const p of patterns) {
      if (typeof p === 'string') expect(first).toContain(p);
      else expect(first).toMatch(p);
    }
    return r.stderr;
  }

  const obligations = (file: string, ...more: string[]) => [
    'obligations',
    '--case',
    file,
    '--now',
    NOW,
    ...more,
  ];

  test('an unreadable case file', () => {
    const missing = path.join(tmp, 'does-not-exist.json');
    expectRejected(obligations(missing), missing, 'ENOENT');
  });

  test('invalid JSON', () => {
    const file = tempFile('{"case": {"id": "C-1"}, "events": [');
    expectRejected(obligations(file), file, /not valid JSON/);
  });

  test('an unknown event type', () => {
    const file = caseFile([
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      { type: 'order.revoked', at: '2023-05-05T16:00:00+01:00' },
    ]);
    expectRejected(obligations(file), 'events[1].type', 'order.revoked');
  });

  test('a missing required field', () => {
    const file = caseFile([{ type: 'order.made', at: '2023-05-05T16:00:00+01:00' }]);
    expectRejected(obligations(file), 'events[0].order');
  });

  test('a wrong-typed field', () => {
    const file = caseFile([
      { type: 'proceedings.concluded', at: '2023-05-05T16:00:00+01:00', remainsLookedAfter: 'yes' },
    ]);
    expectRejected(obligations(file), 'events[0].remainsLookedAfter');
  });

  // A present field of the wrong type must not be reported as missing, and a missing field must
  // be reported as missing whatever its type (enums included).
  test('a wrong-typed field says what type it needs, not that it is required', () => {
    const file = caseFile([
      { type: 'proceedings.concluded', at: '2023-05-05T16:00:00+01:00', remainsLookedAfter: 'yes' },
    ]);
    const stderr = expectRejected(obligations(file), 'events[0].remainsLookedAfter', /boolean/);
    expect(stderr).not.toMatch(/is required/);
  });

  test('a missing enum field says it is required', () => {
    const file = caseFile([{ type: 'order.made', at: '2023-05-05T16:00:00+01:00' }]);
    expectRejected(obligations(file), 'events[0].order: is required');
  });

  test('a wrong-typed instant', () => {
    const file = caseFile([{ type: 'application.issued', at: 1683194400000 }]);
    expectRejected(obligations(file), 'events[0].at');
  });

  test('an instant without an offset', () => {
    const file = caseFile([
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
    ]);
    const noOffset = caseFile([{ type: 'order.made', at: '2023-05-05T16:00:00', order: 'ICO' }]);
    expect(liaison(obligations(file)).status).toBe(0);
    expectRejected(obligations(noOffset), 'events[0].at', /offset/);
  });

  test('events recorded late (out of time order) are read in the order they happened', () => {
    const inOrder = [
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
      { type: 'iro-service.notified', at: '2023-05-09T10:00:00+01:00' },
    ];
    // The notice to the IRO service recorded first, the order it followed a day later.
    const late = caseFile([inOrder[0], inOrder[2], inOrder[1]]);
    const r = liaison(obligations(late));
    expect(r.stderr).toBe('');
    expect(obligation(r, 'order-notice-to-iro-service')).toMatchObject({
      due: '2023-05-10T16:00:00+01:00',
      status: 'met',
    });
    const same = liaison(obligations(caseFile(inOrder)));
    const statuses = (x: Result) =>
      (JSON.parse(x.stdout) as Evaluation).obligations.map((o) => [o.id, o.status, o.due]);
    expect(statuses(r)).toEqual(statuses(same));
  });

  test('an unknown field on an event', () => {
    const file = caseFile([
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00', colour: 'blue' },
    ]);
    expectRejected(obligations(file), 'events[0]', 'colour');
  });

  test("a child's name instead of initials", () => {
    const file = caseFile([], { ...HEADER, childInitials: 'Alice Brown' });
    const stderr = expectRejected(obligations(file), 'case.childInitials', /initials/);
    // The name is not echoed back into logs.
    expect(stderr).not.toContain('Alice');
  });

  test('an unknown --format', () => {
    expectRejected(obligations(EXAMPLE, '--format', 'xml'), '--format', 'xml');
  });

  test('an unknown option', () => {
    expectRejected(obligations(EXAMPLE, '--verbose'), '--verbose');
  });

  test('a missing --case', () => {
    expectRejected(['obligations', '--now', NOW], '--case');
  });

  test('an invalid --now', () => {
    expectRejected(obligations(EXAMPLE).slice(0, 3).concat(['--now', 'tomorrow']), '--now');
    expectRejected(
      obligations(EXAMPLE).slice(0, 3).concat(['--now', '2023-05-18T09:00:00']),
      '--now',
      /offset/,
    );
    expectRejected(obligations(EXAMPLE).slice(0, 3).concat(['--now', '2023-02-30']), '--now');
  });

  test('an invalid config file (unknown rule id)', () => {
    const config = tempFile({ rules: { 'no-such-rule': { reminders: [] } } }, 'config');
    expectRejected(obligations(EXAMPLE, '--config', config), config, 'no-such-rule');
  });

  test('an invalid config file (bad endOfDay)', () => {
    const config = tempFile({ endOfDay: '5pm' }, 'config');
    expectRejected(obligations(EXAMPLE, '--config', config), 'endOfDay');
  });

  test('an unknown or missing command', () => {
    expectRejected(['frobnicate'], 'frobnicate');
    expectRejected([], /command/);
  });
});
