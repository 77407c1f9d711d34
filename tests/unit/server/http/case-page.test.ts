/**
 * A case's page as JSON text: the API's fields in the API's order, each reader's own parts and
 * what the case shows now, and the kept evaluation left as it was.
 */
import type { CaseView, Obligation } from '../../../../core';
import { casePageJson } from '../../../../server/http/routes/case-page';

const obligation = {
  id: 'C-1:order-notice-to-iro-service',
  rule: 'order-notice-to-iro-service',
  responsible: ['iro'],
  recipients: ['lawyer'],
} as unknown as Obligation;

function view(caseId: string, over: Partial<CaseView> = {}): CaseView {
  return {
    case: {
      header: { id: caseId, childRef: 'R1', childInitials: 'A.B.', packs: ['iro-legal'] },
      team: 'north',
      members: [{ personId: 'iro.patel', role: 'iro' }],
      version: 1,
      createdAt: '2026-11-02T09:00:00.000Z',
      updatedAt: '2026-11-02T09:00:00.000Z',
    },
    events: [
      {
        seq: 0,
        event: { type: 'application.issued', at: '2026-11-02T09:00:00+00:00' },
        recordedAt: '2026-11-02T09:00:00.000Z',
        recordedBy: 'lawyer.jones',
        surface: 'api',
      },
    ],
    evaluation: {
      case: { id: caseId },
      evaluatedAt: '2026-11-03T09:00:00+00:00',
      calendar: { id: 'ew' },
      obligations: [obligation],
      warnings: [],
    },
    myRoles: ['iro'],
    myEvents: [],
    myRetractable: [],
    parties: [{ personId: 'iro.patel', role: 'iro', displayName: 'Sam Patel (IRO)' }],
    deliveries: [{ recipient: 'iro.patel', availableAt: '2026-11-02T09:00:00.000Z', attempts: 0 }],
    ...over,
  } as unknown as CaseView;
}

const read = (v: CaseView) => JSON.parse(casePageJson(v));

test('the fields of the API, in its order, each reader’s own and the shared parts', () => {
  const page = read(view('C-1'));
  expect(Object.keys(page)).toEqual([
    'case',
    'myRoles',
    'myEvents',
    'myRetractable',
    'parties',
    'calendar',
    'evaluatedAt',
    'events',
    'obligations',
    'warnings',
    'deliveries',
  ]);
  expect(page.events).toEqual([
    {
      seq: 0,
      type: 'application.issued',
      at: '2026-11-02T09:00:00+00:00',
      recordedAt: '2026-11-02T09:00:00.000Z',
      recordedBy: 'lawyer.jones',
      via: 'api',
    },
  ]);
  expect(page.obligations[0]).toMatchObject({
    id: 'C-1:order-notice-to-iro-service',
    assignees: [{ role: 'iro', personId: 'iro.patel', displayName: 'Sam Patel (IRO)' }],
    addressees: [{ role: 'lawyer' }],
  });
});

test('each reader’s own parts, and the parties, the log and the evaluation as the view gives them', () => {
  const first = view('C-1');
  expect(read({ ...first, myRoles: ['lawyer'] })).toMatchObject({ myRoles: ['lawyer'] });

  const renamed = [{ personId: 'iro.patel', role: 'iro', displayName: 'Sam Patel-Reid (IRO)' }];
  expect(
    read({ ...first, parties: renamed as CaseView['parties'] }).obligations[0].assignees,
  ).toEqual([{ role: 'iro', personId: 'iro.patel', displayName: 'Sam Patel-Reid (IRO)' }]);

  const later = { ...first.events[0]!, seq: 1 };
  expect(read({ ...first, events: [...first.events, later] }).events).toHaveLength(2);

  const moved = {
    ...obligation,
    id: 'C-1:order-notice-to-iro-service',
    due: '2026-11-04T09:00:00+00:00',
  };
  const reevaluated = { ...first.evaluation, obligations: [moved as Obligation] };
  expect(read({ ...first, evaluation: reevaluated }).obligations[0].due).toBe(
    '2026-11-04T09:00:00+00:00',
  );
});

test('rendering leaves the kept evaluation’s obligations as they were', () => {
  // One the person completes with a button, one with no completion of its own (not a known rule).
  const other = { ...obligation, id: 'C-1:other', rule: 'not-a-rule' };
  const page = view('C-1');
  const obligations = [{ ...obligation }, other];
  const before = JSON.stringify(obligations);
  const rendered = read({ ...page, evaluation: { ...page.evaluation, obligations } });
  expect(rendered.obligations.map((o: { assignees: unknown[] }) => o.assignees.length)).toEqual([
    1, 1,
  ]);
  expect(JSON.stringify(obligations)).toBe(before);
});
