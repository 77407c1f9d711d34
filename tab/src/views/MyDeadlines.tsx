/**
 * What is on me, grouped Overdue / Today / This week / Later, with Acknowledge and Complete
 * inline (Complete with the small form the rule needs, if any). Status is said in words and with
 * an icon, never by colour alone.
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AlertUrgentRegular, CalendarClockRegular, CheckmarkRegular } from '@fluentui/react-icons';
import { useCallback, useEffect, useRef, useState } from 'react';
import { humanInstant, lateText } from '../../../core/time/human';
import { londonDay, parseInstant } from '../../../core/time/london';
import { ApiError, type Api, type Me, type MyObligation } from '../api';
import { CompleteObligation } from './CompleteObligation';
import { ViewHeading } from './ViewHeading';

const useStyles = makeStyles({
  group: { marginTop: tokens.spacingVerticalL },
  list: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
    padding: 0,
  },
  item: { listStyleType: 'none' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const GROUPS = ['Overdue', 'Today', 'This week', 'Later'] as const;
type Group = (typeof GROUPS)[number];

function instant(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const p = parseInstant(iso);
  return p.ok ? p.instant : undefined;
}

export function groupOf(item: MyObligation, now: number): Group {
  const o = item.obligation;
  if (o.status === 'overdue') return 'Overdue';
  const due = instant(o.due);
  if (due === undefined) return 'Later';
  if (londonDay(due) === londonDay(now)) return 'Today';
  return due - now <= 7 * 86_400_000 ? 'This week' : 'Later';
}

export function MyDeadlines({
  api,
  me,
  onOpenCase,
}: {
  api: Api;
  me: Me;
  onOpenCase?: (caseId: string) => void;
}) {
  const styles = useStyles();
  const [items, setItems] = useState<MyObligation[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  // A new object each time, so the same words said twice still move focus to them.
  const [notice, setNotice] = useState<{ text: string } | undefined>();

  const load = useCallback(() => {
    api<{ obligations: MyObligation[] }>('GET', '/api/me/obligations').then(
      (r) => setItems(r.obligations),
      (e: Error) => setError(e.message),
    );
  }, [api]);
  useEffect(load, [load]);

  // The button pressed goes (an acknowledged item leaves the list): focus moves to what happened,
  // rather than falling to the page.
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => noticeRef.current?.focus(), [notice]);

  const acknowledge = async (id: string) => {
    try {
      await api('POST', `/api/obligations/${encodeURIComponent(id)}/acknowledge`, {});
      setNotice({ text: 'Acknowledged.' });
      load();
    } catch (e) {
      setNotice({
        text: e instanceof ApiError ? `Nothing was changed: ${e.detail}` : 'Something went wrong.',
      });
    }
  };

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>Your deadlines could not be loaded: {error}</MessageBarBody>
      </MessageBar>
    );
  if (!items) return <Spinner label="Loading your deadlines" />;
  const now = instant(me.serverTime) ?? Date.now();
  return (
    <section aria-labelledby="my-deadlines">
      <ViewHeading id="my-deadlines">My deadlines</ViewHeading>
      {notice && (
        <MessageBar role="status" ref={noticeRef} tabIndex={-1}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {items.length === 0 && <Text>Nothing is on you at the moment.</Text>}
      {GROUPS.map((group) => {
        const inGroup = items.filter((i) => groupOf(i, now) === group);
        if (!inGroup.length) return null;
        return (
          <div key={group} className={styles.group}>
            <h2>
              {group} ({inGroup.length})
            </h2>
            <ul className={styles.list} aria-label={group}>
              {inGroup.map(({ case: c, obligation: o, as }) => (
                <li key={o.id} className={styles.item}>
                  <Card>
                    <CardHeader
                      header={
                        <Text weight="semibold">
                          {c.id} ({c.childInitials}) · {o.title}
                        </Text>
                      }
                      description={
                        <Text>
                          Due {humanInstant(o.due)}
                          {/* The engine's warnings: a limit on a bank holiday, a window cut short. */}
                          {(o.warnings ?? []).map((w) => ` · ${w.message}`).join('')}
                        </Text>
                      }
                      action={
                        o.status === 'overdue' ? (
                          <Badge color="danger" icon={<AlertUrgentRegular />}>
                            {o.late ? `Overdue: ${lateText(o.late)}` : 'Overdue'}
                          </Badge>
                        ) : o.status === 'due-soon' ? (
                          <Badge color="warning" icon={<CalendarClockRegular />}>
                            Due soon
                          </Badge>
                        ) : (
                          <Badge appearance="outline">Open</Badge>
                        )
                      }
                    />
                    <div className={styles.actions}>
                      {o.acknowledgements.some((a) => a.by === me.id) ? (
                        <Text>
                          <CheckmarkRegular aria-hidden /> Acknowledged
                        </Text>
                      ) : (
                        <Button onClick={() => void acknowledge(o.id)}>Acknowledge</Button>
                      )}
                      {onOpenCase && (
                        <Button appearance="subtle" onClick={() => onOpenCase(c.id)}>
                          Open case {c.id}
                        </Button>
                      )}
                      {as === 'responsible' && (
                        <CompleteObligation
                          api={api}
                          obligation={o}
                          onDone={() => {
                            setNotice({ text: `Recorded: ${o.title}.` });
                            load();
                          }}
                        />
                      )}
                    </div>
                  </Card>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
