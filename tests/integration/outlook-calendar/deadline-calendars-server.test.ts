/**
 * The running server with Graph configured (here the Graph double) wires deadlines into Outlook
 * calendars: a round over the demo cases puts each open deadline in its responsible people's
 * calendars, linking to the case in the tab, with no child's initials anywhere.
 */
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import { GraphDouble } from '../../support/graph-double';
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(60_000);

let double: GraphDouble;
let server: TestServer | undefined;
beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
  double.mail.addMailbox(...DEMO_PEOPLE.flatMap((p) => (p.email ? [p.email] : [])));
});
afterAll(async () => {
  await server?.close();
  await double.close();
});

test('the server puts the demo cases’ open deadlines in their people’s calendars', async () => {
  server = await startTestServer('2023-05-18T09:00:00+01:00', {
    LIAISON_GRAPH_TENANT_ID: double.tenantId,
    LIAISON_GRAPH_CLIENT_ID: double.clientId,
    LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_MAIL_SIGNALS: 'off',
    LIAISON_PUBLIC_URL: 'http://127.0.0.1:3978',
  });
  expect(server.deadlineCalendars).toBeDefined();

  const report = await server.deadlineCalendars!.runOnce();

  expect(report).toMatchObject({ failedCases: 0, refused: 0 });
  expect(report!.created).toBeGreaterThan(0);
  const events = DEMO_PEOPLE.flatMap((p) => (p.email ? double.calendar.eventsOf(p.email) : []));
  expect(events).toHaveLength(report!.created);
  for (const e of events) {
    expect(e).toMatchObject({ showAs: 'free', categories: ['IRO Liaison'] });
    expect(e.subject).toMatch(/^Deadline: .+ · C-\d+$/);
    expect((e.body as { content: string }).content).toMatch(
      /<a href="http:\/\/127\.0\.0\.1:3978\/tab\/cases\/C-\d+">/,
    );
  }
  // People outside the council (the Guardian, the child's solicitor) have no calendar here.
  for (const p of DEMO_PEOPLE.filter((x) => x.roles.every((r) => r === 'guardian')))
    expect(double.calendar.eventsOf(p.email!)).toEqual([]);
  const cases = await Promise.all(
    events.map((e) => server!.store.getCase(String(e.subject).split(' · ')[1]!)),
  );
  const text = JSON.stringify(events);
  for (const c of cases) expect(text).not.toContain(c!.header.childInitials);

  expect(await server.deadlineCalendars!.runOnce()).toMatchObject({ cases: 0 });
});
