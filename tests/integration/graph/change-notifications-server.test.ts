/**
 * Change notifications wired by the composition root: with the two variables set, the server
 * subscribes the demo people's mailbox folders (the double's handshake reaching the real server,
 * past the API's authentication, which Graph cannot pass), and a notification makes it read that
 * folder at once.
 */
import { createServer } from 'node:net';
import { mailboxSources } from '../../../server/signals/mail-sync';
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import { GraphDouble, graphMessage } from '../../support/graph-double';
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(60_000);

const NOW = '2026-12-14T09:00:00Z';
const SECRET = 'Yv7rTq2LmX9pK4sB8nW1cZ6hD3fG5jQe';

let double: GraphDouble;
let server: TestServer | undefined;

beforeAll(async () => {
  double = await GraphDouble.start();
  for (const p of DEMO_PEOPLE) if (p.email) double.mail.addMailbox(p.email);
  double.subscriptions.now = () => Date.parse(NOW);
});
afterAll(async () => {
  await double.subscriptions.settled();
  await server?.close();
  await double.close();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test('the server subscribes what it reads, and reads a folder when Graph says it changed', async () => {
  const port = await freePort();
  const notificationUrl = `http://127.0.0.1:${port}/api/graph/notifications`;
  server = await startTestServer(NOW, {
    LIAISON_PORT: String(port),
    LIAISON_GRAPH_TENANT_ID: double.tenantId,
    LIAISON_GRAPH_CLIENT_ID: double.clientId,
    LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_GRAPH_NOTIFICATION_URL: notificationUrl,
    LIAISON_GRAPH_NOTIFICATION_SECRET: SECRET,
  });
  expect(server.subscriptions).toBeDefined();
  // The same mailbox sources the rounds read: Inbox, Sent Items and (for IROs and lawyers) calendars.
  const wanted = mailboxSources(await server.store.people(), true);
  expect(wanted.some((t) => t.source === 'calendar')).toBe(true);
  expect(await server.subscriptions!.runOnce()).toEqual({
    created: wanted.length,
    renewed: 0,
    deleted: 0,
    failed: 0,
  });
  expect(double.subscriptions.all().every((s) => s.notificationUrl === notificationUrl)).toBe(true);

  const { mailbox } = wanted.find((t) => t.source === 'inbox')!;
  double.mail.addMessages(mailbox, 'inbox', [graphMessage(1, { to: [mailbox] })]);
  await double.subscriptions.settled();
  expect(double.subscriptions.deliveries.map((d) => d.status)).toEqual([202]);
  const inbox = `/v1.0/users/${encodeURIComponent(mailbox)}/mailFolders/inbox/messages/delta`;
  await readOf(inbox);
  expect(deltaReads()).toEqual([inbox]);

  // A meeting in an IRO's calendar: the calendar is read at once.
  const iro = wanted.find((t) => t.source === 'calendar')!.mailbox;
  double.calendar.addMeeting({
    organizer: iro,
    attendees: [],
    subject: 'Team meeting',
    start: '2026-12-20T10:00:00Z',
    end: '2026-12-20T11:00:00Z',
  });
  await double.subscriptions.settled();
  const calendar = `/v1.0/users/${encodeURIComponent(iro)}/calendarView/delta`;
  await readOf(calendar);
  expect(deltaReads()).toEqual([inbox, calendar]);
});

const deltaReads = () =>
  double.log.filter((e) => e.path.includes('/delta')).map((e) => e.path.split('?')[0]);

async function readOf(path: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (!double.log.some((e) => e.path.startsWith(path)) && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 20));
}
