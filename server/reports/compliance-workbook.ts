/**
 * The compliance figures and the late list as a workbook for managers to take to a meeting:
 * the period's total, the trend by month, by team and by rule, and every item late now with who it
 * is on. Children appear only by case reference and initials.
 */
import ExcelJS from 'exceljs';
import { holderText, lateText } from '../../core';
import type { ComplianceCounts, ComplianceReport } from '../../core/api/reports';
import type { LateNowReport } from './late-now';

const COUNT_COLUMNS = [
  { header: 'Met on time', key: 'met', width: 12 },
  { header: 'Met late', key: 'metLate', width: 10 },
  { header: 'Overdue', key: 'overdue', width: 10 },
  { header: 'Waived', key: 'waived', width: 10 },
  { header: 'Open', key: 'open', width: 8 },
  { header: 'On time', key: 'rate', width: 10 },
];

function counts(c: ComplianceCounts) {
  return { ...c, rate: c.onTimeRate ?? '' };
}

function sheet(
  workbook: ExcelJS.Workbook,
  name: string,
  first: { header: string; key: string; width: number }[],
  rows: Record<string, unknown>[],
  withCounts = true,
): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = withCounts ? [...first, ...COUNT_COLUMNS] : first;
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  if (withCounts) ws.getColumn('rate').numFmt = '0%';
}

export async function complianceWorkbook(
  report: ComplianceReport,
  late: LateNowReport,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'IRO Liaison';
  sheet(
    workbook,
    'Total',
    [{ header: 'Period', key: 'period', width: 28 }],
    [
      {
        period: `${report.period.from} to ${report.period.to} (not included)`,
        ...counts(report.total),
      },
    ],
  );
  sheet(
    workbook,
    'By month',
    [{ header: 'Month', key: 'month', width: 10 }],
    report.byMonth.map((m) => ({ month: m.month, ...counts(m) })),
  );
  sheet(
    workbook,
    'By team',
    [{ header: 'Team', key: 'team', width: 16 }],
    report.byTeam.map((t) => ({ team: t.team, ...counts(t) })),
  );
  sheet(
    workbook,
    'By rule',
    [{ header: 'Duty', key: 'title', width: 60 }],
    report.byRule.map((r) => ({ title: r.title, ...counts(r) })),
  );
  sheet(
    workbook,
    'Late now',
    [
      { header: 'Case', key: 'case', width: 16 },
      { header: 'Team', key: 'team', width: 12 },
      { header: 'Duty', key: 'title', width: 60 },
      { header: 'Due', key: 'due', width: 26 },
      { header: 'How late', key: 'late', width: 30 },
      { header: 'On', key: 'on', width: 40 },
      { header: 'Escalated to', key: 'escalated', width: 40 },
    ],
    late.items.map((i) => ({
      case: `${i.caseId} (${i.initials})`,
      team: i.team,
      title: i.title,
      due: i.due,
      late: lateText(i.late),
      on: i.responsible.map(holderText).join('; '),
      escalated: i.escalatedTo.map(holderText).join('; '),
    })),
    false,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
