/**
 * The lawyer's Send IRO alert: pick the case, enter the final-evidence filing date and time, see
 * the draft-by date and the comment window computed by the server as they type, then send. A
 * second press of Send sends nothing twice (the request carries one key per form). Signed in
 * with Microsoft 365, the lawyer may also have the alert emailed to the IRO from their own
 * mailbox, as the protocol describes; the alert is recorded either way, and the answer says
 * whether the email went.
 */
import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { toldOfAlertText } from '../../../core/notices/told';
import { humanInstant, instantFromLondon } from '../../../core/time/human';
import { ApiError, type Api, type CaseJson, type IroAlertDates, type Me } from '../api';
import { DateTimeFields } from './DateTimeFields';
import { ViewHeading } from './ViewHeading';

export function SendIroAlert({ api, me }: { api: Api; me: Me }) {
  const [cases, setCases] = useState<CaseJson[] | undefined>();
  const [caseId, setCaseId] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('16:00');
  const [preview, setPreview] = useState<IroAlertDates | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [sent, setSent] = useState<SentAlert | undefined>();
  const [emailIro, setEmailIro] = useState(me.emailAsMe);
  // One key per filled-in form: pressing Send again for the same form sends nothing twice.
  const key = useMemo(() => crypto.randomUUID(), [caseId, date, time]);
  const filingDue = instantFromLondon(date, time);

  useEffect(() => {
    api<{ cases: CaseJson[] }>('GET', '/api/cases?limit=200').then(
      (r) =>
        setCases(
          r.cases.filter((c) =>
            c.members.some((m) => m.personId === me.id && m.role.includes('lawyer')),
          ),
        ),
      (e: Error) => setProblem(e.message),
    );
  }, [api, me.id]);

  useEffect(() => {
    setPreview(undefined);
    if (!caseId || !filingDue) return;
    let current = true;
    api<IroAlertDates>('POST', `/api/cases/${encodeURIComponent(caseId)}/iro-alert/preview`, {
      filingDue,
    }).then(
      (p) => current && (setPreview(p), setProblem(undefined)),
      (e: Error) => current && setProblem(e.message),
    );
    return () => {
      current = false;
    };
  }, [api, caseId, filingDue]);

  const send = async () => {
    try {
      const res = await fetchSend(api, caseId, filingDue!, key, me.emailAsMe && emailIro);
      setSent(res);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'The alert could not be sent.');
    }
  };

  if (!cases)
    return problem ? <Text role="alert">{problem}</Text> : <Spinner label="Loading your cases" />;
  return (
    <section aria-labelledby="send-iro-alert">
      <ViewHeading id="send-iro-alert">Send IRO alert</ViewHeading>
      {sent ? (
        <>
          <MessageBar intent="success">
            <MessageBarBody>
              IRO alert sent. The draft must reach the IRO by {humanInstant(sent.draftToIroBy)}.{' '}
              {toldOfAlertText(sent.told ?? [])}
              {sent.email?.sent && ' The IRO was emailed from your mailbox too.'}
            </MessageBarBody>
          </MessageBar>
          {sent.email && !sent.email.sent && (
            <MessageBar intent="warning">
              <MessageBarBody>
                The email to the IRO did not go: {sent.email.reason} The alert is recorded and the
                IRO has the card.
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Field label="Case" required>
            <Select value={caseId} onChange={(_, d) => setCaseId(d.value)}>
              <option value="">Choose the case</option>
              {cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} ({c.childInitials})
                </option>
              ))}
            </Select>
          </Field>
          <DateTimeFields
            dateLabel="Final evidence filing date"
            timeLabel="Filing time (UK time)"
            date={date}
            time={time}
            onDate={setDate}
            onTime={setTime}
            required
          />
          {problem && (
            <MessageBar intent="error">
              <MessageBarBody>{problem}</MessageBarBody>
            </MessageBar>
          )}
          {preview && (
            <dl aria-label="Dates the alert will give">
              <dt>Final evidence due</dt>
              <dd>{humanInstant(preview.filingDue)}</dd>
              <dt>Draft to the IRO by</dt>
              <dd>{humanInstant(preview.draftToIroBy)}</dd>
              <dt>IRO&apos;s comments due (if the draft arrives on time)</dt>
              <dd>{humanInstant(preview.commentsDueIfDraftOnTime)}</dd>
              {preview.commentWindowCompressed && (
                <dd>The 24-hour comment window would run past the filing time.</dd>
              )}
              <dt>Who is told</dt>
              <dd>{toldOfAlertText(preview.told ?? [])}</dd>
            </dl>
          )}
          {(preview?.warnings ?? []).map((w) => (
            <MessageBar key={w} intent="warning">
              <MessageBarBody>{w}</MessageBarBody>
            </MessageBar>
          ))}
          {me.emailAsMe && (
            <Checkbox
              label="Also email the IRO from my mailbox"
              checked={emailIro}
              onChange={(_, d) => setEmailIro(d.checked === true)}
            />
          )}
          <Button appearance="primary" type="submit" disabled={!preview}>
            Send IRO alert
          </Button>
        </form>
      )}
    </section>
  );
}

type SentAlert = IroAlertDates & { email?: { sent: boolean; reason?: string } };

function fetchSend(api: Api, caseId: string, filingDue: string, key: string, emailIro: boolean) {
  return api<SentAlert>(
    'POST',
    `/api/cases/${encodeURIComponent(caseId)}/iro-alert`,
    emailIro ? { filingDue, emailIro } : { filingDue },
    { 'Idempotency-Key': `tab-${key}` },
  );
}
