/**
 * A case's parties over real HTTP: who may be named (directory people who hold the role, in the
 * case's team), who a case may be opened with, and a re-allocation ending the previous IRO's
 * part — their access and their work — at that instant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCase, startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};
const CASE = 'C-5001';

beforeAll(async () => {
  server = await startTestServer('2026-11-02T09:00:00+00:00', { LIAISON_DEMO_SEED: 'on' });
  for (const id of [
    'lawyer.jones',
    'lawyer.obi',
    'sw.khan',
    'iro.patel',
    'iro.smith',
    'iroadmin.wood',
    'hos.evans',
    'pl.ahmed',
    'guardian.rivers',
  ])
    token[id] = await server.signIn(id);
  const opened = await open('lawyer.jones', CASE, 'north', [
    { personId: 'sw.khan', role: 'social-worker' },
    { personId: 'iro.patel', role: 'iro' },
  ]);
  expect(opened.status).toBe(201);
  expect(
    (await record('lawyer.jones', { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' }))
      .status,
  ).toBe(201);
});
afterAll(async () => server.close());

function open(by: string, id: string, team: string, members: { personId: string; role: string }[]) {
  return openCase(server, token[by]!, id, members, team);
}

function record(by: string, event: Record<string, unknown>, caseId = CASE) {
  return server.call(token[by], 'POST', `/api/cases/${caseId}/events`, { event });
}

const version = async () =>
  (await server.call(token['lawyer.jones'], 'GET', `/api/cases/${CASE}`)).body.case.version;

describe('naming a party: a directory person who holds the role, in the case’s team', () => {
  test.each([
    [
      'a lawyer appointing himself Guardian',
      'lawyer.jones',
      { type: 'guardian.appointed', guardian: { name: 'Me', id: 'lawyer.jones' } },
      'person-not-eligible',
      "event.guardian.id: Lee Jones (lawyer) is not a Children's Guardian",
    ],
    [
      'an id nobody holds',
      'lawyer.jones',
      { type: 'guardian.appointed', guardian: { name: 'Nobody', id: 'guardian.nobody' } },
      'person-not-in-directory',
      'event.guardian.id: there is no person "guardian.nobody" in the directory',
    ],
    [
      'a Head of Service allocated as the IRO',
      'iroadmin.wood',
      { type: 'iro.allocated', iro: { name: 'Pat Evans', id: 'hos.evans' } },
      'person-not-eligible',
      'event.iro.id: Pat Evans (Head of Service) is not an IRO',
    ],
    [
      'a Guardian with no directory id',
      'lawyer.jones',
      { type: 'guardian.appointed', guardian: { name: 'Jo Rivers' } },
      'invalid-event',
      "event.guardian.id: is required: name the Children's Guardian as a person from the directory",
    ],
    [
      'a social worker of another team',
      'sw.khan',
      { type: 'social-worker.allocated', socialWorker: { name: 'X', id: 'lawyer.obi' } },
      'person-not-eligible',
      'event.socialWorker.id: Ada Obi (lawyer) is not a social worker',
    ],
  ])(
    '%s is refused, naming the field and why, and changes nothing',
    async (_, by, event, code, detail) => {
      const before = await version();
      const res = await record(by, { ...event, at: '2026-11-02T08:30:00+00:00' });
      expect(res).toMatchObject({ status: 400, body: { code, detail } });
      expect(await version()).toBe(before);
    },
  );

  test('who recorded it and from where are the server’s to say', async () => {
    for (const field of ['by', 'surface']) {
      const res = await record('lawyer.jones', {
        type: 'standard-directions.received',
        at: '2026-11-02T08:30:00+00:00',
        [field]: field === 'by' ? 'sw.khan' : 'calendar',
      });
      expect(res).toMatchObject({ status: 400, body: { code: 'invalid-event' } });
      expect(res.body.detail).toMatch(new RegExp(`^event\\.${field}: is set by the server`));
    }
  });

  test('a Guardian from the directory is named with the directory’s name and e-mail address', async () => {
    const res = await record('lawyer.jones', {
      type: 'guardian.appointed',
      at: '2026-11-02T08:40:00+00:00',
      guardian: { name: 'Someone Else', id: 'guardian.rivers', email: 'wrong@example.com' },
    });
    expect(res.status).toBe(201);
    expect(res.body.events[0]).toMatchObject({
      event: {
        guardian: {
          id: 'guardian.rivers',
          name: 'Jo Rivers (Children’s Guardian, CAFCASS)',
          email: 'jo.rivers@cafcass.example',
        },
        by: 'lawyer.jones',
        surface: 'api',
      },
    });
  });
});

describe('opening a case', () => {
  test.each([
    [
      'naming himself IRO',
      [{ personId: 'lawyer.jones', role: 'iro' }],
      'person-not-eligible',
      'members[0].personId: Lee Jones (lawyer) is not an IRO',
    ],
    [
      'naming a Head of Service as a party',
      [{ personId: 'hos.evans', role: 'head-of-service' }],
      'person-not-eligible',
      'members[0].role: a Head of Service is not named on a case (the role works for the whole team)',
    ],
    [
      'naming a second lawyer',
      [{ personId: 'lawyer.obi', role: 'lawyer' }],
      'invalid-request',
      'members[0].role: a case has one lawyer at a time, and you are named already',
    ],
  ])('%s is refused and no case is opened', async (_, members, code, detail) => {
    const res = await open('lawyer.jones', 'C-5002', 'north', members);
    expect(res).toMatchObject({ status: 400, body: { code, detail } });
    expect((await server.call(token['lawyer.jones'], 'GET', '/api/cases/C-5002')).status).toBe(404);
  });

  test('for a team the opener does not work in: refused', async () => {
    const res = await open('lawyer.jones', 'C-5003', 'south', []);
    expect(res).toMatchObject({ status: 403, body: { code: 'team-forbidden' } });
  });

  test('the opener is a party in their own role', async () => {
    const res = await open('sw.khan', 'C-5004', 'north', [
      { personId: 'lawyer.obi', role: 'lawyer' },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual(
      expect.arrayContaining([
        { personId: 'sw.khan', role: 'social-worker' },
        { personId: 'lawyer.obi', role: 'lawyer' },
      ]),
    );
  });
});

describe('an IRO re-allocated during proceedings', () => {
  test('the former IRO loses the case and its work at that instant; the new IRO has both', async () => {
    const mine = async (id: string) =>
      (await server.call(token[id], 'GET', '/api/me/obligations')).body.obligations
        .map((o: { case: { id: string } }) => o.case.id)
        .filter((c: string) => c === CASE);
    expect((await server.call(token['iro.patel'], 'GET', `/api/cases/${CASE}`)).status).toBe(200);
    expect((await mine('iro.patel')).length).toBeGreaterThan(0);
    expect((await server.call(token['iro.smith'], 'GET', `/api/cases/${CASE}`)).status).toBe(403);

    const res = await record('iroadmin.wood', {
      type: 'iro.allocated',
      at: '2026-11-02T08:50:00+00:00',
      iro: { name: 'Ivy Smith', id: 'iro.smith' },
    });
    expect(res.status).toBe(201);

    const view = await server.call(token['lawyer.jones'], 'GET', `/api/cases/${CASE}`);
    const iros = view.body.parties.filter((p: { role: string }) => p.role === 'iro');
    expect(iros).toEqual([expect.objectContaining({ personId: 'iro.smith' })]);
    // Every obligation on the IRO names the new one.
    const onIro = view.body.obligations.filter((o: { responsible: string[] }) =>
      o.responsible.includes('iro'),
    );
    expect(onIro.length).toBeGreaterThan(0);
    for (const o of onIro)
      expect(o.assignees).toContainEqual({
        role: 'iro',
        personId: 'iro.smith',
        displayName: 'Ivy Smith (IRO)',
      });
    expect(await server.call(token['iro.patel'], 'GET', `/api/cases/${CASE}`)).toMatchObject({
      status: 403,
      body: { code: 'case-forbidden' },
    });
    expect(await mine('iro.patel')).toEqual([]);
    expect((await mine('iro.smith')).length).toBeGreaterThan(0);
    const listed = (await server.call(token['iro.patel'], 'GET', '/api/cases')).body.cases.map(
      (c: { id: string }) => c.id,
    );
    expect(listed).not.toContain(CASE);
  });

  test('the new IRO gets one message listing what they take over; the former IRO gets nothing more', async () => {
    await server.deliver();
    const outbox = await server.store.outboxForCase(CASE);
    // (The Guardian, first appointed here, is told of CAFCASS's part that is now theirs.)
    const handover = outbox.filter(
      (i) => i.kind === 'parties.handover' && (i.payload as { role: string }).role === 'iro',
    );
    expect(handover).toEqual([
      expect.objectContaining({
        recipient: 'iro.smith',
        payload: { role: 'iro', from: 'iro.patel' },
        channel: 'email',
      }),
    ]);
    // Anything still due to go to the former IRO is dropped, not sent.
    const afterwards = outbox.filter(
      (i) => i.recipient === 'iro.patel' && i.createdAt >= handover[0]!.createdAt,
    );
    expect(afterwards.every((i) => i.channel === 'not-needed' || i.channel === undefined)).toBe(
      true,
    );
    const mail = join(server.dataDir, 'mail');
    const texts = readdirSync(mail).map((f) => readFileSync(join(mail, f), 'utf8'));
    const sent = texts.filter((t) => t.includes('You are now the IRO'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('To: Ivy Smith (IRO) <ivy.smith@council.example>');
    expect(sent[0]).toContain(`Subject: [${CASE}] You are now the IRO on this case`);
    expect(sent[0]).toContain('You take over from Sam Patel (IRO).');
    expect(sent[0]).toContain('Recorded by Kim Wood (IRO administrator) in IRO Liaison.');
    // The card names the child's initials; the subject line does not.
    expect(sent[0]).toContain('R.S.');
    expect(sent[0]).not.toMatch(/Subject:.*R\.S\./);
  });
});

describe('a leaver', () => {
  test('only the Head of Service deactivates people', async () => {
    const res = await server.call(token['pl.ahmed'], 'POST', '/api/admin/people/lawyer.obi/leave');
    expect(res).toMatchObject({ status: 403, body: { code: 'admin-forbidden' } });
  });

  test('their parts end on every case at once, the Principal Lawyer is told to name someone, and they cannot sign in', async () => {
    const obi = await server.signIn('lawyer.obi');
    expect((await server.call(obi, 'GET', '/api/cases/C-5004')).status).toBe(200);
    const hos = await server.signIn('hos.evans');
    const res = await server.call(hos, 'POST', '/api/admin/people/lawyer.obi/leave');
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ id: 'lawyer.obi', leftAt: expect.any(String) });
    expect(res.body.cases).toContainEqual({ caseId: 'C-5004', role: 'lawyer' });
    expect(res.body.told).toContainEqual({
      caseId: 'C-5004',
      personId: 'pl.ahmed',
      displayName: 'Sara Ahmed (principal lawyer)',
    });

    // Nothing deleted: the case says she left, and she is no longer on it.
    const view = (await server.call(token['sw.khan'], 'GET', '/api/cases/C-5004')).body;
    expect(view.case.members).not.toContainEqual({ personId: 'lawyer.obi', role: 'lawyer' });
    expect(view.events.at(-1)).toMatchObject({
      type: 'party.left',
      role: 'lawyer',
      personId: 'lawyer.obi',
      recordedBy: 'hos.evans',
    });
    // Her token no longer works, in the tab or the API.
    expect(await server.call(obi, 'GET', '/api/me')).toMatchObject({ status: 403 });
    // She cannot be named again, and leaving twice changes nothing.
    const named = await record(
      'lawyer.jones',
      {
        type: 'lawyer.allocated',
        at: '2026-11-02T08:55:00+00:00',
        lawyer: { name: 'x', id: 'lawyer.obi' },
      },
      'C-5004',
    );
    expect(named.status).toBe(403); // lawyer.jones is not on C-5004
    const byPl = await server.call(token['pl.ahmed'], 'POST', '/api/cases/C-5004/events', {
      event: {
        type: 'lawyer.allocated',
        at: '2026-11-02T08:55:00+00:00',
        lawyer: { name: 'x', id: 'lawyer.obi' },
      },
    });
    expect(byPl).toMatchObject({
      status: 400,
      body: { detail: 'event.lawyer.id: Ada Obi (lawyer) has left' },
    });
    expect(await server.call(hos, 'POST', '/api/admin/people/lawyer.obi/leave')).toMatchObject({
      status: 409,
      body: { code: 'person-left' },
    });

    // The Principal Lawyer hears that the case needs a new lawyer; she hears nothing more.
    await server.deliver();
    const mail = join(server.dataDir, 'mail');
    const texts = readdirSync(mail).map((f) => readFileSync(join(mail, f), 'utf8'));
    const needed = texts.find((t) => t.includes('Subject: [C-5004] A new Lawyer is needed'));
    expect(needed).toContain('To: Sara Ahmed (principal lawyer) <sara.ahmed@council.example>');
    expect(needed).toContain('Ada Obi (lawyer) has left. Name someone in their place');
    expect(
      (await server.store.outboxForCase('C-5004')).filter(
        (i) =>
          i.recipient === 'lawyer.obi' && i.channel !== undefined && i.channel !== 'not-needed',
      ),
    ).toEqual([]);

    // Naming a new lawyer: she takes over what waited.
    const allocated = await server.call(token['pl.ahmed'], 'POST', '/api/cases/C-5004/events', {
      event: {
        type: 'lawyer.allocated',
        at: '2026-11-02T09:00:00+00:00',
        lawyer: { name: 'x', id: 'lawyer.jones' },
      },
    });
    expect(allocated.status).toBe(201);
    expect((await server.call(token['lawyer.jones'], 'GET', '/api/cases/C-5004')).status).toBe(200);
  });
});
