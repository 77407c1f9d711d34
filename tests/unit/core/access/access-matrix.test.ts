/** The access matrix, cell by cell, and the protocol's own words about who does what. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVENT_RECORDERS,
  ROLES,
  TEAM_ROLES,
  WAIVERS,
  canSeeCase,
  mayActOn,
  mayRecord,
  type EventType,
  type Person,
  type Role,
} from '../../../../core';
import { accessMatrixMarkdown } from '../../../../scripts/access-doc';

type CaseShape = { team: string; members: { personId: string; role: Role }[] };

/**
 * Someone holding `role` on the case: as a named party, or through a team role for its team (on a
 * case that has its IRO, so that nobody stands in for one).
 */
function onCase(role: Role): { person: Person; c: CaseShape } {
  const person: Person = { id: `p-${role}`, displayName: role, roles: [role], teams: ['north'] };
  const team = TEAM_ROLES.includes(role);
  return {
    person,
    c: {
      team: 'north',
      members: team ? [{ personId: 'the-iro', role: 'iro' }] : [{ personId: person.id, role }],
    },
  };
}

/**
 * Someone who held `role` on the case until a re-allocation or replacement named another: same
 * team, same role, no longer a party.
 */
function formerly(role: Role): { person: Person; c: CaseShape } {
  const person: Person = { id: `p-${role}`, displayName: role, roles: [role], teams: ['north'] };
  return { person, c: { team: 'north', members: [{ personId: 'successor', role }] } };
}

/** The roles a case names a person for (the rest act for the whole team). */
const PARTY = ROLES.filter((r) => !TEAM_ROLES.includes(r));

/** Someone holding `role` but not on this case: another case's party, or another team's manager. */
function offCase(role: Role): { person: Person; c: CaseShape } {
  const person: Person = { id: `p-${role}`, displayName: role, roles: [role], teams: ['south'] };
  return { person, c: { team: 'north', members: [{ personId: 'someone-else', role }] } };
}

const cells = Object.entries(EVENT_RECORDERS).flatMap(([type, allowed]) =>
  ROLES.map((role) => [type as EventType, role, allowed.includes(role)] as const),
);

describe.each(cells)('%s by %s', (type, role, allowed) => {
  test(`${allowed ? 'allowed' : 'refused'} on their case; refused elsewhere and once replaced`, () => {
    const mine = onCase(role);
    expect(mayRecord(mine.person, mine.c, type)).toBe(allowed);
    const other = offCase(role);
    expect(mayRecord(other.person, other.c, type)).toBe(false);
    if (PARTY.includes(role)) {
      const former = formerly(role);
      expect(mayRecord(former.person, former.c, type)).toBe(false);
    }
  });
});

describe('as the protocols put it', () => {
  test('only legal roles send the IRO alert', () => {
    const who = ROLES.filter((r) => mayRecord(onCase(r).person, onCase(r).c, 'iro-alert.sent'));
    expect(who).toEqual(['lawyer', 'principal-lawyer']);
  });
  test("only the allocated IRO or the IRO team manager records that the IRO's comments were returned", () => {
    const who = ROLES.filter((r) =>
      mayRecord(onCase(r).person, onCase(r).c, 'iro.comments-returned'),
    );
    expect(who).toEqual(['iro', 'iro-team-manager']);
    expect(mayRecord(offCase('iro').person, offCase('iro').c, 'iro.comments-returned')).toBe(false);
  });
  test('the court is an addressee only: it sees nothing and records nothing', () => {
    const court = onCase('court');
    expect(
      Object.keys(EVENT_RECORDERS).some((t) => mayRecord(court.person, court.c, t as EventType)),
    ).toBe(false);
  });
  test('obligation events go through the obligation actions, never as plain events', () => {
    const pl = onCase('principal-lawyer');
    expect(mayRecord(pl.person, pl.c, 'obligation.waived')).toBe(false);
  });
});

describe('seeing a case', () => {
  test.each(ROLES)('%s sees a case they are on, and not one they are not', (role) => {
    expect(canSeeCase(onCase(role).person, onCase(role).c)).toBe(true);
    expect(canSeeCase(offCase(role).person, offCase(role).c)).toBe(false);
  });
  test.each(PARTY)('a former %s (replaced on the case) no longer sees it', (role) => {
    expect(canSeeCase(formerly(role).person, formerly(role).c)).toBe(false);
  });
});

describe('acting on an obligation', () => {
  const obligation = {
    responsible: ['iro'] as Role[],
    recipients: ['lawyer'] as Role[],
    escalation: { to: ['permanency-progression-manager'] as Role[] },
  };
  test.each(ROLES)('%s', (role) => {
    const { person, c } = onCase(role);
    expect(mayActOn(person, c, obligation, 'acknowledge')).toBe(
      role === 'iro' || role === 'lawyer',
    );
    expect(mayActOn(person, c, obligation, 'complete')).toBe(
      role === 'iro' || role === 'permanency-progression-manager',
    );
    expect(mayActOn(person, c, obligation, 'waive')).toBe(WAIVERS.includes(role));
    expect(mayActOn(person, c, obligation, 'cannot-meet')).toBe(role === 'iro');
    const other = offCase(role);
    for (const action of ['acknowledge', 'complete', 'waive', 'cannot-meet'] as const) {
      expect(mayActOn(other.person, other.c, obligation, action)).toBe(false);
      if (PARTY.includes(role))
        expect(mayActOn(formerly(role).person, formerly(role).c, obligation, action)).toBe(false);
    }
  });

  test('with no IRO on the case, the IRO Team Manager and IRO administrator acknowledge what is addressed to the IRO', () => {
    const toIro = {
      ...obligation,
      responsible: ['lawyer'] as Role[],
      recipients: ['iro'] as Role[],
    };
    const noIro = { team: 'north', members: [{ personId: 'p-lawyer', role: 'lawyer' as Role }] };
    const who = ROLES.filter((r) =>
      mayActOn(
        onCase(r).person,
        TEAM_ROLES.includes(r) ? noIro : onCase(r).c,
        toIro,
        'acknowledge',
      ),
    );
    expect(who).toEqual(['iro', 'iro-admin', 'iro-team-manager', 'lawyer']);
    // With an IRO, they do not.
    expect(
      mayActOn(
        onCase('iro-team-manager').person,
        onCase('iro-team-manager').c,
        toIro,
        'acknowledge',
      ),
    ).toBe(false);
  });
});

test('docs/access-matrix.md is the matrix the code enforces (run `npm run docs:access`)', () => {
  expect(readFileSync(join(__dirname, '../../../../docs/access-matrix.md'), 'utf8')).toBe(
    accessMatrixMarkdown(),
  );
});
