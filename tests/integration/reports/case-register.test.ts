/**
 * GET /api/reports/case-register.xlsx: the monthly spreadsheet of cases with legal input that the
 * IRO–Legal Services protocol asks for, downloaded over real HTTP and read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import { REGISTER_PROTOCOL_SENTENCE } from '../../../server/reports/case-register';
import { startReportServer, type ReportServer } from './report-server';

const NOW = '2024-03-15T10:00:00Z';
const PATH = '/api/reports/case-register.xlsx';
const NORTH = [
  'C-1001',
  'C-1002',
  'C-1003',
  'C-1004',
  'C-1005',
  'C-1006',
  'C-1007',
  'C-1008',
  'C-1009',
  'C-1010',
  'C-1012',
];

let server: ReportServer;

beforeAll(async () => {
  server = await startReportServer(NOW);
});
afterAll(async () => server.close());

interface Register {
  workbook: ExcelJS.Workbook;
  sheet: ExcelJS.Worksheet;
  header: string[];
  rows: Record<string, unknown>[];
}

async function download(personId: string): Promise<Register> {
  const token = await server.signIn(personId);
  const res = await server.download(token, PATH);
  expect(res.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.bytes as any);
  const sheet = workbook.getWorksheet('Cases')!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  });
  return { workbook, sheet, header, rows };
}

describe('the IRO administrator’s register (teams north and south)', () => {
  let register: Register;
  beforeAll(async () => {
    register = await download('iroadmin.wood');
  });

  test('is an xlsx attachment that no one caches', async () => {
    const token = await server.signIn('iroadmin.wood');
    const res = await server.download(token, PATH);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="case-register-2024-03-15.xlsx"',
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    // A zip file (the OOXML container).
    expect(res.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  test('has a bold, frozen header row with an autofilter and set widths', () => {
    const { sheet, header } = register;
    expect(header).toEqual([
      'Case',
      'Child ref',
      'Initials',
      'Team',
      'Stage',
      'Allocated lawyer',
      'Lawyer email',
      "Children's Guardian",
      'Guardian email',
      'IRO',
      'IRO email',
      'Social worker',
      'Social worker email',
      'Overdue',
      'Due soon',
      'Open',
      'Last updated',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBeGreaterThan(0);
  });

  test('has a row per case of its teams', () => {
    expect(register.rows.map((r) => r.Case)).toEqual([...NORTH, 'C-1011'].sort());
  });

  test('names the lawyer, Guardian, IRO and social worker, with their e-mail addresses', () => {
    const c1003 = register.rows.find((r) => r.Case === 'C-1003')!;
    expect(c1003).toMatchObject({
      'Child ref': 'LCS-100300',
      Initials: 'E.F.',
      Team: 'north',
      Stage: 'proceedings',
      'Allocated lawyer': 'Lee Jones (lawyer)',
      'Lawyer email': 'lee.jones@council.example',
      "Children's Guardian": 'Jo Rivers (Children’s Guardian, CAFCASS)',
      'Guardian email': 'jo.rivers@cafcass.example',
      'IRO email': 'sam.patel@council.example',
      'Social worker email': 'omar.khan@council.example',
    });
    expect(String(c1003.IRO)).toMatch(/Sam Patel/);
    expect(c1003['Last updated']).toBeInstanceOf(Date);
    // No Guardian appointed yet: the cells are blank.
    const c1001 = register.rows.find((r) => r.Case === 'C-1001')!;
    expect(c1001["Children's Guardian"]).toBe('');
    expect(c1001['Guardian email']).toBe('');
    // The south case's lawyer.
    expect(register.rows.find((r) => r.Case === 'C-1011')).toMatchObject({
      'Lawyer email': 'ada.obi@council.example',
    });
  });

  test('derives the stage from the case log', () => {
    const stage = (id: string) => register.rows.find((r) => r.Case === id)!.Stage;
    expect(stage('C-1007')).toBe('concluded');
    expect(stage('C-1012')).toBe('proceedings');
  });

  test('counts overdue, due soon and open the same as the dashboard', async () => {
    const token = await server.signIn('iroadmin.wood');
    const list = await server.call(token, 'GET', '/api/cases?limit=200');
    for (const c of list.body.cases) {
      const row = register.rows.find((r) => r.Case === c.id)!;
      expect([row.Overdue, row['Due soon'], row.Open]).toEqual([
        c.counts.overdue,
        c.counts.dueSoon,
        c.counts.open,
      ]);
    }
    expect(register.rows.some((r) => (r.Overdue as number) > 0)).toBe(true);
  });

  test('knows the child only by reference and initials', () => {
    expect(register.header.some((h) => /name/i.test(h))).toBe(false);
    const words = DEMO_PEOPLE.flatMap((p) => p.displayName.split(/[\s(),]+/)).filter(
      (w) => w.length > 2,
    );
    for (const row of register.rows) {
      const initials = String(row.Initials);
      expect(initials).toMatch(/^(\p{Lu}\.){1,4}$/u);
      for (const w of words) expect(initials).not.toContain(w);
      expect(String(row['Child ref'])).toMatch(/^LCS-\d+$/);
    }
  });

  test('has an About sheet: when, by whom, and the protocol sentence', () => {
    const about = register.workbook.getWorksheet('About')!;
    const text: string[] = [];
    about.eachRow((row) => text.push((row.values as unknown[]).slice(1).join(' | ')));
    const all = text.join('\n');
    expect(all).toContain('2024-03-15T10:00:00+00:00');
    // By name, never by id.
    expect(all).toContain('Generated by | Kim Wood (IRO administrator)\n');
    expect(all).toContain(REGISTER_PROTOCOL_SENTENCE);
  });
});

describe('who gets which rows', () => {
  test('a manager of team north only does not get the south case', async () => {
    const { rows } = await download('ppm.lee');
    expect(rows.map((r) => r.Case)).toEqual(NORTH);
    expect(rows.every((r) => r.Team === 'north')).toBe(true);
    expect(rows.some((r) => r.Initials === 'W.X.')).toBe(false);
  });

  test('a lawyer gets the cases they are the allocated lawyer on', async () => {
    expect((await download('lawyer.jones')).rows.map((r) => r.Case)).toEqual(NORTH);
    expect((await download('lawyer.obi')).rows.map((r) => r.Case)).toEqual(['C-1011']);
  });

  test.each(['iro.patel', 'sw.khan', 'guardian.rivers', 'solicitor.ng'])(
    '%s is refused',
    async (personId) => {
      const token = await server.signIn(personId);
      const res = await server.call(token, 'GET', PATH);
      expect(res).toMatchObject({ status: 403, body: { code: 'report-forbidden' } });
    },
  );

  test('an unknown query parameter is a 400', async () => {
    const token = await server.signIn('iroadmin.wood');
    const res = await server.call(token, 'GET', `${PATH}?team=south`);
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid-request' } });
    expect(res.body.detail).toMatch(/^team: /);
  });
});

test('every download is in the audit trail with the cases it held', async () => {
  const audit = await server.store.readAudit(0, 100_000);
  const byLee = audit.filter(
    (e) => e.action === 'report.case-register' && e.actor.personId === 'ppm.lee',
  );
  expect(byLee).toHaveLength(1);
  expect(byLee[0]!.detail).toEqual({ cases: NORTH });
  expect(byLee[0]!.actor.surface).toBe('api');
  expect(
    audit.some((e) => e.action === 'report.case-register' && e.actor.personId === 'iro.patel'),
  ).toBe(false);
});
