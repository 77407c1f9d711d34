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

const useStyles = makeStyles({
  period: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(12rem, 2fr) 3fr 6rem',
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
  const [report, setReport] = useState<Report | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const q = new URLSearchParams();
    if (period.from) q.set('from', period.from);
    if (period.to) q.set('to', period.to);
    setReport(undefined);
    api<Report>('GET', `/api/reports/compliance?${q.toString()}`).then(
      (r) => (setReport(r), setError(undefined)),
      (e: Error) => setError(e.message),
    );
  }, [api, period]);

  return (
    <section aria-labelledby="compliance">
      <h2 id="compliance">Compliance</h2>
      <div className={styles.period}>
        <Field label="From">
          <Input
            type="date"
            value={period.from}
            onChange={(_, d) => setPeriod((p) => ({ ...p, from: d.value }))}
          />
        </Field>
        <Field label="To">
          <Input
            type="date"
            value={period.to}
            onChange={(_, d) => setPeriod((p) => ({ ...p, to: d.value }))}
          />
        </Field>
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => download('/api/reports/case-register.xlsx')}
        >
          Case register (spreadsheet)
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
            {report.period.from} to {report.period.to}: {percent(report.total.onTimeRate)} (
            {report.total.met} met, {report.total.metLate} late, {report.total.overdue} overdue,{' '}
            {report.total.waived} waived)
          </Text>
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
