/**
 * Managers' compliance panel: the on-time rate per team and per rule over a chosen period, as
 * bars with the numbers beside them (the chart never carries meaning by colour or length alone),
 * and the monthly case register the protocol asks for, as a spreadsheet download.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type {
  ComplianceCounts as Counts,
  ComplianceReport as Report,
} from '../../../core/api/reports';
import type { Api } from '../api';
import { humanDate, humanMonth } from '../../../core/time/human';

/** The London day after (or before) a YYYY-MM-DD date. */
function dayAfter(date: string, days = 1): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const useStyles = makeStyles({
  // Wraps on a phone rather than pushing the page sideways.
  period: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(0, 3fr) 6rem',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    marginTop: tokens.spacingVerticalXS,
  },
  list: { padding: 0, margin: 0 },
  item: { listStyleType: 'none' },
});

function percent(rate: number | null): string {
  return rate === null ? 'nothing due' : `${Math.round(rate * 100)}% on time`;
}

function Bars({ label, rows }: { label: string; rows: { name: string; counts: Counts }[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {rows.map(({ name, counts }) => (
        <li key={name} className={`${styles.row} ${styles.item}`}>
          <Text>{name}</Text>
          <ProgressBar
            value={counts.onTimeRate ?? 0}
            max={1}
            thickness="large"
            aria-label={`${name}: ${percent(counts.onTimeRate)}`}
          />
          <Text>{percent(counts.onTimeRate)}</Text>
        </li>
      ))}
    </ul>
  );
}

export function Compliance({ api, download }: { api: Api; download: (path: string) => void }) {
  const styles = useStyles();
  const [period, setPeriod] = useState({ from: '', to: '' });
  const [touched, setTouched] = useState(false);
  const [report, setReport] = useState<Report | undefined>();
  const [error, setError] = useState<string | undefined>();

  // The period as asked for; the boxes show the one the report covers (its `to` is the day after).
  const query = new URLSearchParams();
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', dayAfter(period.to));
  const asked = query.toString();
  useEffect(() => {
    setReport(undefined);
    api<Report>('GET', `/api/reports/compliance?${asked}`).then(
      (r) => (setReport(r), setError(undefined)),
      (e: Error) => setError(e.message),
    );
  }, [api, asked]);
  // Until the person changes them, the boxes show the period of the report in front of them.
  const covered = report
    ? { from: report.period.from, to: dayAfter(report.period.to, -1) }
    : { from: '', to: '' };
  const shown = touched ? period : covered;
  const change = (field: 'from' | 'to', value: string) => {
    setPeriod({ ...shown, [field]: value });
    setTouched(true);
  };

  return (
    <section aria-labelledby="compliance">
      <h2 id="compliance">Compliance</h2>
      <div className={styles.period}>
        <Field label="From">
          <Input type="date" value={shown.from} onChange={(_, d) => change('from', d.value)} />
        </Field>
        <Field label="To (included)">
          <Input type="date" value={shown.to} onChange={(_, d) => change('to', d.value)} />
        </Field>
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => download('/api/reports/case-register.xlsx')}
        >
          Case register (spreadsheet)
        </Button>
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => download(`/api/reports/compliance.xlsx?${asked}`)}
        >
          These figures and the late list (spreadsheet)
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>The report could not be made: {error}</MessageBarBody>
        </MessageBar>
      )}
      {!report && !error && <Spinner label="Working out compliance" />}
      {report && (
        <>
          <Text>
            {humanDate(report.period.from)} to {humanDate(dayAfter(report.period.to, -1))}:{' '}
            {percent(report.total.onTimeRate)} ({report.total.met} met, {report.total.metLate} late,{' '}
            {report.total.overdue} overdue, {report.total.waived} waived)
          </Text>
          <h3>By month</h3>
          <Bars
            label="On-time rate by month"
            rows={(report.byMonth ?? []).map((m) => ({ name: humanMonth(m.month), counts: m }))}
          />
          <h3>By team</h3>
          <Bars
            label="On-time rate by team"
            rows={report.byTeam.map((t) => ({ name: t.team, counts: t }))}
          />
          <h3>By rule</h3>
          <Bars
            label="On-time rate by rule"
            rows={report.byRule.map((r) => ({ name: r.title, counts: r }))}
          />
        </>
      )}
    </section>
  );
}
