/**
 * What is on me ("To do") and what I am only told of ("For your information"), in two tabs,
 * grouped by when it is due or by case, with filters (case, rule, status, a case reference) that
 * apply to both. Acknowledge and Complete (with the small form the rule needs, if any) are
 * inline; several items can be acknowledged at once. Status is said in words, never by colour
 * alone. Cards and a filter bar that wrap rather than a table, so it reads on a phone in Teams.
 *
 * One screen, its two tabs and their shared filters.
 */
import {
  Button,
  Checkbox,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Obligation } from '../../../core/engine/obligation';
import { ApiError, type Api, type Me, type MyObligation } from '../api';
import { useRequestKeys } from '../request-keys';
import { DeadlineCard } from './DeadlineCard';
import { DeadlineFilters } from './DeadlineFilters';
import {
  NO_FILTERS,
  caseLabel,
  grouped,
  instant,
  matches,
  type Filters,
  type GroupBy,
} from './deadline-groups';
import { DigestSetting } from './DigestSetting';
import { ViewHeading } from './ViewHeading';

const useStyles = makeStyles({
  summary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  bulk: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalM,
  },
  group: { marginTop: tokens.spacingVerticalL },
  list: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
    padding: 0,
  },
  item: { listStyleType: 'none' },
});

type View = 'todo' | 'fyi';

const acknowledgedByMe = (o: Obligation, me: Me) => o.acknowledgements.some((a) => a.by === me.id);

const problemOf = (e: unknown) =>
  e instanceof ApiError ? e.detail.replace(/\.$/, '') : 'something went wrong';

/** "Acknowledged 4. 1 could not be: C-1042 Send the minutes — the case is closed." */
export function bulkResult(done: number, failed: { item: MyObligation; problem: string }[]) {
  const said = `Acknowledged ${done}.`;
  if (!failed.length) return said;
  const which = failed
    .map(({ item, problem }) => `${item.case.id} ${item.obligation.title} — ${problem}`)
    .join('; ');
  return `${said} ${failed.length} could not be: ${which}.`;
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
  const [notice, setNotice] = useState<
    { text: string; intent?: 'success' | 'warning' | 'error' } | undefined
  >();
  const [view, setView] = useState<View>('todo');
  const [groupBy, setGroupBy] = useState<GroupBy>('due');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [sending, setSending] = useState(false);
  // Obligations being acknowledged: their buttons wait, and a second press sends nothing more.
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(new Set<string>());
  const keys = useRequestKeys();
  const ids = { todo: useId(), fyi: useId(), panel: useId() };

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
  // "Clear filters" goes once pressed: focus goes back to the start of the filters.
  const firstFilterRef = useRef<HTMLSelectElement>(null);

  /**
   * Acknowledges one obligation, once however often it is asked while the first is on its way
   * (false: it already is), with one key until the server answers: a retry after the connection
   * dropped is the same request.
   */
  const sendAcknowledgement = async (id: string): Promise<boolean> => {
    if (inFlight.current.has(id)) return false;
    inFlight.current.add(id);
    setPending(new Set(inFlight.current));
    try {
      await api(
        'POST',
        `/api/obligations/${encodeURIComponent(id)}/acknowledge`,
        {},
        {
          'Idempotency-Key': keys.keyFor(id),
        },
      );
      keys.settled(id);
      return true;
    } catch (e) {
      keys.settled(id, e);
      throw e;
    } finally {
      inFlight.current.delete(id);
      setPending(new Set(inFlight.current));
    }
  };

  const acknowledge = async (id: string) => {
    try {
      if (!(await sendAcknowledgement(id))) return;
      setNotice({ text: 'Acknowledged.' });
      load();
    } catch (e) {
      setNotice({
        text: e instanceof ApiError ? `Nothing was changed: ${e.detail}` : 'Something went wrong.',
        intent: 'error',
      });
    }
  };

  const acknowledgeAll = async (chosen: MyObligation[]) => {
    setSending(true);
    const failed: { item: MyObligation; problem: string }[] = [];
    // One after another: each is appended to its case's log at the version read, so two at once
    // on the same case would refuse each other. One already on its way (its own button) is not
    // sent again.
    for (const item of chosen) {
      try {
        await sendAcknowledgement(item.obligation.id);
      } catch (e) {
        failed.push({ item, problem: problemOf(e) });
      }
    }
    setSending(false);
    // What could not be done stays selected, to be tried again.
    setSelected(new Set(failed.map((f) => f.item.obligation.id)));
    setNotice({
      text: bulkResult(chosen.length - failed.length, failed),
      intent: failed.length ? 'warning' : 'success',
    });
    load();
  };

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>Your deadlines could not be loaded: {error}</MessageBarBody>
      </MessageBar>
    );
  if (!items) return <Spinner label="Loading your deadlines" />;
  const now = instant(me.serverTime) ?? Date.now();

  const cases = new Map(items.map((i) => [i.case.id, caseLabel(i.case)]));
  const rules = new Map(items.map((i) => [i.obligation.rule, i.obligation.title]));
  // A choice whose last item has gone (acknowledged, done) lapses, rather than hiding everything
  // behind a select that no longer offers it.
  const f: Filters = {
    ...filters,
    case: cases.has(filters.case) ? filters.case : '',
    rule: rules.has(filters.rule) ? filters.rule : '',
  };
  const filtered = Boolean(f.case || f.rule || f.status || f.search.trim());
  const matching = items.filter((i) => matches(i, f));
  const todo = matching.filter((i) => i.as === 'responsible');
  const fyi = matching.filter((i) => i.as === 'recipient');
  const groups = grouped(view === 'todo' ? todo : fyi, groupBy, now);
  const shown = groups.flatMap((g) => g.items);
  const selectable = shown.filter((i) => !acknowledgedByMe(i.obligation, me));
  // Only what can be seen is acted on: a selection hidden by a filter or the other tab stays out.
  const chosen = selectable.filter((i) => selected.has(i.obligation.id));
  const select = (which: MyObligation[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const i of which) {
        if (on) next.add(i.obligation.id);
        else next.delete(i.obligation.id);
      }
      return next;
    });
  const setFilter = (name: keyof Filters) => (value: string) =>
    setFilters((x) => ({ ...x, [name]: value }));

  return (
    <section aria-labelledby="my-deadlines">
      <ViewHeading id="my-deadlines">My deadlines</ViewHeading>
      {notice && (
        <MessageBar intent={notice.intent} role="status" ref={noticeRef} tabIndex={-1}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {items.length === 0 ? (
        <Text as="p">Nothing is on you at the moment.</Text>
      ) : (
        <>
          <DeadlineFilters
            groupBy={groupBy}
            setGroupBy={setGroupBy}
            filters={f}
            setFilter={setFilter}
            cases={cases}
            rules={rules}
            firstFilterRef={firstFilterRef}
          />
          <div className={styles.summary}>
            {/* Said as it changes, so someone typing a reference hears how many are left. */}
            <Text aria-live="polite">
              {filtered && `Showing ${matching.length} of ${items.length}`}
            </Text>
            {filtered && (
              <Button
                onClick={() => {
                  setFilters(NO_FILTERS);
                  firstFilterRef.current?.focus();
                }}
              >
                Clear filters
              </Button>
            )}
          </div>
          <TabList
            selectedValue={view}
            onTabSelect={(_, d) => setView(d.value as View)}
            aria-label="Whose it is"
          >
            <Tab id={ids.todo} value="todo" aria-controls={ids.panel}>
              To do ({todo.length})
            </Tab>
            <Tab id={ids.fyi} value="fyi" aria-controls={ids.panel}>
              For your information ({fyi.length})
            </Tab>
          </TabList>
          <div role="tabpanel" id={ids.panel} aria-labelledby={ids[view]}>
            {selectable.length > 0 && (
              <div className={styles.bulk}>
                <Checkbox
                  label="Select all shown"
                  checked={
                    chosen.length === 0
                      ? false
                      : chosen.length === selectable.length
                        ? true
                        : 'mixed'
                  }
                  onChange={(_, d) => select(selectable, d.checked === true)}
                />
                <Button
                  disabled={!chosen.length || sending}
                  onClick={() => void acknowledgeAll(chosen)}
                >
                  Acknowledge selected ({chosen.length})
                </Button>
              </div>
            )}
            {groups.length === 0 && (
              <Text as="p">
                {filtered
                  ? 'Nothing matches these filters.'
                  : view === 'todo'
                    ? 'Nothing is on you at the moment.'
                    : 'Nothing to tell you of at the moment.'}
              </Text>
            )}
            {groups.map((group) => (
              <div key={group.key} className={styles.group}>
                <h2>
                  {group.label} ({group.items.length})
                </h2>
                <ul className={styles.list} aria-label={group.label}>
                  {group.items.map((item) => (
                    <li key={item.obligation.id} className={styles.item}>
                      <DeadlineCard
                        api={api}
                        item={item}
                        acknowledged={acknowledgedByMe(item.obligation, me)}
                        acknowledging={pending.has(item.obligation.id)}
                        selected={selected.has(item.obligation.id)}
                        onSelect={(on) => select([item], on)}
                        onAcknowledge={() => void acknowledge(item.obligation.id)}
                        onOpenCase={onOpenCase}
                        onCompleted={() => {
                          setNotice({ text: `Recorded: ${item.obligation.title}.` });
                          load();
                        }}
                      />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </>
      )}
      <DigestSetting api={api} />
    </section>
  );
}
