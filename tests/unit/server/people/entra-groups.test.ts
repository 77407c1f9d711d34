/**
 * People from Entra groups: what each group's members get here, who keeps which id, and who is
 * left out or cannot be imported as they are, with the reason in words.
 */
import type { EntraGroup, EntraUser } from '../../../../server/graph/graph-group-members';
import { idFor, peopleFromGroups, type GroupMapping } from '../../../../server/people/entra-groups';
import { parseGroupsCsv } from '../../../../scripts/people-groups';

const user = (n: number, extra: Partial<EntraUser> = {}): EntraUser => ({
  objectId: `00000000-0000-4000-8000-00000000000${n}`,
  displayName: `Person ${n}`,
  mail: `person.${n}@council.example`,
  userPrincipalName: `person.${n}@council.example`,
  enabled: true,
  ...extra,
});
const group = (name: string, users: EntraUser[]): EntraGroup => ({
  objectId: `g-${name}`,
  displayName: name,
  users,
});
const mapping = (roles: GroupMapping['roles'], teams: string[]): GroupMapping => ({
  line: 2,
  groupId: 'g',
  roles,
  teams,
});

test('a person in several groups has every role and team they give, each once', () => {
  const both = user(1);
  const r = peopleFromGroups(
    [
      { mapping: mapping(['iro'], ['north']), group: group('IROs', [both, user(2)]) },
      {
        mapping: mapping(['iro', 'iro-team-manager'], ['north', 'south']),
        group: group('Managers', [both]),
      },
    ],
    [],
  );
  expect(r.problems).toEqual([]);
  expect(r.people).toEqual([
    {
      id: 'person.1',
      displayName: 'Person 1',
      email: 'person.1@council.example',
      entraObjectId: both.objectId,
      roles: ['iro', 'iro-team-manager'],
      teams: ['north', 'south'],
    },
    expect.objectContaining({ id: 'person.2', roles: ['iro'], teams: ['north'] }),
  ]);
});

test('someone known by their Entra object id keeps their id; a namesake gets the next free one', () => {
  const known = user(1);
  const r = peopleFromGroups(
    [
      {
        mapping: mapping(['lawyer'], ['north']),
        group: group('Legal', [
          known,
          user(2, { mail: 'Sam.Patel@council.example' }),
          user(3, { mail: 'sam.patel@other.example' }),
        ]),
      },
    ],
    [
      {
        id: 'lawyer.jones',
        displayName: 'A',
        roles: ['lawyer'],
        teams: ['north'],
        entraObjectId: known.objectId,
      },
      { id: 'sam.patel', displayName: 'Someone else', roles: ['iro'], teams: ['north'] },
    ],
  );
  expect(r.people.map((p) => p.id)).toEqual(['lawyer.jones', 'sam.patel-2', 'sam.patel-3']);
});

test('a disabled account is left out and said so; a name too long to keep is a problem in words', () => {
  const r = peopleFromGroups(
    [
      {
        mapping: mapping(['iro'], ['north']),
        group: group('IROs', [
          user(1, { enabled: false, displayName: 'Dana Gray' }),
          user(2, { displayName: 'x'.repeat(201) }),
        ]),
      },
    ],
    [],
  );
  expect(r.people).toEqual([]);
  expect(r.skipped).toEqual(['Dana Gray: their account is disabled in Entra']);
  expect(r.problems).toEqual([
    expect.stringMatching(/^x+ \(person\.2@council\.example, in IROs\): displayName /),
  ]);
});

test('an id comes from the mail address, else the user principal name, as the directory writes ids', () => {
  expect(idFor(user(1, { mail: "Sean.O'Brien@council.example" }))).toBe('sean.obrien');
  expect(
    idFor(
      user(1, {
        mail: undefined,
        userPrincipalName: 'jo.rivers_cafcass.example#EXT#@council.onmicrosoft.com',
      }),
    ),
  ).toBe('jo.rivers_cafcass.example');
  expect(idFor(user(1, { mail: '._.@council.example' }))).toBe('person');
});

describe('the groups file', () => {
  test('maps each group once, by object id, to roles and teams a person could have', () => {
    const g = '6F1C2A9E-5D4B-4C3A-9E8F-7A6B5C4D3E2F';
    const r = parseGroupsCsv(
      [
        'group,roles,teams',
        `${g},iro;iro-team-manager,north; south`,
        `${g.toLowerCase()},lawyer,north`,
      ].join('\n'),
      'groups.csv',
    );
    expect(r.problems).toEqual(['groups.csv:3 group: is already on line 2']);
    expect(parseGroupsCsv(`teams,group,roles\nnorth,${g},iro\n`, 'g.csv')).toEqual({
      mappings: [{ line: 2, groupId: g.toLowerCase(), roles: ['iro'], teams: ['north'] }],
      problems: [],
    });
    expect(parseGroupsCsv('group,roles\n', 'g.csv').problems).toEqual([
      "g.csv:1 header: missing column 'teams'",
    ]);
  });
});
