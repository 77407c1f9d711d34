/** The weekly digest: when it is due for each person, and what it says. */
import {
  digestDue,
  digestEntriesByPerson,
  weeklyDigest,
  type CaseRecord,
  type Person,
} from '../../../../core';
import { evaluate, instant } from '../../../support/cases';

const MONDAY_8 = { day: 'monday' as const, time: 8 * 3_600_000 };
const jones = { id: 'lawyer.jones', leftAt: undefined };

describe('when it is due', () => {
  test('the council’s day and time this week, in London time; not before, nor more than a day late', () => {
    // Mon 7 Dec 2026, 08:00 GMT.
    expect(digestDue(jones, undefined, MONDAY_8, instant('2026-12-07T07:59:00Z'))).toBeUndefined();
    expect(digestDue(jones, undefined, MONDAY_8, instant('2026-12-07T08:00:00Z'))).toEqual({
      key: 'digest:2026-12-07:lawyer.jones',
      at: instant('2026-12-07T08:00:00Z'),
      week: '2026-12-07',
    });
    expect(digestDue(jones, undefined, MONDAY_8, instant('2026-12-08T09:00:00Z'))).toBeUndefined();
    // In summer time 08:00 is 07:00 UTC.
    expect(digestDue(jones, undefined, MONDAY_8, instant('2027-06-07T07:00:00Z'))?.week).toBe(
      '2027-06-07',
    );
  });

  test('a person’s own day, or none', () => {
    const pref = (p: { off: boolean; day?: 'wednesday' }) => ({
      personId: jones.id,
      updatedBy: jones.id,
      updatedAt: '2026-12-01T09:00:00Z',
      ...p,
    });
    const wednesday = instant('2026-12-09T08:30:00Z');
    expect(digestDue(jones, pref({ off: false, day: 'wednesday' }), MONDAY_8, wednesday)?.key).toBe(
      'digest:2026-12-07:lawyer.jones',
    );
    expect(digestDue(jones, pref({ off: true }), MONDAY_8, instant('2026-12-07T08:30:00Z'))).toBe(
      undefined,
    );
    expect(
      digestDue({ id: 'gone', leftAt: '2026-11-01T00:00:00Z' }, undefined, MONDAY_8, wednesday),
    ).toBeUndefined();
  });
});

describe('what it says', () => {
  const ISSUED = { type: 'application.issued', at: '2026-11-02T11:00:00Z' };
  const ICO = { type: 'order.made', at: '2026-11-30T16:00:00Z', order: 'ICO' };
  const now = '2026-12-07T08:00:00Z';
  const evaluation = evaluate([ISSUED, ICO], now);
  const record = {
    header: evaluation.case,
    team: 'north',
    members: [
      { personId: 'lawyer.jones', role: 'lawyer' },
      { personId: 'sw.khan', role: 'social-worker' },
    ],
  } as unknown as CaseRecord;
  const people = [
    { id: 'lawyer.jones', displayName: 'Lee Jones', roles: ['lawyer'], teams: ['north'] },
    { id: 'sw.khan', displayName: 'Omar Khan', roles: ['social-worker'], teams: ['north'] },
  ] as Person[];
  const entries = digestEntriesByPerson(record, evaluation.obligations, people);

  test('case by case: what is late and what falls due this week, never a child’s name', () => {
    const digest = weeklyDigest(
      { id: 'lawyer.jones', roles: ['lawyer'], teams: ['north'] },
      entries.get('lawyer.jones') ?? [],
      [],
      '2026-12-07',
    )!;
    expect(digest.heading).toBe('Your week from Mon 7 Dec 2026');
    expect(digest.subject).toMatch(/^Your week from Mon 7 Dec 2026: \d+ late/);
    expect(digest.cases.map((c) => c.title)).toEqual(['C-1042 (A.B.)']);
    expect(digest.cases[0]!.lines.some((l) => /: overdue, \d+ working days? late/.test(l))).toBe(
      true,
    );
    expect(JSON.stringify(digest)).not.toMatch(/LCS-/);
  });

  test('managers also get their teams’ late list, naming who it is on', () => {
    const digest = weeklyDigest(
      { id: 'ppm.lee', roles: ['permanency-progression-manager'], teams: ['north'] },
      [],
      [
        {
          caseId: 'C-1042',
          initials: 'A.B.',
          team: 'north',
          obligationId: 'C-1042:x',
          rule: 'x',
          title: 'Send the minutes',
          due: '2026-12-01T23:59:59+00:00',
          late: { workingDays: 3, days: 5 },
          responsible: [{ role: 'lawyer', names: ['Lee Jones'] }],
          escalatedTo: [],
        },
      ],
      '2026-12-07',
    )!;
    expect(digest.teamLate).toEqual([
      {
        team: 'north',
        lines: ['C-1042 (A.B.): Send the minutes — Lee Jones, 3 working days late (5 days)'],
      },
    ]);
    expect(digest.subject).toBe('Your week from Mon 7 Dec 2026: 1 late on your teams');
  });

  test('nothing to say: no digest', () => {
    expect(
      weeklyDigest({ id: 'x', roles: ['lawyer'], teams: ['north'] }, [], [], '2026-12-07'),
    ).toBeUndefined();
  });
});

test('a team’s late list gives the latest twenty, then how many more', () => {
  const item = (n: number) => ({
    caseId: `C-${1000 + n}`,
    initials: 'A.B.',
    team: 'north',
    obligationId: `C-${1000 + n}:x`,
    rule: 'x',
    title: 'Send the minutes',
    due: '2026-12-01T23:59:59+00:00',
    late: { workingDays: n, days: n },
    responsible: [{ role: 'lawyer' as const, names: ['Lee Jones'] }],
    escalatedTo: [],
  });
  const digest = weeklyDigest(
    { id: 'ppm.lee', roles: ['permanency-progression-manager'], teams: ['north'] },
    [],
    Array.from({ length: 25 }, (_, n) => item(n + 1)),
    '2026-12-07',
  )!;
  const [north] = digest.teamLate;
  expect(north!.lines).toHaveLength(21);
  expect(north!.lines[0]).toMatch(/^C-1025 /);
  expect(north!.lines[20]).toBe('…and 5 more late: see Late now in IRO Liaison.');
  expect(digest.subject).toBe('Your week from Mon 7 Dec 2026: 25 late on your teams');
});
