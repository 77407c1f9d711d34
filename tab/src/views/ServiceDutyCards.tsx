/**
 * The cards of Service duties: a month's register of cases with legal input (download or open it,
 * and say the service has it) and a link meeting (with its "Record as held" form), each with its
 * status in words, with an icon for the urgent ones.
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  AlertUrgentRegular,
  ArrowDownloadRegular,
  CalendarClockRegular,
  ErrorCircleRegular,
} from '@fluentui/react-icons';
import { useId, useState } from 'react';
import type { ServiceDutyJson, ServiceDutyResult } from '../../../core/api/service';
import type { Service, ServiceDutyStatus } from '../../../core/service/service-duties';
import { humanDay, humanInstant, humanMonth, instantFromLondon } from '../../../core/time/human';
import { dayFromIsoDate } from '../../../core/time/london';
import { ApiError, type Api } from '../api';
import { DateTimeFields } from './DateTimeFields';

const useStyles = makeStyles({
  lines: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  form: { display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '32rem' },
  fieldset: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingHorizontalM,
    margin: 0,
    minWidth: 0,
  },
  fieldError: {
    display: 'flex',
    gap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    color: tokens.colorPaletteRedForeground1,
  },
});

/** A breach: late and not done (overdue), or its occasion gone by without it (missed). */
const BREACH = new Set<ServiceDutyStatus>(['overdue', 'missed']);
const MET = new Set<ServiceDutyStatus>(['met', 'met-late']);

/** The same words the case view uses for an obligation's status. */
const STATUS: Record<ServiceDutyStatus, string> = {
  open: 'Open',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  met: 'Met',
  'met-late': 'Met late',
  missed: 'Missed',
};

function StatusBadge({ status }: { status: ServiceDutyStatus }) {
  return (
    <Badge
      appearance={BREACH.has(status) ? 'filled' : 'outline'}
      color={BREACH.has(status) ? 'danger' : 'brand'}
      icon={
        BREACH.has(status) ? (
          <AlertUrgentRegular />
        ) : status === 'due-soon' ? (
          <CalendarClockRegular />
        ) : undefined
      }
    >
      {STATUS[status]}
    </Badge>
  );
}

/** The fields a refusal names (RFC 7807 `errors`). */
type FieldProblem = NonNullable<ApiError['errors']>[number];

function fieldProblems(e: unknown): FieldProblem[] {
  return e instanceof ApiError ? (e.errors ?? []) : [];
}

function refusal(e: unknown): string {
  return e instanceof ApiError
    ? `Not recorded: ${e.detail}`
    : 'Not recorded: something went wrong.';
}

/** Whether the register's file is served by this app, or kept elsewhere (SharePoint). */
function servedHere(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return true;
  }
}

export function RegisterCard({
  api,
  duty,
  mine,
  download,
  onDone,
}: {
  api: Api;
  duty: ServiceDutyJson;
  /** The services the viewer acts for. */
  mine: Service[];
  download: (path: string) => void;
  onDone: (r: ServiceDutyResult) => void;
}) {
  const styles = useStyles();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const register = duty.register!;
  const { produced } = register;
  const month = humanMonth(register.month);
  // Someone who acts for both services says which one has it; anyone else says "we".
  const both = mine.length > 1;
  const waiting = produced
    ? register.services.filter((s) => !s.has && mine.includes(s.service))
    : [];

  const confirm = async (service: Service) => {
    setSending(true);
    setProblem(undefined);
    try {
      onDone(
        await api<ServiceDutyResult>(
          'POST',
          `/api/service/registers/${register.month}/received`,
          both ? { service } : {},
        ),
      );
    } catch (e) {
      setProblem(refusal(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card>
      <CardHeader
        header={<Text weight="semibold">{duty.title}</Text>}
        description={<Text>Due {humanInstant(duty.due)}</Text>}
        action={<StatusBadge status={duty.status} />}
      />
      {produced ? (
        <Text>
          Produced {humanInstant(produced.at)}, with {produced.cases}{' '}
          {produced.cases === 1 ? 'case' : 'cases'}
        </Text>
      ) : (
        !duty.note && <Text>Not produced yet.</Text>
      )}
      {duty.note && <Text>{duty.note}</Text>}
      <ul className={styles.lines} aria-label="Who has it">
        {register.services.map((s) => (
          <li key={s.service}>
            {s.name}: {s.has ? `Yes — ${s.has.by}, ${humanInstant(s.has.at)}` : 'Not confirmed yet'}
          </li>
        ))}
      </ul>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {produced && (
        <div className={styles.actions}>
          {servedHere(produced.url) ? (
            <Button
              icon={<ArrowDownloadRegular />}
              aria-label={`Download the register for ${month} (spreadsheet)`}
              onClick={() => download(`/api/service/registers/${register.month}`)}
            >
              Download
            </Button>
          ) : (
            // Kept in SharePoint: the person opens it there with their own sign-in (the API
            // would only send them on to it, which a download from the tab cannot follow).
            <Link href={produced.url} target="_blank" rel="noreferrer">
              Open the register for {month} in SharePoint
            </Link>
          )}
          {waiting.map((s) => (
            <Button
              key={s.service}
              appearance="primary"
              disabled={sending}
              aria-label={`${both ? `${s.name} has it` : 'We have it'}: the register for ${month}`}
              onClick={() => void confirm(s.service)}
            >
              {both ? `${s.name} has it` : 'We have it'}
            </Button>
          ))}
        </div>
      )}
    </Card>
  );
}

export function MeetingCard({
  api,
  duty,
  mayRecord,
  onDone,
}: {
  api: Api;
  duty: ServiceDutyJson;
  mayRecord: boolean;
  onDone: (r: ServiceDutyResult) => void;
}) {
  const { held } = duty.meeting!;
  return (
    <Card>
      <CardHeader
        header={<Text weight="semibold">{duty.title}</Text>}
        description={<Text>Due {humanInstant(duty.due)}</Text>}
        action={<StatusBadge status={duty.status} />}
      />
      {held ? (
        <>
          <Text>
            Held {humanInstant(held.at)} (recorded by {held.by})
          </Text>
          <Text>
            {held.protocolReviewed
              ? 'The protocol was reviewed at the meeting.'
              : 'The protocol was not reviewed at the meeting.'}
          </Text>
        </>
      ) : (
        <Text>Not recorded as held yet.</Text>
      )}
      {duty.note && <Text>{duty.note}</Text>}
      {mayRecord && !MET.has(duty.status) && (
        <RecordMeeting api={api} duty={duty} onDone={onDone} />
      )}
    </Card>
  );
}

/** "Record as held": when (London time, the meeting's day to start with) and the protocol. */
function RecordMeeting({
  api,
  duty,
  onDone,
}: {
  api: Api;
  duty: ServiceDutyJson;
  onDone: (r: ServiceDutyResult) => void;
}) {
  const styles = useStyles();
  const { day } = duty.meeting!;
  const [date, setDate] = useState(day);
  const [time, setTime] = useState('');
  const [reviewed, setReviewed] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<{ text: string; fields: FieldProblem[] } | undefined>();
  const heldAt = instantFromLondon(date, time);
  const whenErrorId = useId();
  const said = humanDay(dayFromIsoDate(day));
  const fieldError = (path: string) => problem?.fields.find((f) => f.path === path)?.message;
  const whenError = fieldError('heldAt');
  const reviewedError = fieldError('protocolReviewed');

  const send = async () => {
    if (!heldAt) return;
    setSending(true);
    setProblem(undefined);
    try {
      onDone(
        await api<ServiceDutyResult>('POST', `/api/service/link-meetings/${day}/held`, {
          heldAt,
          protocolReviewed: reviewed,
        }),
      );
    } catch (e) {
      // What was entered stays, to be corrected and sent again.
      setProblem({ text: refusal(e), fields: fieldProblems(e) });
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className={styles.form}
      aria-label={`Record the link meeting of ${said} as held`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Text weight="semibold">Record as held</Text>
      {problem && (
        <MessageBar intent="error">
          <MessageBarBody>{problem.text}</MessageBarBody>
        </MessageBar>
      )}
      <fieldset className={styles.fieldset} aria-describedby={whenError ? whenErrorId : undefined}>
        <legend>When it was held</legend>
        <DateTimeFields
          dateLabel="Date held"
          timeLabel="Time held (UK time)"
          date={date}
          time={time}
          onDate={setDate}
          onTime={setTime}
          required
        />
        {whenError && (
          <Text id={whenErrorId} role="alert" className={styles.fieldError}>
            <ErrorCircleRegular aria-hidden /> When it was held {whenError}
          </Text>
        )}
      </fieldset>
      <Field
        validationMessage={reviewedError && `Whether the protocol was reviewed ${reviewedError}`}
      >
        <Checkbox
          label="The protocol was reviewed at the meeting"
          checked={reviewed}
          onChange={(_, d) => setReviewed(d.checked === true)}
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={!heldAt || sending}>
          Record
        </Button>
      </div>
    </form>
  );
}
