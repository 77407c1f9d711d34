/**
 * The services' own duties over real HTTP, on a real SQLite file with the demo people: the monthly
 * register produced on the council's day, published to data/registers/, the IRO service and Legal
 * Services told and tracked until both have it, a month not shared missed; the 6-monthly link
 * meetings recorded with the protocol review.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  const config = join(mkdtempSync(join(tmpdir(), 'liaison-council-')), 'council.json');
  writeFileSync(config, JSON.stringify({ caseRegisterDay: 1, linkMeetingsFrom: '2026-06-02' }));
  server = await startTestServer('2026-11-30T09:00:00Z', { LIAISON_COUNCIL_CONFIG: config });
  for (const id of ['pl.ahmed', 'iroadmin.wood', 'irotm.brown', 'hos.evans', 'lawyer.jones'])
    token[id] = await server.signIn(id);
});

afterAll(() => server.close());

const mails = () => {
  const dir = join(server.dataDir, 'mail');
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
};
const duties = async (who: string) => {
  const res = await server.call(token[who], 'GET', '/api/service/duties');
  expect(res.status).toBe(200);
  return res.body as {
    duties: {
      id: string;
      status: string;
      note?: string;
      register?: { services: unknown[]; produced?: { file: string } };
    }[];
    you: { services: string[]; mayRecordMeetings: boolean };
  };
};

test('the month’s register: produced on its day, published, told, confirmed by each service, missed when one never does', async () => {
  // The demo's service log starts on the 1st of this month, so the first round produces
  // November's register at once; December's is not due until 1 December.
  await server.deliver();
  expect(
    (await duties('pl.ahmed')).duties.map((d) => [d.id, d.status, d.register?.produced?.file]),
  ).toEqual([
    ['service:link-meeting:2026-12-02', 'due-soon', undefined],
    ['service:case-register-update:2026-11', 'overdue', 'case-register-2026-11.xlsx'],
  ]);

  server.setNow('2026-12-01T07:00:00Z');
  await server.deliver();
  const file = join(server.dataDir, 'registers', 'case-register-2026-12.xlsx');
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

  // Each service's people are told it is ready, by email here (no Teams chat with the bot).
  const ready = mails().filter((m) =>
    m.includes('Subject: Register of cases with legal input for December 2026 is ready'),
  );
  expect(ready.map((m) => /^To: (.*?) </m.exec(m)![1]).sort()).toEqual(
    [
      'Alex Brown (IRO team manager)',
      'Kim Wood (IRO administrator)',
      'Sara Ahmed (principal lawyer)',
    ].sort(),
  );
  expect(ready[0]).toContain('Open Service duties in IRO Liaison: ');
  // The register names children by reference and initials; the notice names none.
  expect(ready.join('\n')).not.toMatch(/A\.B\.|LCS-/);

  const wood = await duties('iroadmin.wood');
  expect(wood.you).toEqual({ services: ['iro-service'], mayRecordMeetings: false });
  const december = wood.duties.find((d) => d.id === 'service:case-register-update:2026-12')!;
  expect(december).toMatchObject({
    status: 'open',
    due: '2026-12-08T23:59:59+00:00',
    note: 'Waiting for Legal Services and the IRO service to confirm they have it.',
  });

  const confirmed = await server.call(
    token['iroadmin.wood'],
    'POST',
    '/api/service/registers/2026-12/received',
  );
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.message).toBe(
    'Recorded that the IRO service has the register for December 2026. Still waiting for Legal Services: they were told when it was produced and are reminded until they confirm.',
  );
  const again = await server.call(
    token['irotm.brown'],
    'POST',
    '/api/service/registers/2026-12/received',
  );
  expect(again.body.message).toMatch(
    /^Kim Wood \(IRO administrator\) had already recorded that the IRO service has the register for December 2026, on Tue 1 Dec 2026, \d\d:\d\d\./,
  );

  // The register itself, for those who may see it; nobody else.
  const download = await server.download(token['pl.ahmed']!, '/api/service/registers/2026-12');
  expect(download.status).toBe(200);
  expect(download.bytes.subarray(0, 2).toString()).toBe('PK');
  expect((await server.call(token['lawyer.jones'], 'GET', '/api/service/duties')).status).toBe(403);
  const notMine = await server.call(
    token['lawyer.jones'],
    'POST',
    '/api/service/registers/2026-12/received',
  );
  expect(notMine.status).toBe(403);
  const badMonth = await server.call(
    token['pl.ahmed'],
    'POST',
    '/api/service/registers/2026-13/received',
  );
  expect(badMonth.status).toBe(400);
  expect(badMonth.body.errors).toEqual([{ path: 'month', message: 'must be a month YYYY-MM' }]);

  // Only Legal Services is reminded, two business days before it is due.
  server.setNow('2026-12-04T09:30:00Z');
  await server.deliver();
  const reminders = mails().filter((m) =>
    m.includes('Subject: Reminder: confirm you have the register for December 2026'),
  );
  expect(reminders.map((m) => /^To: (.*?) </m.exec(m)![1])).toEqual([
    'Sara Ahmed (principal lawyer)',
  ]);

  // Overdue: Legal Services again, and the Head of Service.
  server.setNow('2026-12-09T09:00:00Z');
  await server.deliver();
  expect(
    mails()
      .filter((m) => m.includes('the register for December 2026 is not yet shared'))
      .map((m) => /^To: (.*?) </m.exec(m)![1])
      .sort(),
  ).toEqual(['Pat Evans (Head of Service)', 'Sara Ahmed (principal lawyer)'].sort());

  // January's register is produced; December's, never shared with Legal Services, is missed,
  // and a confirmation now does not undo that.
  server.setNow('2027-01-01T08:00:00Z');
  await server.deliver();
  expect(existsSync(join(server.dataDir, 'registers', 'case-register-2027-01.xlsx'))).toBe(true);
  const late = await server.call(
    token['pl.ahmed'],
    'POST',
    '/api/service/registers/2026-12/received',
  );
  expect(late.body.message).toBe(
    'Recorded that Legal Services has the register for December 2026. Both services have it, but after the next register was produced, so the month stays missed.',
  );
  expect(late.body.duty.status).toBe('missed');
});

test('link meetings: recorded by an IRO Team Manager with the protocol review; bad input names the field', async () => {
  server.setNow('2026-12-03T16:00:00Z');
  const future = await server.call(
    token['irotm.brown'],
    'POST',
    '/api/service/link-meetings/2026-12-02/held',
    { heldAt: '2027-12-02T14:00:00Z', protocolReviewed: true },
  );
  expect(future.status).toBe(400);
  expect(future.body.errors).toEqual([
    { path: 'heldAt', message: 'is in the future: record a meeting once it has been held' },
  ]);
  const noMeeting = await server.call(
    token['irotm.brown'],
    'POST',
    '/api/service/link-meetings/2026-12-03/held',
    { heldAt: '2026-12-03T14:00:00Z', protocolReviewed: true },
  );
  expect(noMeeting.status).toBe(404);
  expect(
    (
      await server.call(
        token['iroadmin.wood'],
        'POST',
        '/api/service/link-meetings/2026-12-02/held',
        {
          heldAt: '2026-12-02T14:00:00Z',
          protocolReviewed: true,
        },
      )
    ).status,
  ).toBe(403);

  const held = await server.call(
    token['irotm.brown'],
    'POST',
    '/api/service/link-meetings/2026-12-02/held',
    { heldAt: '2026-12-02T14:00:00Z', protocolReviewed: true },
  );
  expect(held.status).toBe(200);
  expect(held.body.message).toBe(
    'Recorded the link meeting of Wed 2 Dec 2026 as held, with the protocol reviewed.',
  );
  expect(held.body.duty).toMatchObject({
    status: 'met',
    meeting: {
      day: '2026-12-02',
      held: { by: 'Alex Brown (IRO team manager)', protocolReviewed: true },
    },
  });
});
