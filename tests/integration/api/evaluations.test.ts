/**
 * A case is evaluated once between changes, whoever asks: sending the IRO alert over the API
 * evaluates the case with the alert once (and one rule for the comment window if the draft comes
 * on time), and reading the case afterwards (the tab, a card) evaluates it no more until the case
 * changes or the clock reaches a reminder or a deadline.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(60_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('2024-03-12T10:00:00Z');
});
afterAll(() => server.close());

test('Send IRO alert over the API: one evaluation of the case, then none to read it again', async () => {
  const lawyer = await server.signIn('lawyer.jones');
  const iro = await server.signIn('iro.patel');
  const read = (token: string) => server.call(token, 'GET', '/api/cases/C-1003');
  expect((await read(lawyer)).status).toBe(200);
  const runs = () => server.evaluations.runs;

  const before = runs();
  const ruleRuns = server.evaluations.ruleRuns;
  const sent = await server.call(lawyer, 'POST', '/api/cases/C-1003/iro-alert', {
    filingDue: '2024-04-02T16:00:00+01:00',
  });
  expect(sent.status).toBe(201);
  expect(runs() - before).toBe(1);
  // The comment window if the draft comes on time: one rule, over the case with that event.
  expect(server.evaluations.ruleRuns - ruleRuns).toBe(1);

  const afterSend = runs();
  const [asLawyer, asIro] = [await read(lawyer), await read(iro)];
  expect(runs()).toBe(afterSend);
  expect(asLawyer.body.case.version).toBe(asIro.body.case.version);
  const draft = asIro.body.obligations.find(
    (o: { rule: string }) => o.rule === 'draft-final-evidence-to-iro',
  );
  expect(draft).toMatchObject({ status: 'open' });

  // When the clock reaches the draft's first reminder, the case is evaluated afresh, once.
  server.setNow(draft.reminders[0].at);
  const due = await read(iro);
  expect(due.body.obligations.find((o: { id: string }) => o.id === draft.id).status).toBe(
    'due-soon',
  );
  expect(due.body.evaluatedAt).not.toBe(asIro.body.evaluatedAt);
  expect(runs()).toBe(afterSend + 1);
  await read(lawyer);
  expect(runs()).toBe(afterSend + 1);
});

test("a case's page, read again while the case holds: the shared parts kept, each reader's own and the directory's names as they are now", async () => {
  const lawyer = await server.signIn('lawyer.jones');
  const iro = await server.signIn('iro.patel');
  const read = (token: string) => server.call(token, 'GET', '/api/cases/C-1003');
  const first = await read(lawyer);
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const runs = server.evaluations.runs;

  // Read again, by the same person and by another: one evaluation shared, each reader's own.
  const [again, byIro] = [await read(lawyer), await read(iro)];
  expect(server.evaluations.runs).toBe(runs);
  expect(again.body).toEqual(first.body);
  const shared = (page: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(page).filter(([k]) => !k.startsWith('my')));
  expect(shared(byIro.body)).toEqual(shared(first.body));
  expect(byIro.body.myRoles).toEqual(['iro']);
  expect(first.body.myRoles).toContain('lawyer');
  expect(byIro.body.myEvents).not.toEqual(first.body.myEvents);

  // The directory renames the IRO; the case does not change, but its page names her anew.
  const patel = (await server.store.person('iro.patel'))!;
  await server.store.upsertPerson({ ...patel, displayName: 'Sam Patel-Reid' });
  const renamed = await read(lawyer);
  expect(server.evaluations.runs).toBe(runs);
  const named = (page: typeof first) =>
    page.body.obligations
      .flatMap((o: { assignees: { personId?: string; displayName?: string }[] }) => o.assignees)
      .filter((h: { personId?: string }) => h.personId === 'iro.patel')
      .map((h: { displayName: string }) => h.displayName);
  expect(named(first).length).toBeGreaterThan(0);
  expect(new Set(named(first))).toEqual(new Set([patel.displayName]));
  expect(new Set(named(renamed))).toEqual(new Set(['Sam Patel-Reid']));
  expect(renamed.body.parties).toContainEqual(
    expect.objectContaining({ personId: 'iro.patel', displayName: 'Sam Patel-Reid' }),
  );
  await server.store.upsertPerson(patel);

  // An event recorded: the next read has it, and the obligations it changes.
  const recorded = await server.call(lawyer, 'POST', '/api/cases/C-1003/events', {
    event: {
      type: 'court-document.received',
      at: '2024-03-12T09:00:00Z',
      document: 'order',
      ref: 'P1',
    },
  });
  expect(recorded.status).toBe(201);
  const after = await read(lawyer);
  expect(after.body.case.version).toBe(first.body.case.version + 1);
  expect(after.body.events.at(-1)).toMatchObject({ type: 'court-document.received', ref: 'P1' });
});
