import { validateCaseFile, validateEvent } from '../../../core/case-file';

const issuesOf = (raw: unknown) => {
  const result = validateEvent(raw, 'events[3]');
  if (result.ok) throw new Error('expected the event to be refused');
  return result.issues;
};

describe('validateEvent', () => {
  test('a valid event passes, its fields in the schema’s order and its reason trimmed', () => {
    const result = validateEvent(
      {
        reason: '  sent to the wrong case  ',
        obligation: 'C-1042:first-review',
        by: 'lawyer.jones',
        at: '2023-05-05T09:00:00+01:00',
        type: 'obligation.waived',
      },
      'events[0]',
    );
    expect(result.ok && JSON.stringify(result.value)).toBe(
      JSON.stringify({
        type: 'obligation.waived',
        at: '2023-05-05T09:00:00+01:00',
        by: 'lawyer.jones',
        obligation: 'C-1042:first-review',
        reason: 'sent to the wrong case',
      }),
    );
  });

  test('a missing field is required, named by its path', () => {
    expect(issuesOf({ type: 'lawyer.allocated', at: '2023-05-05' })).toEqual([
      { path: 'events[3].lawyer', message: 'is required' },
    ]);
  });

  test('a field of the wrong type says what it should be', () => {
    expect(issuesOf({ type: 'application.issued', at: 5 })).toEqual([
      { path: 'events[3].at', message: 'Invalid input: expected string, received number' },
    ]);
  });

  test('an instant that cannot be read says why', () => {
    expect(issuesOf({ type: 'application.issued', at: '2023-05-05T10:00:00' })).toEqual([
      {
        path: 'events[3].at',
        message: '"2023-05-05T10:00:00" has a time but no UTC offset (add Z or e.g. +01:00)',
      },
    ]);
    expect(issuesOf({ type: 'application.issued', at: '2023-02-30' })).toEqual([
      { path: 'events[3].at', message: '"2023-02-30" is not a real calendar date' },
    ]);
  });

  test('unknown fields are refused by name, and each problem of a party is listed', () => {
    expect(issuesOf({ type: 'application.issued', at: '2023-05-05', note: 'x' })).toEqual([
      { path: 'events[3]', message: 'unknown field(s) "note"' },
    ]);
    expect(
      issuesOf({ type: 'iro.allocated', at: '2023-05-05', iro: { name: '', email: 'x' } }),
    ).toEqual([
      {
        path: 'events[3].iro.name',
        message: 'Too small: expected string to have >=1 characters',
      },
      { path: 'events[3].iro.email', message: 'Invalid email address' },
    ]);
  });

  test('a reason of spaces only is too short once trimmed', () => {
    expect(
      issuesOf({ type: 'event.retracted', at: '2023-05-05', retracts: 0, reason: '   ' }),
    ).toEqual([
      {
        path: 'events[3].reason',
        message: 'Too small: expected string to have >=1 characters',
      },
    ]);
  });
});

test('validateCaseFile names the first event that fails', () => {
  const result = validateCaseFile({
    case: {
      id: 'C-1042',
      childRef: 'LCS-1',
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal'],
    },
    events: [{ type: 'application.issued', at: '2023-05-04' }, { type: 'order.made' }],
  });
  expect(result).toEqual({
    ok: false,
    issues: [
      { path: 'events[1].at', message: 'is required' },
      { path: 'events[1].order', message: 'is required' },
    ],
  });
});
