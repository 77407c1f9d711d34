/**
 * Record an event on a case: only the events the person's role records (the server says which),
 * each with the fields the event vocabulary (`EVENT_SCHEMAS` in core/case-file.ts) gives it, from
 * one table (`EVENT_FORMS` in event-forms.ts). The server validates again; its reason is shown
 * when it refuses.
 *
 * One screen: the form for every event type, from one table.
 */
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { EventType } from '../../../core/case-file';
import { instantFromLondon } from '../../../core/time/human';
import { EVENT_TITLES } from '../../../core/event-words';
import type { Api } from '../api';
import { DateTimeFields } from './DateTimeFields';
import { notRecorded } from './CompleteObligation';
import { EVENT_FORMS, type EventField, type Recordable } from './event-forms';
import { FrequencyFields, NO_FREQUENCY, periodOf, type Frequency } from './FrequencyFields';
import { NO_PERSON, PersonFields, type PersonChoice } from './PersonFields';

/** Sent from Send IRO alert, which also records the filing date the alert announces. */
const RECORDED_ELSEWHERE = new Set<string>(['iro-alert.sent']);

/** An event type as people read it (the type itself if it is not one the app knows). */
export function eventLabel(type: string): string {
  return EVENT_TITLES[type as EventType] ?? type;
}

/** What the form holds for one event's fields, by field name. */
interface Values {
  text: Record<string, string>;
  ticks: Record<string, boolean>;
  person: PersonChoice;
  every: Frequency;
}
const EMPTY: Values = {
  text: {},
  ticks: {},
  person: NO_PERSON,
  every: NO_FREQUENCY,
};

const trimmed = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The event's own fields from what was typed, or undefined while a required one is missing. */
function fieldsOf(fields: EventField[], v: Values): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    let value: unknown;
    switch (f.kind) {
      case 'text':
      case 'select':
        value = trimmed(v.text[f.name]);
        break;
      case 'datetime':
        value = instantFromLondon(v.text[`${f.name}.date`] ?? '', v.text[`${f.name}.time`] ?? '');
        break;
      case 'boolean':
        value = f.required ? v.ticks[f.name] === true : v.ticks[f.name] || undefined;
        break;
      case 'checklist': {
        const ticked = (f.options ?? []).filter(([o]) => v.ticks[`${f.name}:${o}`]).map(([o]) => o);
        value = ticked.length ? ticked : undefined;
        break;
      }
      case 'frequency':
        value = periodOf(v.every);
        break;
      case 'person':
        value = v.person.id
          ? {
              name: v.person.name,
              id: v.person.id,
              ...(trimmed(v.person.phone) ? { phone: v.person.phone.trim() } : {}),
            }
          : undefined;
        break;
    }
    if (value === undefined) {
      if (f.required) return undefined;
    } else out[f.name] = value;
  }
  return out;
}

const useStyles = makeStyles({
  // One column that may shrink below its content: a select's longest option must not push a
  // phone's page sideways.
  form: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingVerticalS,
    maxWidth: '32rem',
  },
  select: { minWidth: 0, maxWidth: '100%' },
  fieldset: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr)',
    gap: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: tokens.spacingHorizontalM,
    margin: 0,
  },
});

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
  const styles = useStyles();
  const offered = useMemo(
    () =>
      myEvents.filter(
        (e): e is Recordable => Object.hasOwn(EVENT_FORMS, e) && !RECORDED_ELSEWHERE.has(e),
      ),
    [myEvents],
  );
  const [type, setType] = useState<Recordable | ''>('');
  const [date, setDate] = useState(today);
  const [time, setTime] = useState('');
  const [values, setValues] = useState<Values>(EMPTY);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string }>();
  const at = instantFromLondon(date, time);
  const form = type ? EVENT_FORMS[type] : undefined;
  const own = form ? fieldsOf(form.fields, values) : undefined;
  const event = type && at && own ? { type, at, ...own } : undefined;
  // One key per filled-in form: pressing Record again for the same event records it once.
  const key = useMemo(() => crypto.randomUUID(), [JSON.stringify(event ?? null)]);
  if (!offered.length) return null;

  const text = (name: string) => values.text[name] ?? '';
  const setText = (name: string, value: string) =>
    setValues((v) => ({ ...v, text: { ...v.text, [name]: value } }));
  const setTick = (name: string, value: boolean) =>
    setValues((v) => ({ ...v, ticks: { ...v.ticks, [name]: value } }));

  const record = async () => {
    if (!event) return;
    try {
      await api(
        'POST',
        `/api/cases/${encodeURIComponent(caseId)}/events`,
        { event },
        { 'Idempotency-Key': `tab-${key}` },
      );
      setMessage({ intent: 'success', text: `Recorded: ${EVENT_FORMS[event.type].label}.` });
      setType('');
      setValues(EMPTY);
      onRecorded();
    } catch (e) {
      // What was typed stays, to be corrected and sent again.
      setMessage({ intent: 'error', text: notRecorded(e) });
    }
  };

  const input = (f: EventField) => {
    switch (f.kind) {
      case 'text':
        return (
          <Field key={f.name} label={f.label} required={f.required} hint={f.hint}>
            <Input value={text(f.name)} onChange={(_, d) => setText(f.name, d.value)} />
          </Field>
        );
      case 'select':
        return (
          <Field key={f.name} label={f.label} required={f.required} hint={f.hint}>
            <Select
              className={styles.select}
              select={{ className: styles.select }}
              value={text(f.name)}
              onChange={(_, d) => setText(f.name, d.value)}
            >
              <option value="">Choose</option>
              {f.options?.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
        );
      case 'datetime':
        return (
          <fieldset key={f.name} className={styles.fieldset}>
            <legend>{f.label}</legend>
            <DateTimeFields
              dateLabel={`${f.label} date`}
              timeLabel={`${f.label} time (UK time)`}
              date={text(`${f.name}.date`)}
              time={text(`${f.name}.time`)}
              onDate={(d) => setText(`${f.name}.date`, d)}
              onTime={(t) => setText(`${f.name}.time`, t)}
              required={f.required}
            />
          </fieldset>
        );
      case 'boolean':
        return (
          <Checkbox
            key={f.name}
            label={f.label}
            checked={values.ticks[f.name] ?? false}
            onChange={(_, d) => setTick(f.name, d.checked === true)}
          />
        );
      case 'checklist':
        return (
          <fieldset key={f.name} className={styles.fieldset}>
            <legend>{f.label} (tick at least one)</legend>
            {f.options?.map(([value, label]) => (
              <Checkbox
                key={value}
                label={label}
                checked={values.ticks[`${f.name}:${value}`] ?? false}
                onChange={(_, d) => setTick(`${f.name}:${value}`, d.checked === true)}
              />
            ))}
          </fieldset>
        );
      case 'frequency':
        return (
          <FrequencyFields
            key={f.name}
            legend={f.label}
            value={values.every}
            onChange={(every) => setValues((v) => ({ ...v, every }))}
          />
        );
      case 'person':
        return (
          <PersonFields
            key={f.name}
            api={api}
            caseId={caseId}
            role={f.role!}
            legend={f.label}
            value={values.person}
            onChange={(person) => setValues((v) => ({ ...v, person }))}
          />
        );
    }
  };

  return (
    <form
      aria-labelledby="record-event"
      className={styles.form}
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
        <Select
          className={styles.select}
          select={{ className: styles.select }}
          value={type}
          onChange={(_, d) => {
            setType(d.value as Recordable | '');
            // Another event has other fields: start them afresh.
            setValues(EMPTY);
          }}
        >
          <option value="">Choose an event</option>
          {offered.map((e) => (
            <option key={e} value={e}>
              {EVENT_FORMS[e].label}
            </option>
          ))}
        </Select>
      </Field>
      <DateTimeFields
        dateLabel="Date it happened"
        timeLabel="Time it happened (UK time)"
        date={date}
        time={time}
        onDate={setDate}
        onTime={setTime}
        required
      />
      {form?.fields.map(input)}
      <Button appearance="primary" type="submit" disabled={!event}>
        Record
      </Button>
    </form>
  );
}
