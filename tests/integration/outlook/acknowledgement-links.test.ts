/**
 * Acting from Outlook, over real HTTP on the real server (SQLite, the dispatcher writing `.eml`
 * files): a Guardian, outside the council's tenant, gets an email with a link that acknowledges
 * the deadline once without signing in; the page shows the case reference and the deadline and
 * nothing of the child; looking at it records nothing; a second use, an expired, changed or
 * moved link is refused and says why; every use is audited. Council staff get the card itself as
 * an Outlook actionable message, with the configured originator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AcknowledgementLink, AuditEntry } from '../../../core';
import { loadConfig } from '../../../server/config';
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import { createLogger } from '../../../server/logging';
import { start } from '../../../server/main';
import { LinkTokens } from '../../../server/outlook-links/link-tokens';
import { parseEml } from '../../support/eml';
import { checkAgainstOpenApi } from '../../support/openapi';
import { openGuardianCase } from '../../support/guardian-case';
import { startTestServer, type TestServer } from '../../support/running-server';

jest.setTimeout(30_000);

const ORIGINATOR = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const LINK_KEY = Buffer.alloc(32, 7);
const CASE = 'C-5001';
const RACE = 'C-5002';
const INTRODUCTION = `${CASE}:guardian-iro-introduction`;
const DUE = '2026-11-09T23:59:59+00:00';
/** The deadline's reminder, by email: the link in it works for seven days. */
const REMINDED = '2026-11-06T09:00:00+00:00';
/** What the case is known by besides its reference: never on the page. */
const CHILD = { initials: 'R.S.', ref: 'LCS-5001' };

let server: TestServer;
const token: Record<string, string> = {};
let emailed: { to: string; key: string; text: string; html: string; subject: string }[] = [];
let guardianLink: string;

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00', {
    LIAISON_DEMO_SEED: 'off',
    LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: ORIGINATOR,
    LIAISON_ACK_LINK_KEY: LINK_KEY.toString('base64'),
  });
  for (const p of DEMO_PEOPLE) await server.store.upsertPerson(p);
  for (const id of ['lawyer.jones', 'iroadmin.wood', 'guardian.rivers'])
    token[id] = await server.signIn(id);
  for (const id of [CASE, RACE]) await openGuardianCase(server, token['lawyer.jones']!, id);
  await server.deliver();
  // The Guardian's first email lists what they take over; the reminder is about this deadline.
  server.setNow(REMINDED);
  await server.deliver();
  emailed = readEmails();
  guardianLink = linkIn(emailTo('jo.rivers@cafcass.example', INTRODUCTION).text);
});
let closed = false;
afterAll(async () => {
  if (!closed) await server?.close();
});

function readEmails() {
  const dir = join(server.dataDir, 'mail');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => {
      const { head, parts } = parseEml(readFileSync(join(dir, f), 'utf8'));
      return {
        to: /^To: .*<([^>]+)>$/m.exec(head)![1]!,
        key: /^X-Liaison-Key: (.*)$/m.exec(head)![1]!,
        subject: /^Subject: (.*)$/m.exec(head)![1]!,
        text: parts[0]!.content,
        html: parts[1]!.content,
      };
    });
}

function emailTo(address: string, obligation: string) {
  const found = emailed.find((e) => e.to === address && e.key.startsWith(`${obligation}:`));
  if (!found)
    throw new Error(
      `no email to ${address} about ${obligation}: ${emailed.map((e) => e.key).join(', ')}`,
    );
  return found;
}

/** The token of the acknowledgement link in an email's text. */
function linkIn(text: string): string {
  const m = /\/ack\?t=([A-Za-z0-9._-]+)/.exec(text);
  if (!m) throw new Error(`no acknowledgement link in: ${text}`);
  return m[1]!;
}

async function page(method: 'GET' | 'POST', t: string) {
  const res =
    method === 'GET'
      ? await fetch(`${server.url}/ack?t=${encodeURIComponent(t)}`)
      : await fetch(`${server.url}/ack`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ t }).toString(),
        });
  const html = await res.text();
  checkAgainstOpenApi(method, '/ack', res.status, res.headers.get('content-type'), html);
  return { status: res.status, html, headers: res.headers };
}

/** The acknowledgements of an obligation in the case's log, as the store keeps them. */
async function acknowledgements(caseId: string, obligation: string) {
  return (await server.store.readEvents(caseId)).filter(
    (e) => e.event.type === 'obligation.acknowledged' && e.event.obligation === obligation,
  );
}

async function linkAudit(): Promise<AuditEntry[]> {
  return (await server.store.readAudit(0, 100_000)).filter((e) =>
    e.action.startsWith('acknowledgement-link.'),
  );
}

const signed = (link: Partial<AcknowledgementLink> = {}) =>
  new LinkTokens(LINK_KEY).sign({
    obligation: INTRODUCTION,
    person: 'guardian.rivers',
    due: DUE,
    expires: '2026-11-13T09:00:00+00:00',
    ...link,
  });

describe('the emails', () => {
  test('the Guardian’s: no card, the link, and a subject with the case reference only', () => {
    const email = emailTo('jo.rivers@cafcass.example', INTRODUCTION);
    expect(email.html).not.toContain('application/adaptivecard+json');
    expect(email.text).toContain('Acknowledge this deadline without signing in: http');
    expect(email.text).toContain(
      'The link is for you alone and works once, until Fri 13 Nov 2026, 09:00.',
    );
    expect(email.html).toContain(`/ack?t=${guardianLink}">Acknowledge this deadline`);
    expect(email.subject).toContain(`[${CASE}]`);
    expect(email.subject).not.toContain(CHILD.initials);
  });

  test('council staff’s: the card as an actionable message, with the configured originator', () => {
    const email = emailed.find((e) => e.to === 'kim.wood@council.example' && e.key.includes(CASE));
    expect(email).toBeDefined();
    const script = /<head>.*<script type="application\/adaptivecard\+json">(.*?)<\/script>/s.exec(
      email!.html,
    );
    const card = JSON.parse(script![1]!) as Record<string, unknown>;
    expect(card).toMatchObject({ type: 'AdaptiveCard', originator: ORIGINATOR });
    expect(Number(card.version)).toBeGreaterThanOrEqual(1.4);
    expect(JSON.stringify(card)).toContain('"Action.Execute"');
    // The text, for clients that show no card.
    expect(email!.text).toContain('Open in IRO Liaison:');
    expect(email!.text).not.toContain('/ack?t=');
  });
});

describe('the link', () => {
  test('opens a page with the case reference and the deadline, and nothing of the child', async () => {
    const res = await page('GET', guardianLink);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.html).toContain('<dt>Case</dt><dd>C-5001</dd>');
    expect(res.html).toContain('<dt>Deadline</dt><dd>Mon 9 Nov 2026, 23:59 (UK time)</dd>');
    expect(res.html).toContain('<button type="submit">Acknowledge</button>');
    for (const text of [CHILD.initials, CHILD.ref, 'Jo Rivers', 'guardian-iro-introduction'])
      expect(res.html).not.toContain(text);
  });

  test('looking at it, however often, acknowledges nothing', async () => {
    await page('GET', guardianLink);
    await page('GET', guardianLink);
    expect(await acknowledgements(CASE, INTRODUCTION)).toEqual([]);
  });

  test('acknowledges once, as the Guardian, from the email link', async () => {
    server.setNow('2026-11-06T10:00:00+00:00');
    const res = await page('POST', guardianLink);
    expect(res.status).toBe(200);
    expect(res.html).toContain('<h1>Acknowledged</h1>');
    expect(res.html).toContain('recorded on Fri 6 Nov 2026, 10:00');
    const recorded = await acknowledgements(CASE, INTRODUCTION);
    expect(recorded).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ by: 'guardian.rivers', due: DUE }),
        recordedBy: 'guardian.rivers',
        surface: 'email-link',
      }),
    ]);
  });

  test('a second use is refused, says when it was used, and records nothing', async () => {
    server.setNow('2026-11-06T11:00:00+00:00');
    const again = await page('POST', guardianLink);
    expect(again.status).toBe(409);
    expect(again.html).toContain('<h1>This link has been used</h1>');
    expect(again.html).toContain('It acknowledged this deadline on Fri 6 Nov 2026, 10:00');
    expect(again.html).not.toContain('<button');
    expect((await page('GET', guardianLink)).status).toBe(409);
    expect(await acknowledgements(CASE, INTRODUCTION)).toHaveLength(1);
  });

  test('an expired link says so and records nothing', async () => {
    const expired = signed({
      obligation: `${RACE}:guardian-iro-introduction`,
      expires: '2026-11-06T08:00:00+00:00',
    });
    for (const method of ['GET', 'POST'] as const) {
      const res = await page(method, expired);
      expect(res.status).toBe(409);
      expect(res.html).toContain('<h1>This link has expired</h1>');
      expect(res.html).toContain('It stopped working on Fri 6 Nov 2026, 08:00.');
    }
    expect(await acknowledgements(RACE, `${RACE}:guardian-iro-introduction`)).toEqual([]);
  });

  test('a changed or cut link is not valid, and shows nothing of what it was for', async () => {
    const fresh = signed({ obligation: `${RACE}:guardian-iro-introduction` });
    const i = fresh.indexOf('.') - 3;
    const changed = `${fresh.slice(0, i)}${fresh[i] === 'A' ? 'B' : 'A'}${fresh.slice(i + 1)}`;
    for (const t of [changed, fresh.slice(0, -2), 'not-a-link', ''])
      for (const method of ['GET', 'POST'] as const) {
        const res = await page(method, t);
        expect(res.status).toBe(404);
        expect(res.html).toContain('<h1>This link is not valid</h1>');
        expect(res.html).not.toContain(RACE);
      }
    expect(await acknowledgements(RACE, `${RACE}:guardian-iro-introduction`)).toEqual([]);
  });

  test('a link for a deadline that has since moved says so, and what it is now', async () => {
    const moved = signed({
      obligation: `${RACE}:guardian-iro-introduction`,
      due: '2026-11-06T23:59:59+00:00',
    });
    const res = await page('POST', moved);
    expect(res.status).toBe(409);
    expect(res.html).toContain('<h1>The deadline has changed</h1>');
    expect(res.html).toContain('it is now Mon 9 Nov 2026, 23:59');
    expect(await acknowledgements(RACE, `${RACE}:guardian-iro-introduction`)).toEqual([]);
  });

  test('two presses at once record one acknowledgement', async () => {
    const t = linkIn(
      emailTo('jo.rivers@cafcass.example', `${RACE}:guardian-iro-introduction`).text,
    );
    const [a, b] = await Promise.all([page('POST', t), page('POST', t)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await acknowledgements(RACE, `${RACE}:guardian-iro-introduction`)).toHaveLength(1);
  });

  test('every use is audited with the person and the obligation, never the token or the child', async () => {
    const audit = await linkAudit();
    const ofGuardian = audit.filter((e) => e.actor.personId === 'guardian.rivers');
    expect(ofGuardian.every((e) => e.actor.surface === 'email-link')).toBe(true);
    expect(ofGuardian.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'acknowledgement-link.viewed',
        'acknowledgement-link.used',
        'acknowledgement-link.refused',
      ]),
    );
    expect(
      audit.find((e) => e.action === 'acknowledgement-link.used' && e.caseId === CASE),
    ).toMatchObject({
      actor: { personId: 'guardian.rivers', surface: 'email-link' },
      detail: { obligation: INTRODUCTION, due: DUE },
    });
    const reasons = audit
      .filter((e) => e.action === 'acknowledgement-link.refused')
      .map((e) => (e.detail as { reason: string }).reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'acknowledgement-link-used',
        'acknowledgement-link-expired',
        'acknowledgement-link-invalid',
        'acknowledgement-link-moved',
      ]),
    );
    // A link that is not ours names nobody.
    expect(
      audit.filter(
        (e) => (e.detail as { reason?: string }).reason === 'acknowledgement-link-invalid',
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: expect.objectContaining({ personId: 'unknown' }) }),
      ]),
    );
    const written = JSON.stringify(audit);
    for (const text of [guardianLink, CHILD.initials, CHILD.ref])
      expect(written).not.toContain(text);
  });

  test('one address trying too often is told to wait', async () => {
    let res = await page('GET', 'not-a-link');
    for (let i = 0; i < 40 && res.status !== 503; i++) res = await page('GET', 'not-a-link');
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.html).toContain('<h1>Please wait</h1>');
  });

  test('a used link stays used after the server restarts on the same store', async () => {
    closed = true;
    await server.close();
    const restarted = await start(
      loadConfig({
        LIAISON_PORT: '0',
        LIAISON_DATA_DIR: server.dataDir,
        LIAISON_LOG_LEVEL: 'silent',
        LIAISON_DELIVERY: 'off',
        LIAISON_PLAYGROUND: 'off',
        LIAISON_DEMO_SEED: 'off',
        LIAISON_ACK_LINK_KEY: LINK_KEY.toString('base64'),
      }),
      createLogger({ level: 'silent' }),
      { now: () => Date.parse('2026-11-06T12:00:00+00:00') },
    );
    try {
      const res = await fetch(`${restarted.url}/ack`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: guardianLink }).toString(),
      });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain('It acknowledged this deadline on Fri 6 Nov 2026, 10:00');
      expect(
        (await restarted.store.readEvents(CASE)).filter(
          (e) => e.event.type === 'obligation.acknowledged',
        ),
      ).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });
});
