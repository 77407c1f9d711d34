/**
 * Record an event on a case: only the events the person's role records (the server says which)
 * and, for now, only those that need no more than when they happened. Events with more to say
 * (an order's type, a review's id, a filing's due date) are recorded from the bot or the API.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { instantFromLondon } from '../../../core/time/human';
import { ApiError, type Api } from '../api';

/** Events whose only field is when they happened. */
export const SIMPLE_EVENTS = new Set([
  'looked-after.started',
  'iro-service.notified',
  'court.notified-of-iro',
  'application.issued',
  'standard-directions.received',
  'standard-directions.sent-to-iro',
  'guardian-details.sent-to-iro',
  'draft.sent-to-iro',
  'iro.comments-returned',
  'concern.raised',
  'concern.resolved',
  'dispute.raised',
  'dispute.resolved',
  'court.informed-of-dispute',
  'iro-guardian.contact-made',
  'iro-guardian.discussion-held',
]);

export function RecordEvent({
  api,
  caseId,
  myEvents,
  today,
  onRecorded,
}: {
  api: Api;
  caseId: string;
  myEvents: string[];
  /** The date to offer first (YYYY-MM-DD, London). */
  today: string;
  onRecorded: () => void;
}) {
  const offered = useMemo(() => myEvents.filter((e) => SIMPLE_EVENTS.has(e)), [myEvents]);
  const [type, setType] = useState('');
  const [date, setDate] = useState(today);
  const [time, setTime] = useState('');
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();
  const key = useMemo(() => crypto.randomUUID(), [type, date, time]);
  if (!offered.length) return null;
  const at = instantFromLondon(date, time);

  const record = async () => {
    try {
      await api(
        'POST',
        `/api/cases/${encodeURIComponent(caseId)}/events`,
        { event: { type, at } },
        { 'Idempotency-Key': `tab-${key}` },
      );
      setMessage({ intent: 'success', text: `Recorded: ${type}.` });
      setType('');
      onRecorded();
    } catch (e) {
      setMessage({
        intent: 'error',
        text: e instanceof ApiError ? `Not recorded: ${e.detail}` : 'Not recorded.',
      });
    }
  };

  return (
    <form
      aria-labelledby="record-event"
      onSubmit={(e) => {
        e.preventDefault();
        void record();
      }}
    >
      <h2 id="record-event">Record an event</h2>
      {message && (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="What happened" required>
        <Select value={type} onChange={(_, d) => setType(d.value)}>
          <option value="">Choose an event</option>
          {offered.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Date" required>
        <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
      </Field>
      <Field label="Time (UK time)" required>
        <Input type="time" value={time} onChange={(_, d) => setTime(d.value)} />
      </Field>
      <Button appearance="primary" type="submit" disabled={!type || !at}>
        Record
      </Button>
    </form>
  );
}
