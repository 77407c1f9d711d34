/**
 * "Late now", at the top of the dashboard: every overdue obligation on the manager's teams, the
 * latest first (as the server sends them) — what it is, on which case, who it is on, how late,
 * and who it has been escalated to, by name. Lateness is said in words beside the colour.
 * Only for those the report is for: anyone it refuses (403) simply has no such section.
 */
import {
  Badge,
  Button,
  Card,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AlertUrgentRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { LateItem, RoleHolders } from '../../../core/reports/late-now';
import { humanInstant, lateText } from '../../../core/time/human';
import { ROLE_TITLES } from '../../../core/vocabulary';
import { ApiError, type Api } from '../api';

/** How many are shown before "Show all": enough to act on, few enough to see the table below. */
export const LATE_NOW_FIRST = 10;

const useStyles = makeStyles({
  // As many cards a row as fit: one on a phone, several on a wide screen.
  list: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 22rem), 1fr))',
    gap: tokens.spacingVerticalS,
    padding: 0,
    margin: 0,
  },
  item: { listStyleType: 'none' },
  // Fluent's badge is one line high; the lateness may wrap on a phone.
  badge: { height: 'auto', minHeight: '20px', alignSelf: 'start' },
  more: { marginTop: tokens.spacingVerticalS },
});

export interface LateNowReport {
  generatedAt: string;
  teams: string[];
  /** How many are late in all; `items` are the latest of them. */
  total: number;
  items: LateItem[];
}

/** "Lee Jones (lawyer)"; "no lawyer on the case" already says the role. */
/** "Lawyer: Lee Jones", "IRO: nobody on the case": the role first, since names alone do not say it. */
export function whoText(h: RoleHolders): string {
  return `${ROLE_TITLES[h.role]}: ${h.names.length ? h.names.join(', ') : 'nobody on the case'}`;
}

export function LateNow({
  api,
  team,
  onOpenCase,
  ready = true,
}: {
  api: Api;
  /**
   * Asked for once the case table has its data: the list evaluates every case of the teams, and
   * the table is what a manager must see at once.
   */
  ready?: boolean;
  /** A channel tab's team: only that team's. */
  team?: string;
  onOpenCase?: (caseId: string) => void;
}) {
  const styles = useStyles();
  const [report, setReport] = useState<LateNowReport | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [forbidden, setForbidden] = useState(false);
  const [all, setAll] = useState(false);

  useEffect(() => {
    if (!ready) return;
    const q = team ? `?${new URLSearchParams({ team }).toString()}` : '';
    api<LateNowReport>('GET', `/api/reports/late-now${q}`).then(setReport, (e: Error) => {
      if (e instanceof ApiError && e.status === 403) setForbidden(true);
      else setError(e.message);
    });
  }, [api, team, ready]);

  if (forbidden) return null;
  const items = report?.items ?? [];
  const shown = all ? items : items.slice(0, LATE_NOW_FIRST);
  return (
    <section aria-labelledby="late-now">
      <h2 id="late-now">Late now{report && report.total > 0 ? ` (${report.total})` : ''}</h2>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>What is late could not be loaded: {error}</MessageBarBody>
        </MessageBar>
      )}
      {!report && !error && <Spinner size="small" label="Loading what is late" />}
      {report && items.length === 0 && <Text>Nothing is late on your teams.</Text>}
      {shown.length > 0 && (
        <ul className={styles.list} aria-label="Late now">
          {shown.map((i) => (
            <li key={i.obligationId} className={styles.item}>
              <Card size="small">
                <Badge className={styles.badge} color="danger" icon={<AlertUrgentRegular />}>
                  Overdue: {lateText(i.late)}
                </Badge>
                <Text weight="semibold">{i.title}</Text>
                <Text>
                  Case{' '}
                  {onOpenCase ? (
                    <Link onClick={() => onOpenCase(i.caseId)}>
                      {i.caseId} ({i.initials})
                    </Link>
                  ) : (
                    `${i.caseId} (${i.initials})`
                  )}
                  , {i.team} · due {humanInstant(i.due)}
                </Text>
                <Text>Responsible: {i.responsible.map(whoText).join('; ')}</Text>
                <Text>
                  Escalated to:{' '}
                  {i.escalatedTo.length ? i.escalatedTo.map(whoText).join('; ') : 'nobody'}
                </Text>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {items.length > LATE_NOW_FIRST && (
        // One button that stays where it is, so focus is not lost when the list grows or shrinks.
        <Button className={styles.more} onClick={() => setAll((a) => !a)}>
          {all
            ? `Show the ${LATE_NOW_FIRST} latest`
            : items.length < report!.total
              ? `Show the ${items.length} latest of ${report!.total}`
              : `Show all ${items.length}`}
        </Button>
      )}
    </section>
  );
}
