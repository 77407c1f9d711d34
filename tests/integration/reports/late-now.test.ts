/**
 * "Late now" over real HTTP on the demo cases: what is overdue on a manager's teams, the latest
 * first, with who it is on and who has been told, by name and never by id.
 */
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('2026-12-03T10:00:00Z');
});
afterAll(() => server.close());

interface Item {
  caseId: string;
  title: string;
  late: { workingDays: number; days: number };
  responsible: { role: string; names: string[] }[];
  escalatedTo: { role: string; names: string[] }[];
}

test('a manager sees their teams’ overdue items, the latest first, each with names', async () => {
  const token = await server.signIn('ppm.lee');
  const res = await server.call(token, 'GET', '/api/reports/late-now');
  expect(res.status).toBe(200);
  const items = res.body.items as Item[];
  expect(items.length).toBeGreaterThan(0);
  const lateness = items.map((i) => i.late.workingDays);
  expect(lateness).toEqual([...lateness].sort((a, b) => b - a));
  for (const item of items) {
    expect(item.responsible.length).toBeGreaterThan(0);
    // People by name: no demo person's id appears anywhere.
    expect(JSON.stringify([item.responsible, item.escalatedTo])).not.toMatch(
      /lawyer\.jones|sw\.khan|iro\.patel|pl\.ahmed|hos\.evans/,
    );
  }
  const onLawyer = items.find((i) => i.responsible.some((r) => r.role === 'lawyer'));
  expect(onLawyer?.responsible.find((r) => r.role === 'lawyer')!.names).toContain(
    'Lee Jones (lawyer)',
  );
});

test('one team; not someone else’s; not a lawyer', async () => {
  const ppm = await server.signIn('ppm.lee');
  const north = await server.call(ppm, 'GET', '/api/reports/late-now?team=north');
  expect(north.status).toBe(200);
  expect(north.body.teams).toEqual(['north']);
  expect((await server.call(ppm, 'GET', '/api/reports/late-now?team=elsewhere')).status).toBe(403);
  const lawyer = await server.signIn('lawyer.jones');
  expect((await server.call(lawyer, 'GET', '/api/reports/late-now')).status).toBe(403);
});

test('the compliance figures and the late list as a spreadsheet', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const token = await server.signIn('ppm.lee');
  const res = await server.download(token, '/api/reports/compliance.xlsx?from=2026-09-01');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(
    /^attachment; filename="compliance-2026-09-01-to-2026-12-04\.xlsx"$/,
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((w) => w.name)).toEqual([
    'Total',
    'By month',
    'By team',
    'By rule',
    'Late now',
  ]);
  const months: unknown[] = [];
  workbook
    .getWorksheet('By month')!
    .eachRow((row, n) => n > 1 && months.push(row.getCell(1).value));
  expect(months).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
  const late = workbook.getWorksheet('Late now')!;
  const lateNow = await server.call(token, 'GET', '/api/reports/late-now');
  expect(late.rowCount - 1).toBe(lateNow.body.items.length);
  expect(late.getRow(2).getCell(5).text).toMatch(/working days? late|late today/);
  const lawyer = await server.signIn('lawyer.jones');
  expect((await server.download(lawyer, '/api/reports/compliance.xlsx')).status).toBe(403);
});

test('asked again later, it is as a fresh evaluation would say: later lateness, newly late items', async () => {
  const token = await server.signIn('ppm.lee');
  const key = (i: Item) => `${i.caseId}|${i.title}`;
  const before = (await server.call(token, 'GET', '/api/reports/late-now')).body.items as Item[];
  server.setNow('2026-12-10T10:00:00Z');
  const after = (await server.call(token, 'GET', '/api/reports/late-now')).body.items as Item[];
  const then = new Map(before.map((i) => [key(i), i]));
  // Everything late before is later now (five working days on), unless done meanwhile.
  for (const i of after.filter((x) => then.has(key(x))))
    expect(i.late.workingDays).toBe(then.get(key(i))!.late.workingDays + 5);
  // And what fell due in between is there too.
  expect(after.length).toBeGreaterThan(before.length);
  server.setNow('2026-12-03T10:00:00Z');
});

test('the latest so many, and how many in all: a screen shows a few, the export has them all', async () => {
  const token = await server.signIn('ppm.lee');
  const all = (await server.call(token, 'GET', '/api/reports/late-now')).body;
  const two = (await server.call(token, 'GET', '/api/reports/late-now?limit=2')).body;
  expect(two.total).toBe(all.total);
  expect(two.items).toEqual(all.items.slice(0, 2));
  expect((await server.call(token, 'GET', '/api/reports/late-now?limit=0')).status).toBe(400);
});
