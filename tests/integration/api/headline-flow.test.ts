/**
 * The headline flow over real HTTP against a real SQLite file: open a case, ICO, IRO allocated,
 * Guardian appointed, Send IRO alert, draft sent, comments returned — with the obligations'
 * statuses checked at each step.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
let lawyer: string;
let iro: string;
let iroAdmin: string;
let manager: string;

beforeAll(async () => {
  server = await startTestServer('2023-05-04T10:00:00+01:00');
  lawyer = await server.signIn('lawyer.jones');
  iro = await server.signIn('iro.patel');
  iroAdmin = await server.signIn('iroadmin.wood');
  manager = await server.signIn('ppm.lee');
});
afterAll(async () => server.close());

async function obligation(token: string, rule: string) {
  const view = await server.call(token, 'GET', '/api/cases/C-2001');
  expect(view.status).toBe(200);
  const found = (view.body.obligations as { rule: string; status: string; due?: string }[]).find(
    (o) => o.rule === rule,
  );
  return found;
}

/** The ids on a person's "my deadlines". */
async function obligationsOn(token: string): Promise<string[]> {
  return (await server.call(token, 'GET', '/api/me/obligations')).body.obligations.map(
    (o: { obligation: { id: string } }) => o.obligation.id,
  );
}

async function record(token: string, event: Record<string, unknown>, key?: string) {
  return server.call(
    token,
    'POST',
    '/api/cases/C-2001/events',
    { event },
    key ? { 'Idempotency-Key': key } : {},
  );
}

test('the headline flow, step by step', async () => {
  // Open the case.
  const opened = await server.call(lawyer, 'POST', '/api/cases', {
    case: {
      id: 'C-2001',
      childRef: 'LCS-2001',
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal', 'iro-guardian'],
    },
    team: 'north',
    members: [{ personId: 'sw.khan', role: 'social-worker' }],
  });
  expect(opened.status).toBe(201);
  expect(opened.headers.get('location')).toBe('/api/cases/C-2001');

  expect(
    (await record(lawyer, { type: 'application.issued', at: '2023-05-04T10:00:00+01:00' })).status,
  ).toBe(201);

  // The ICO: the 48-hour notice to the IRO service starts.
  server.setNow('2023-05-05T16:05:00+01:00');
  const ico = await record(
    lawyer,
    { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
    'ico-2001-key',
  );
  expect(ico.status).toBe(201);
  expect(await obligation(lawyer, 'order-notice-to-iro-service')).toMatchObject({
    status: 'open',
    due: '2023-05-10T16:00:00+01:00',
  });

  // Repeating the request with its key changes nothing: the first answer comes back.
  const again = await record(
    lawyer,
    { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
    'ico-2001-key',
  );
  expect(again).toMatchObject({ status: 201, body: ico.body });
  expect(again.headers.get('idempotent-replayed')).toBe('true');

  server.setNow('2023-05-09T10:35:00+01:00');
  await record(lawyer, { type: 'iro-service.notified', at: '2023-05-09T10:30:00+01:00' });
  expect(await obligation(lawyer, 'order-notice-to-iro-service')).toMatchObject({ status: 'met' });
  expect(await obligation(lawyer, 'iro-allocation-reply')).toMatchObject({
    status: 'open',
    due: '2023-05-16T23:59:59+01:00',
  });

  // The IRO administrator completes the allocation with the IRO's details (as the card's form
  // does): the IRO thereby becomes a party to the case.
  server.setNow('2023-05-12T14:05:00+01:00');
  const allocation = encodeURIComponent(
    ((await obligation(iroAdmin, 'iro-allocation-reply')) as unknown as { id: string }).id,
  );
  const incomplete = await server.call(
    iroAdmin,
    'POST',
    `/api/obligations/${allocation}/complete`,
    { inputs: { phone: '01632 960 123' } },
  );
  expect(incomplete).toMatchObject({ status: 400, body: { detail: 'inputs: choose the IRO' } });
  const allocated = await server.call(iroAdmin, 'POST', `/api/obligations/${allocation}/complete`, {
    inputs: { iro: 'iro.patel', phone: '01632 960 123' },
  });
  expect(allocated).toMatchObject({ status: 201, body: { obligation: { status: 'met' } } });
  expect(await obligation(iro, 'iro-allocation-reply')).toMatchObject({ status: 'met' });
  // Each party sees who is on the case and only the events their role records.
  const asLawyer = (await server.call(lawyer, 'GET', '/api/cases/C-2001')).body;
  const asIro = (await server.call(iro, 'GET', '/api/cases/C-2001')).body;
  expect(asLawyer.parties).toContainEqual({
    personId: 'iro.patel',
    role: 'iro',
    displayName: 'Sam Patel (IRO)',
    email: 'sam.patel@council.example',
  });
  expect(asLawyer.myEvents).toContain('iro-alert.sent');
  expect(asLawyer.myEvents).not.toContain('iro.comments-returned');
  expect(asIro.myEvents).toContain('iro.comments-returned');
  expect(asIro.myEvents).not.toContain('iro-alert.sent');
  const allocatedEvent = (await server.call(iro, 'GET', '/api/cases/C-2001')).body.events.at(-1);
  expect(allocatedEvent).toMatchObject({
    type: 'iro.allocated',
    iro: { name: 'Sam Patel (IRO)', id: 'iro.patel', phone: '01632 960 123' },
    recordedBy: 'iroadmin.wood',
  });

  server.setNow('2023-05-15T12:05:00+01:00');
  await record(lawyer, {
    type: 'guardian.appointed',
    at: '2023-05-15T12:00:00+01:00',
    guardian: { name: 'Jo Rivers', id: 'guardian.rivers' },
  });
  expect(await obligation(lawyer, 'guardian-details-to-iro')).toMatchObject({ status: 'open' });

  // Send IRO alert: the dates come back computed by the engine.
  server.setNow('2023-05-17T09:00:00+01:00');
  // The form's preview gives the same dates and records nothing; only Legal Services may ask.
  const before = (await server.call(lawyer, 'GET', '/api/cases/C-2001')).body.case.version;
  const preview = await server.call(lawyer, 'POST', '/api/cases/C-2001/iro-alert/preview', {
    filingDue: '2023-06-13T16:00:00+01:00',
  });
  expect(preview).toMatchObject({
    status: 200,
    body: {
      filingDue: '2023-06-13T16:00:00+01:00',
      draftToIroBy: '2023-06-06T16:00:00+01:00',
      commentsDueIfDraftOnTime: '2023-06-07T16:00:00+01:00',
    },
  });
  expect((await server.call(lawyer, 'GET', '/api/cases/C-2001')).body.case.version).toBe(before);
  expect(
    await server.call(iro, 'POST', '/api/cases/C-2001/iro-alert/preview', {
      filingDue: '2023-06-13T16:00:00+01:00',
    }),
  ).toMatchObject({ status: 403 });
  const alert = await server.call(lawyer, 'POST', '/api/cases/C-2001/iro-alert', {
    filingDue: '2023-06-13T16:00:00+01:00',
  });
  expect(alert.status).toBe(201);
  expect(alert.body).toMatchObject({
    filingDue: '2023-06-13T16:00:00+01:00',
    draftToIroBy: '2023-06-06T16:00:00+01:00',
    commentsDueIfDraftOnTime: '2023-06-07T16:00:00+01:00',
    commentWindowCompressed: false,
  });
  expect(await obligation(lawyer, 'final-evidence-alert')).toMatchObject({ status: 'met' });
  expect(await obligation(lawyer, 'draft-final-evidence-to-iro')).toMatchObject({
    status: 'open',
    due: '2023-06-06T16:00:00+01:00',
  });

  // The alert is on the IRO's list (to acknowledge) as well as the lawyer's (to do).
  expect(await obligationsOn(iro)).toContain('C-2001:draft-final-evidence-to-iro');
  expect(await obligationsOn(lawyer)).toContain('C-2001:draft-final-evidence-to-iro');
  const asWhat = async (token: string) =>
    (await server.call(token, 'GET', '/api/me/obligations')).body.obligations.find(
      (o: { obligation: { id: string } }) =>
        o.obligation.id === 'C-2001:draft-final-evidence-to-iro',
    ).as;
  expect(await asWhat(iro)).toBe('recipient');
  expect(await asWhat(lawyer)).toBe('responsible');

  // The draft reaches the IRO: the 24-hour window starts at receipt.
  server.setNow('2023-06-05T11:00:00+01:00');
  await record(lawyer, { type: 'draft.sent-to-iro', at: '2023-06-05T11:00:00+01:00' });
  expect(await obligation(lawyer, 'draft-final-evidence-to-iro')).toMatchObject({ status: 'met' });
  expect(await obligation(iro, 'iro-comments-on-draft')).toMatchObject({
    status: 'open',
    due: '2023-06-06T11:00:00+01:00',
    completion: { title: 'Comments returned', form: 'none', event: 'iro.comments-returned' },
  });
  const onIro = await server.call(iro, 'GET', '/api/me/obligations');
  expect(
    onIro.body.obligations.map((o: { obligation: { rule: string } }) => o.obligation.rule),
  ).toContain('iro-comments-on-draft');

  // Only the allocated IRO (or the IRO team manager) records that the comments were returned.
  server.setNow('2023-06-06T09:00:00+01:00');
  const notTheirs = await record(lawyer, {
    type: 'iro.comments-returned',
    at: '2023-06-06T09:00:00+01:00',
  });
  expect(notTheirs).toMatchObject({ status: 403, body: { code: 'event-forbidden' } });
  expect(notTheirs.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  // Completing records the protocol's event, so the same rule applies to the button.
  const comments = encodeURIComponent('C-2001:iro-comments-on-draft');
  expect(
    await server.call(lawyer, 'POST', `/api/obligations/${comments}/complete`, {}),
  ).toMatchObject({ status: 403 });
  expect(await server.call(iro, 'POST', `/api/obligations/${comments}/complete`, {})).toMatchObject(
    { status: 201, body: { obligation: { status: 'met' } } },
  );
  expect((await server.call(iro, 'GET', '/api/cases/C-2001')).body.events.at(-1)).toMatchObject({
    type: 'iro.comments-returned',
    by: 'iro.patel',
  });
  expect(await obligation(manager, 'iro-comments-on-draft')).toMatchObject({ status: 'met' });
});

test('a keyed request repeated after the log moved on is a replay; a new keyed event from before the case began is refused', async () => {
  const ico = { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' };
  // Weeks later, past the 24 hours in which the first answer is replayed whole, the case's own
  // record of the key still records it once, and says it was a repeat.
  expect(await record(lawyer, ico, 'ico-2001-key')).toMatchObject({
    status: 200,
    body: { replayed: true, version: 2 },
  });
  const before = (await server.call(lawyer, 'GET', '/api/cases/C-2001')).body.case.version;
  const early = await record(
    lawyer,
    { type: 'order.made', at: '2023-05-01T16:00:00+01:00', order: 'EPO' },
    'another-key-1',
  );
  expect(early).toMatchObject({ status: 400, body: { code: 'invalid-event' } });
  expect(early.body.detail).toBe(
    'event.at: is before the case began (its first event happened Thu 4 May 2023, 10:00)',
  );
  const future = await record(lawyer, { type: 'standard-directions.received', at: '2099-01-01' });
  expect(future).toMatchObject({ status: 400, body: { code: 'invalid-event' } });
  expect(future.body.detail).toMatch(/^event\.at: is in the future/);
  expect((await server.call(lawyer, 'GET', '/api/cases/C-2001')).body.case.version).toBe(before);
});

describe('acknowledging, completing and waiving obligations', () => {
  test("the person responsible says they can't meet it: a reason is required and the managers it escalates to hear at once", async () => {
    const id = 'C-2001:iro-details-to-court';
    const path = `/api/obligations/${encodeURIComponent(id)}/cannot-meet`;
    expect(await server.call(iro, 'POST', path, { reason: 'x' })).toMatchObject({ status: 403 });
    expect(await server.call(lawyer, 'POST', path, {})).toMatchObject({
      status: 400,
      body: { code: 'invalid-request' },
    });
    const told = await server.call(lawyer, 'POST', path, {
      reason: 'The court has not listed the case yet.',
    });
    expect(told).toMatchObject({
      status: 201,
      body: {
        obligation: {
          cannotMeet: {
            by: 'lawyer.jones',
            reason: 'The court has not listed the case yet.',
          },
        },
      },
    });
    // iro-details-to-court escalates to the Principal Lawyer, who manages the north team.
    const items = (await server.store.outboxForCase('C-2001')).filter(
      (i) => i.kind === 'obligation.escalation',
    );
    expect(items.map((i) => i.recipient)).toEqual(['pl.ahmed']);
    expect(items[0]!.payload).toMatchObject({ obligation: id, stage: 'cannot-meet' });
    // The case shows it as still to go (not yet sent, not parked).
    const view = await server.call(lawyer, 'GET', '/api/cases/C-2001');
    expect(view.body.deliveries).toContainEqual({
      obligation: id,
      stage: 'cannot-meet',
      recipient: 'pl.ahmed',
      availableAt: expect.any(String),
      attempts: 0,
    });
  });

  test('the IRO acknowledges once; a second acknowledgement changes nothing', async () => {
    const id = encodeURIComponent('C-2001:guardian-details-to-iro');
    // Addressed to the IRO: on their list until acknowledged.
    expect(await obligationsOn(iro)).toContain('C-2001:guardian-details-to-iro');
    const first = await server.call(iro, 'POST', `/api/obligations/${id}/acknowledge`, {});
    expect(first).toMatchObject({ status: 201, body: { changed: true } });
    expect(first.body.obligation.acknowledgements).toEqual([
      expect.objectContaining({ by: 'iro.patel' }),
    ]);
    const second = await server.call(iro, 'POST', `/api/obligations/${id}/acknowledge`, {});
    expect(second).toMatchObject({ status: 200, body: { changed: false } });
    expect(await obligationsOn(iro)).not.toContain('C-2001:guardian-details-to-iro');
  });
  test('a waiver needs a manager and a reason', async () => {
    const id = encodeURIComponent('C-2001:guardian-details-to-iro');
    expect(
      (await server.call(lawyer, 'POST', `/api/obligations/${id}/waive`, { reason: 'x' })).body
        .code,
    ).toBe('obligation-forbidden');
    expect((await server.call(manager, 'POST', `/api/obligations/${id}/waive`, {})).body.code).toBe(
      'invalid-request',
    );
    const waived = await server.call(manager, 'POST', `/api/obligations/${id}/waive`, {
      reason: 'Details given at the hearing.',
    });
    expect(waived).toMatchObject({ status: 201, body: { obligation: { status: 'waived' } } });
    // The Principal Lawyer, to whom it escalates, may complete it, but it has moved on.
    const principal = await server.signIn('pl.ahmed');
    expect(
      (await server.call(principal, 'POST', `/api/obligations/${id}/complete`, {})).body.code,
    ).toBe('obligation-closed');
  });
});

describe('errors are problem+json with stable codes', () => {
  test.each([
    ['malformed JSON', '{"event": ', 400, 'malformed-json'],
    [
      'an unknown field',
      { event: { type: 'draft.sent-to-iro', at: '2023-06-06T09:00:00+01:00' }, extra: 1 },
      400,
      'invalid-request',
    ],
    [
      'a wrong type',
      { event: { type: 'order.made', at: '2023-06-06T09:00:00+01:00', order: 42 } },
      400,
      'invalid-event',
    ],
    [
      'an unknown event type',
      { event: { type: 'order.revoked', at: '2023-06-06T09:00:00+01:00' } },
      400,
      'invalid-event',
    ],
    [
      'an instant without an offset',
      { event: { type: 'draft.sent-to-iro', at: '2023-06-06T09:00:00' } },
      400,
      'invalid-event',
    ],
    [
      'a body over 100 KB',
      {
        event: {
          type: 'draft.sent-to-iro',
          at: '2023-06-06T09:00:00+01:00',
          pad: 'x'.repeat(110_000),
        },
      },
      413,
      'body-too-large',
    ],
  ])('%s', async (_label, body, status, code) => {
    const res = await server.call(lawyer, 'POST', '/api/cases/C-2001/events', body);
    expect(res).toMatchObject({ status, body: { code } });
  });
  test('an unknown case is 404; a case the caller is not party to is 403', async () => {
    expect((await server.call(lawyer, 'GET', '/api/cases/C-9999')).body.code).toBe(
      'case-not-found',
    );
    const other = await server.signIn('lawyer.obi');
    expect(await server.call(other, 'GET', '/api/cases/C-2001')).toMatchObject({
      status: 403,
      body: { code: 'case-forbidden' },
    });
  });
  test('writing from a stale version is a 409 with the current version', async () => {
    const res = await server.call(lawyer, 'POST', '/api/cases/C-2001/events', {
      event: {
        type: 'hearing.scheduled',
        at: '2023-06-06T09:00:00+01:00',
        hearing: 'IRH',
        on: '2023-07-01T10:00:00+01:00',
      },
      expectedVersion: 1,
    });
    expect(res).toMatchObject({ status: 409, body: { code: 'version-conflict' } });
    expect(res.body.currentVersion).toBeGreaterThan(1);
  });
  test('no token is 401', async () => {
    expect(await server.call(undefined, 'GET', '/api/cases')).toMatchObject({ status: 401 });
  });
});

test('a case’s page is sent as UTF-8 JSON of its stated length, and HEAD gives the same headers without it', async () => {
  const url = `${server.url}/api/cases/C-2001`;
  const headers = { Authorization: `Bearer ${lawyer}` };
  const got = await fetch(url, { headers });
  const bytes = Buffer.from(await got.arrayBuffer());
  expect(got.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(Number(got.headers.get('content-length'))).toBe(bytes.length);
  // Its protocol text has characters of more than one byte (dashes), so its length in bytes is
  // more than in characters: a length counted in characters would cut the page short.
  const text = bytes.toString('utf8');
  expect(bytes.length).toBeGreaterThan(text.length);
  expect(JSON.parse(text)).toMatchObject({ case: { id: 'C-2001' } });

  const head = await fetch(url, { method: 'HEAD', headers });
  expect(head.status).toBe(200);
  expect(head.headers.get('content-length')).toBe(got.headers.get('content-length'));
  expect((await head.arrayBuffer()).byteLength).toBe(0);
});
