/**
 * The case use cases on the in-memory store (every store port's contract passes on it as on
 * SQLite and SharePoint), with the demo people and cases: what each decides, what it records and
 * audits, and what it refuses, with the catalogue's codes.
 */
import { isLiaisonError } from '../../../../core';
import { demoPerson, demoWorld, type DemoWorld } from '../../bot/demo-world';

let world: DemoWorld;
beforeEach(async () => {
  world = await demoWorld();
});
afterEach(() => world.close());

const lawyer = () => demoPerson('lawyer.jones');
const actor = (id: string) => world.actor(id);

/** The code a use case refused with. */
async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (isLiaisonError(e)) return e.code;
    throw e;
  }
  throw new Error('it was not refused');
}

async function auditedActions(): Promise<string[]> {
  return (await world.store.readAudit(0, 10_000)).map((e) => e.action);
}

test('opening a case: the opener takes their part; a taken reference is refused', async () => {
  const input = {
    case: {
      id: 'C-2001',
      childRef: 'LCS-2001',
      childInitials: 'Q.R.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal', 'iro-guardian'],
    },
    team: 'north',
  };
  const opened = await world.service.openCase(lawyer(), input, actor('lawyer.jones'));
  expect(opened.members).toContainEqual({ personId: 'lawyer.jones', role: 'lawyer' });
  expect(await refusal(world.service.openCase(lawyer(), input, actor('lawyer.jones')))).toBe(
    'case-exists',
  );
  expect(
    await refusal(
      world.service.openCase(lawyer(), { ...input, case: { id: 'C-2002' } }, actor('lawyer.jones')),
    ),
  ).toBe('invalid-request');
});

test('recording an event: appended once per key, refused to a role that does not record it', async () => {
  const event = {
    type: 'hearing.scheduled',
    at: '2024-03-12T09:00:00Z',
    hearing: 'IRH',
    on: '2024-05-20',
  };
  const first = await world.service.recordEvent(
    lawyer(),
    'C-1001',
    { event, idempotencyKey: 'k-1' },
    actor('lawyer.jones'),
  );
  const again = await world.service.recordEvent(
    lawyer(),
    'C-1001',
    { event, idempotencyKey: 'k-1' },
    actor('lawyer.jones'),
  );
  expect(first.replayed).toBe(false);
  expect(again).toMatchObject({ replayed: true, version: first.version });
  expect(
    (await world.events('C-1001')).filter((e) => e.event.type === 'hearing.scheduled'),
  ).toHaveLength(1);
  expect(
    await refusal(
      world.service.recordEvent(
        demoPerson('iro.patel'),
        'C-1001',
        { event: { type: 'application.issued', at: '2024-03-12T09:00:00Z' } },
        actor('iro.patel'),
      ),
    ),
  ).toMatch(/forbidden/);
  expect(
    await refusal(
      world.service.recordEvent(
        lawyer(),
        'C-1001',
        { event: { type: 'no.such' } },
        actor('lawyer.jones'),
      ),
    ),
  ).toBe('invalid-event');
});

test('a case is read only by its parties and its team’s managers, and every read is audited', async () => {
  const view = await world.service.getCase(lawyer(), 'C-1001', actor('lawyer.jones'));
  expect(view.myRoles).toContain('lawyer');
  expect(view.parties.find((p) => p.role === 'lawyer')?.displayName).toBe(
    demoPerson('lawyer.jones').displayName,
  );
  expect(await auditedActions()).toContain('case.read');
  expect(
    await refusal(
      world.service.getCase(demoPerson('guardian.rivers'), 'C-1001', actor('guardian.rivers')),
    ),
  ).toBe('case-forbidden');
  expect(await refusal(world.service.getCase(lawyer(), 'C-9999', actor('lawyer.jones')))).toBe(
    'case-not-found',
  );
});

test('acting on an obligation: acknowledged once; the same press again records nothing', async () => {
  const mine = await world.service.myObligations(lawyer(), actor('lawyer.jones'));
  const open = mine.find((m) => m.as === 'responsible')!;
  expect(open).toBeDefined();
  const first = await world.service.actOnObligation(
    lawyer(),
    open.obligation.id,
    'acknowledge',
    {},
    actor('lawyer.jones'),
  );
  const second = await world.service.actOnObligation(
    lawyer(),
    open.obligation.id,
    'acknowledge',
    {},
    actor('lawyer.jones'),
  );
  expect(first.changed).toBe(true);
  expect(second).toMatchObject({ changed: false, version: first.version });
  expect(
    await refusal(
      world.service.actOnObligation(
        lawyer(),
        open.obligation.id,
        'cannot-meet',
        {},
        actor('lawyer.jones'),
      ),
    ),
  ).toBe('invalid-request');
  expect(
    await refusal(
      world.service.actOnObligation(
        lawyer(),
        'C-1001:no-such-rule',
        'acknowledge',
        {},
        actor('lawyer.jones'),
      ),
    ),
  ).toBe('obligation-not-found');
});

test('retracting: only whoever recorded it, with a reason; the log keeps both', async () => {
  const { events } = await world.service.recordEvent(
    lawyer(),
    'C-1001',
    {
      event: {
        type: 'hearing.scheduled',
        at: '2024-03-12T09:00:00Z',
        hearing: 'IRH',
        on: '2024-05-20',
      },
    },
    actor('lawyer.jones'),
  );
  const seq = events[0]!.seq;
  expect(
    await refusal(world.service.retractEvent(lawyer(), 'C-1001', seq, {}, actor('lawyer.jones'))),
  ).toBe('invalid-request');
  expect(
    await refusal(
      world.service.retractEvent(
        demoPerson('sw.khan'),
        'C-1001',
        seq,
        { reason: 'not mine' },
        actor('sw.khan'),
      ),
    ),
  ).toBe('retract-forbidden');
  await world.service.retractEvent(
    lawyer(),
    'C-1001',
    seq,
    { reason: 'wrong case' },
    actor('lawyer.jones'),
  );
  const log = await world.events('C-1001');
  expect(log.at(-1)?.event).toMatchObject({
    type: 'event.retracted',
    retracts: seq,
    reason: 'wrong case',
  });
  expect(log[seq]?.event.type).toBe('hearing.scheduled');
});

test('the case list counts each case’s obligations, filters by reference, and is audited', async () => {
  const manager = demoPerson('ppm.lee');
  const { cases } = await world.service.listCases(manager, { limit: 50 }, actor('ppm.lee'));
  expect(cases.length).toBeGreaterThan(3);
  const found = await world.service.listCases(
    manager,
    { limit: 50, reference: 'C-1001' },
    actor('ppm.lee'),
  );
  expect(found.cases.map((c) => c.case.header.id)).toEqual(['C-1001']);
  expect(found.cases[0]!.parties.every((p) => p.email === undefined)).toBe(true);
  expect(await auditedActions()).toContain('cases.listed');
});
