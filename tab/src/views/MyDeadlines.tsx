/**
 * What is on me, grouped Overdue / Today / This week / Later, with Acknowledge and Complete
 * inline. Status is said in words and with an icon, never by colour alone.
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
import { useCallback, useEffect, useState } from 'react';
import { humanInstant } from '../../../core/time/human';
import { londonDay, parseInstant } from '../../../core/time/london';
import { ApiError, completionOf, type Api, type Me, type MyObligation } from '../api';

const useStyles = makeStyles({
  group: { marginTop: tokens.spacingVerticalL },
  list: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
    padding: 0,
  },
  item: { listStyleType: 'none' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
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
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(() => {
    api<{ obligations: MyObligation[] }>('GET', '/api/me/obligations').then(
      (r) => setItems(r.obligations),
      (e: Error) => setError(e.message),
    );
  }, [api]);
  useEffect(load, [load]);

  const act = async (id: string, action: 'acknowledge' | 'complete') => {
    try {
      await api('POST', `/api/obligations/${encodeURIComponent(id)}/${action}`, {});
      setNotice(action === 'acknowledge' ? 'Acknowledged.' : 'Recorded as done.');
      load();
    } catch (e) {
      setNotice(
        e instanceof ApiError ? `Nothing was changed: ${e.detail}` : 'Something went wrong.',
      );
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
      <h1 id="my-deadlines">My deadlines</h1>
      {notice && (
        <MessageBar role="status">
          <MessageBarBody>{notice}</MessageBarBody>
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
                          Due {o.due ? humanInstant(o.due) : 'when the council sets a target'}
                        </Text>
                      }
                      action={
                        o.status === 'overdue' ? (
                          <Badge color="danger" icon={<AlertUrgentRegular />}>
                            Overdue
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
                        <Button onClick={() => void act(o.id, 'acknowledge')}>Acknowledge</Button>
                      )}
                      {as === 'responsible' && completionOf(o)?.form === 'none' ? (
                        <Button appearance="primary" onClick={() => void act(o.id, 'complete')}>
                          {completionOf(o)!.title}
                        </Button>
                      ) : null}
                      {onOpenCase && (
                        <Button appearance="subtle" onClick={() => onOpenCase(c.id)}>
                          Open case {c.id}
                        </Button>
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
