/**
 * Email through Microsoft Graph (the loopback double) from the running server: council staff get
 * the card as an Outlook actionable message — in the HTML head, with the originator from
 * configuration — above the same words as text; a Guardian gets the words and the link that
 * acknowledges the deadline, and no card. Subjects name the case by its reference only.
 */
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import { GraphDouble, type SentMail } from '../../support/graph-double';
import { openGuardianCase } from '../../support/guardian-case';
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(60_000);

const SERVICE = 'iro-liaison@council.example';
const ORIGINATOR = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CASE = 'C-6001';

let double: GraphDouble;
let server: TestServer | undefined;
let sent: SentMail[];

beforeAll(async () => {
  double = await GraphDouble.start({ retryAfterSeconds: 0 });
  double.mail.addMailbox(SERVICE, ...DEMO_PEOPLE.flatMap((p) => (p.email ? [p.email] : [])));
  server = await startTestServer('2026-11-02T09:00:00+00:00', {
    LIAISON_DEMO_SEED: 'off',
    LIAISON_GRAPH_TENANT_ID: double.tenantId,
    LIAISON_GRAPH_CLIENT_ID: double.clientId,
    LIAISON_GRAPH_CLIENT_SECRET: double.clientSecret,
    LIAISON_GRAPH_URL: double.url,
    LIAISON_GRAPH_LOGIN_URL: double.url,
    LIAISON_MAIL_SIGNALS: 'off',
    LIAISON_DEADLINE_CALENDARS: 'off',
    LIAISON_MAIL_FROM: SERVICE,
    LIAISON_PUBLIC_URL: 'http://127.0.0.1:3978',
    LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: ORIGINATOR,
  });
  for (const p of DEMO_PEOPLE) await server.store.upsertPerson(p);
  const lawyer = await server.signIn('lawyer.jones');
  await openGuardianCase(server, lawyer, CASE);
  await server.deliver();
  // The Guardian's reminder of their deadline: the email with the link.
  server.setNow('2026-11-06T09:00:00+00:00');
  await server.deliver();
  sent = double.mail.sent.filter((m) =>
    m.headers.some((h) => h.name === 'X-Liaison-Key' && h.value.startsWith(`${CASE}:`)),
  );
});
afterAll(async () => {
  await server?.close();
  await double?.close();
});

const keyOf = (m: SentMail) => m.headers.find((h) => h.name === 'X-Liaison-Key')!.value;

test('council staff: the card in the HTML head with the configured originator, and the text', () => {
  const mail = sent.find((m) => m.to.includes('kim.wood@council.example'));
  expect(mail).toBeDefined();
  expect(mail!).toMatchObject({ mailbox: SERVICE, contentType: 'HTML', saveToSentItems: false });
  const head = /^<html><head>(.*)<\/head><body>(.*)<\/body><\/html>$/s.exec(mail!.content);
  expect(head).not.toBeNull();
  expect(head![1]).toContain('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">');
  const script = /<script type="application\/adaptivecard\+json">(.*)<\/script>/s.exec(head![1]!);
  const card = JSON.parse(script![1]!) as Record<string, unknown>;
  expect(card).toMatchObject({
    type: 'AdaptiveCard',
    originator: ORIGINATOR,
    hideOriginalBody: true,
  });
  expect(JSON.stringify(card)).toContain('"type":"Action.Execute"');
  // The same words as text, for a client that shows no card, and the way into the tab.
  expect(head![2]).toMatch(/<p>.+<\/p>/);
  expect(head![2]).toContain(
    `<a href="http://127.0.0.1:3978/tab/cases/${CASE}">http://127.0.0.1:3978/tab/cases/${CASE}</a>`,
  );
  expect(head![2]).not.toContain('/ack?t=');
});

test('the Guardian: the text and the link that acknowledges the deadline, and no card', () => {
  const mail = sent.find(
    (m) =>
      m.to.includes('jo.rivers@cafcass.example') &&
      keyOf(m).startsWith(`${CASE}:guardian-iro-introduction:`),
  );
  expect(mail).toBeDefined();
  expect(mail!.contentType).toBe('HTML');
  expect(mail!.content).not.toContain('application/adaptivecard+json');
  expect(mail!.content).not.toContain(ORIGINATOR);
  expect(mail!.content).toMatch(
    /<a href="http:\/\/127\.0\.0\.1:3978\/ack\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}">Acknowledge this deadline without signing in<\/a>/,
  );
});

test('every subject names the case by its reference, never the child', async () => {
  const header = (await server!.store.getCase(CASE))!.header;
  expect(sent.length).toBeGreaterThan(1);
  for (const m of sent) {
    expect(m.subject).toContain(`[${CASE}]`);
    expect(m.subject).not.toContain(header.childInitials);
    expect(m.subject).not.toContain(header.childRef);
  }
});
