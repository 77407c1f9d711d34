/**
 * Case references are upper case and unique whatever the letter case: `c-4011` opens as C-4011,
 * a second `C-4011` (or `c-4011`) is refused as existing, and the reference in any case finds it.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
let lawyer: string;

beforeAll(async () => {
  server = await startTestServer('2023-05-04T10:00:00+01:00');
  lawyer = await server.signIn('lawyer.jones');
});
afterAll(async () => server.close());

const open = (id: string) =>
  server.call(lawyer, 'POST', '/api/cases', {
    case: {
      id,
      childRef: 'LCS-1011',
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal'],
    },
    team: 'north',
  });

test('c-4011 opens as C-4011, once, and is found in either case', async () => {
  const opened = await open('c-4011');
  expect(opened.status).toBe(201);
  expect(opened.body.id).toBe('C-4011');
  expect(await open('C-4011')).toMatchObject({ status: 409, body: { code: 'case-exists' } });
  expect(await open(' c-4011 ')).toMatchObject({ status: 409, body: { code: 'case-exists' } });
  for (const ref of ['C-4011', 'c-4011'])
    expect((await server.call(lawyer, 'GET', `/api/cases/${ref}`)).body.case.id).toBe('C-4011');
});
