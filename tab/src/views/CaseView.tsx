/**
 * One case: its parties with contact details, each obligation with its due instant, status, the
 * convention that counted it and the protocol sentence it comes from, acknowledgements and
 * deliveries (undelivered ones said plainly), and the event timeline. The viewer completes what
 * is on their role from the obligation's card, and records events below. Messages from the
 * mailboxes that may be protocol steps are listed as suggestions to confirm (the event is
 * recorded at the time the message was sent) or dismiss.
 *
 * One screen: a case's page.
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AlertUrgentRegular, CalendarClockRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { LIVE_STATUSES } from '../../../core/engine/obligation';
import { humanDuration, humanInstant, lateText } from '../../../core/time/human';
import { ROLE_TITLES } from '../../../core/vocabulary';
import { isPartyRole, type Holder } from '../../../core/parties/parties';
import { ApiError, type Api, type CaseViewJson, type SuggestionJson } from '../api';
import { CompleteObligation } from './CompleteObligation';
import { NO_CHILD_NAME } from './hints';
import { RecordEvent, eventLabel } from './RecordEvent';
import { SuggestedFromEmail } from './SuggestedFromEmail';
import { ViewHeading } from './ViewHeading';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingVerticalS, padding: 0 },
  item: { listStyleType: 'none' },
  quote: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
});

/** A breach: late and not done (overdue), or its occasion gone by without it (missed). */
const BREACH = new Set(['overdue', 'missed']);

const STATUS: Record<string, string> = {
  open: 'Open',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  met: 'Met',
  'met-late': 'Met late',
  missed: 'Missed',
  waived: 'Waived',
  'not-applicable': 'Not applicable',
};

export function CaseView({ api, caseId }: { api: Api; caseId: string }) {
  const styles = useStyles();
  const [view, setView] = useState<CaseViewJson | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loads, setLoads] = useState(0);
  const [notice, setNotice] = useState<string | undefined>();
  const [suggestions, setSuggestions] = useState<SuggestionJson[]>([]);
  const [suggestionsError, setSuggestionsError] = useState<string | undefined>();

  useEffect(() => {
    const path = `/api/cases/${encodeURIComponent(caseId)}`;
    api<CaseViewJson>('GET', path).then(setView, (e: Error) => setError(e.message));
    // The case shows without them if they cannot be had: they are an aid, not the record.
    api<{ suggestions: SuggestionJson[] }>('GET', `${path}/suggestions`).then(
      (r) => {
        setSuggestions(r.suggestions);
        setSuggestionsError(undefined);
      },
      (e: Error) => setSuggestionsError(e.message),
    );
  }, [api, caseId, loads]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          Case {caseId} could not be shown: {error}
        </MessageBarBody>
      </MessageBar>
    );
  if (!view) return <Spinner label={`Loading case ${caseId}`} />;
  const name = (id: string | undefined) =>
    view.parties.find((p) => p.personId === id)?.displayName ?? id ?? 'someone';
  return (
    <article aria-labelledby="case-title">
      <ViewHeading id="case-title">
        Case {view.case.id} ({view.case.childInitials})
      </ViewHeading>
      <Text>
        Child reference {view.case.childRef} · team {view.case.team}
      </Text>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {suggestionsError && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Suggestions from email could not be shown: {suggestionsError}
          </MessageBarBody>
        </MessageBar>
      )}

      <SuggestedFromEmail
        api={api}
        caseId={view.case.id}
        suggestions={suggestions.filter((s) => !s.resolution)}
        view={view}
        onResolved={(text) => {
          setNotice(text);
          setLoads((n) => n + 1);
        }}
      />

      <h2>Parties</h2>
      <ul className={styles.list}>
        {view.parties.map((p) => (
          <li key={`${p.personId}:${p.role}`} className={styles.item}>
            {ROLE_TITLES[p.role] ?? p.role}: {p.displayName}
            {p.email && (
              <>
                {' '}
                · <Link href={`mailto:${p.email}`}>{p.email}</Link>
              </>
            )}
          </li>
        ))}
      </ul>

      <h2>Obligations</h2>
      <ul className={styles.list}>
        {view.obligations.map((o) => {
          const deliveries = view.deliveries.filter((d) => d.obligation === o.id);
          const mine =
            LIVE_STATUSES.has(o.status) && o.responsible.some((r) => view.myRoles.includes(r));
          return (
            <li key={o.id} className={styles.item}>
              <Card>
                <CardHeader
                  header={<Text weight="semibold">{o.title}</Text>}
                  description={
                    <Text>{o.due ? `Due ${humanInstant(o.due)}` : 'No deadline set'}</Text>
                  }
                  action={
                    // The status in words, with an icon for the urgent ones: never colour alone.
                    <Badge
                      appearance={BREACH.has(o.status) ? 'filled' : 'outline'}
                      color={BREACH.has(o.status) ? 'danger' : 'brand'}
                      icon={
                        BREACH.has(o.status) ? (
                          <AlertUrgentRegular />
                        ) : o.status === 'due-soon' ? (
                          <CalendarClockRegular />
                        ) : undefined
                      }
                    >
                      {STATUS[o.status] ?? o.status}
                      {o.late && o.status !== 'met' ? `: ${lateText(o.late)}` : ''}
                    </Badge>
                  }
                />
                {/* The counting behind the date, for whoever needs to check it. */}
                <details>
                  <summary>How was this counted?</summary>
                  <Text>
                    {o.deadline.description}. Business days: {view.calendar.description}.
                  </Text>
                </details>
                {(o.status === 'missed' || o.status === 'not-applicable') && o.reason && (
                  <Text>{o.reason}</Text>
                )}
                {/* The engine's warnings: a limit on a bank holiday, a window cut short. */}
                {(o.warnings ?? []).map((w) => (
                  <Text key={w.code}>Note: {w.message}</Text>
                ))}
                {o.assignees && <Text>On: {holders(o.assignees)}</Text>}
                {o.addressees?.length ? <Text>For: {holders(o.addressees)}</Text> : null}
                {o.source.quotes[0] && (
                  <blockquote className={styles.quote}>
                    <Text size={200}>“{o.source.quotes[0]}”</Text>
                  </blockquote>
                )}
                {o.acknowledgements.map((a) => (
                  <Text key={a.event}>
                    Acknowledged by {name(a.by)}, {humanInstant(a.at)}
                  </Text>
                ))}
                {o.earlierAcknowledgements?.map((a) => (
                  <Text key={a.event}>
                    Acknowledged by {name(a.by)}, {humanInstant(a.at)}, when it was due{' '}
                    {humanInstant(a.due)} (the deadline has moved since)
                  </Text>
                ))}
                {deliveries.map((d) => (
                  <Text key={`${d.stage}:${d.recipient}`}>
                    {d.parkedAt
                      ? `${stageWords(d.stage)} not delivered to ${name(d.recipient)}: ${d.lastError ?? 'gave up'}`
                      : d.sentAt
                        ? `${stageWords(d.stage)} sent to ${name(d.recipient)} ${d.channel === 'teams' ? 'in Teams' : 'by email'}, ${humanInstant(d.sentAt)}`
                        : `${stageWords(d.stage)} to ${name(d.recipient)}: waiting to be sent`}
                  </Text>
                ))}
                {mine && (
                  <div>
                    <CompleteObligation
                      api={api}
                      obligation={o}
                      onDone={() => {
                        setNotice(`Recorded: ${o.title}.`);
                        setLoads((n) => n + 1);
                      }}
                    />
                  </div>
                )}
              </Card>
            </li>
          );
        })}
      </ul>

      <h2>Timeline</h2>
      <ol>
        {timeline(view.events).map((e) => {
          const retraction = view.events.find((r) => r.retracts === e.seq);
          return (
            <li key={e.seq}>
              {`${humanInstant(e.at)}: ${eventLabel(e.type)} (recorded by ${name(e.recordedBy)} via ${e.via}${lateBy(e)})`}
              {e.retracts !== undefined &&
                ` — retracts “${eventLabel(view.events[e.retracts]?.type ?? '')}”: ${e.reason}`}
              {retraction && ` — retracted by ${name(retraction.recordedBy)}: ${retraction.reason}`}
              {view.myRetractable.includes(e.seq) && (
                <Retract
                  api={api}
                  caseId={view.case.id}
                  seq={e.seq}
                  what={eventLabel(e.type)}
                  onDone={() => setLoads((n) => n + 1)}
                />
              )}
            </li>
          );
        })}
      </ol>

      <RecordEvent
        api={api}
        caseId={view.case.id}
        myEvents={view.myEvents}
        today={view.evaluatedAt.slice(0, 10)}
        onRecorded={() => setLoads((n) => n + 1)}
      />
    </article>
  );
}

/** What a notice was, in words: "new" → "Notice", "reminder-1" → "Reminder". */
function stageWords(stage: string | undefined): string {
  if (stage?.startsWith('reminder')) return 'Reminder';
  return (
    {
      new: 'Notice',
      moved: 'New date',
      overdue: 'Overdue notice',
      escalation: 'Escalation',
      'cannot-meet': "Can't meet this",
      handover: 'Handover',
    }[stage ?? ''] ?? 'Notice'
  );
}

type TimelineEvent = CaseViewJson['events'][number];

/** The log in the order things happened (it is kept in the order they were recorded). */
function timeline(events: TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
}

/** ", recorded 3 days later" for a late record (more than an hour after it happened). */
function lateBy(e: TimelineEvent): string {
  const late = Date.parse(e.recordedAt) - Date.parse(e.at);
  return late > 3_600_000 ? `, recorded ${humanDuration(late)} later` : '';
}

/**
 * Retract an event recorded by mistake, saying why: opened by its button, it records a
 * retraction (nothing is deleted) and the case is read again.
 */
function Retract({
  api,
  caseId,
  seq,
  what,
  onDone,
}: {
  api: Api;
  caseId: string;
  seq: number;
  what: string;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [sending, setSending] = useState(false);
  // One key per reason: Retract pressed again for the same words retracts once.
  const key = useMemo(() => crypto.randomUUID(), [reason]);
  if (!open)
    return (
      <Button size="small" appearance="subtle" onClick={() => setOpen(true)}>
        Recorded by mistake?
      </Button>
    );
  const send = async () => {
    setSending(true);
    try {
      await api(
        'POST',
        `/api/cases/${encodeURIComponent(caseId)}/events/${seq}/retract`,
        { reason: reason.trim() },
        { 'Idempotency-Key': `tab-${key}` },
      );
      onDone();
    } catch (e) {
      setProblem(e instanceof ApiError ? `Not retracted: ${e.detail}` : 'Not retracted.');
    } finally {
      setSending(false);
    }
  };
  return (
    <form
      aria-label={`Retract: ${what}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Field label="Why was it recorded by mistake?" required hint={NO_CHILD_NAME}>
        <Input value={reason} onChange={(_, d) => setReason(d.value)} />
      </Field>
      {problem && <Text role="alert">{problem}</Text>}
      <Button type="submit" disabled={!reason.trim() || sending}>
        Retract
      </Button>
      <Button appearance="subtle" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}

/** "Sam Patel (IRO), the team's IRO administrator": people by name, the rest by role. */
function holders(list: Holder[]): string {
  return list
    .map(
      (h) =>
        h.displayName ??
        (isPartyRole(h.role)
          ? `the ${ROLE_TITLES[h.role]} (nobody named yet)`
          : // The court is an addressee only: nobody in the directory holds it.
            h.role === 'court'
            ? 'the court'
            : `the team's ${ROLE_TITLES[h.role]}`),
    )
    .join(', ');
}
