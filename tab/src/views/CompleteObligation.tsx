/**
 * Completing an obligation from the tab, with what the server's completion table
 * (core/rules/completion.ts) asks for: a plain button where nothing more is needed, and a small
 * form, opened by the button, for an allocation (which IRO), a checklist (which documents), an
 * agreed frequency, or a review whose reference is not yet known. Each filled-in form is sent
 * with its own Idempotency-Key, so pressing twice records once; a refusal is shown with the
 * server's reason and what was typed stays.
 *
 * One screen: every completion form, from the server's completion table.
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
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Obligation } from '../../../core/engine/obligation';
import { instantFromLondon } from '../../../core/time/human';
import { notNeededChoices } from '../../../core/rules/completion';
import { ApiError, completionOf, type Api } from '../api';
import { DateTimeFields } from './DateTimeFields';
import { useFormStyles } from './form-styles';
import { FrequencyFields, NO_FREQUENCY, periodOf } from './FrequencyFields';
import { NO_PERSON, PersonFields } from './PersonFields';

const useStyles = makeStyles({
  form: {
    // In a row of buttons, the form takes a line of its own.
    flexBasis: '100%',
    display: 'grid',
    gap: tokens.spacingVerticalS,
    maxWidth: '32rem',
    marginTop: tokens.spacingVerticalS,
  },
});

/** What a failed request says to a person. */
export function notRecorded(e: unknown): string {
  return e instanceof ApiError
    ? `Not recorded: ${e.detail}`
    : 'Not recorded: something went wrong.';
}

// ---- the component ---------------------------------------------------------------------------

/**
 * The occurrence part of an obligation id (`<case>:<rule>:<occurrence>`), as the server reads it.
 * A review rule's occurrence is `after-<previous review>` (or absent for the first review), so
 * the review being recorded is a new one and needs its reference from the person.
 */
function reviewIdKnown(o: Pick<Obligation, 'id' | 'rule'>): boolean {
  const marker = `:${o.rule}:`;
  const at = o.id.indexOf(marker);
  if (at === -1) return false;
  return !o.id.slice(at + marker.length).startsWith('after-');
}

export function CompleteObligation({
  api,
  obligation,
  onDone,
}: {
  api: Api;
  obligation: Obligation;
  /** Called once it is recorded (the caller says so and reloads). */
  onDone: () => void;
}) {
  const styles = useStyles();
  const formStyles = useFormStyles();
  const formId = useId();
  const completion = completionOf(obligation);
  const form =
    completion?.form === 'review' && reviewIdKnown(obligation) ? 'none' : completion?.form;
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [iro, setIro] = useState(NO_PERSON);
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const [every, setEvery] = useState(NO_FREQUENCY);
  const [review, setReview] = useState('');
  // A recommended LPM: listed (for a date and time) or decided against.
  const [decision, setDecision] = useState('');
  const [lpmOn, setLpmOn] = useState('');
  const [lpmAt, setLpmAt] = useState('');
  // When it happened: empty is now; given, it is recorded as happening then (a late record).
  const [whenDate, setWhenDate] = useState('');
  const [whenTime, setWhenTime] = useState('');
  const when = whenDate || whenTime ? instantFromLondon(whenDate, whenTime) : undefined;
  const whenUnclear = (whenDate !== '' || whenTime !== '') && when === undefined;

  // The `inputs` completionEvents reads: undefined while something required is missing.
  const inputs = ((): Record<string, string | boolean> | undefined => {
    switch (form) {
      case 'allocation': {
        if (!iro.id) return undefined;
        const out: Record<string, string> = { iro: iro.id };
        if (iro.phone.trim()) out.phone = iro.phone.trim();
        return out;
      }
      case 'checklist': {
        const items = (obligation.checklist ?? []).filter((c) => !c.done && ticked[c.item]);
        const notNeeded = notNeededChoices(obligation).filter(
          (c) => !ticked[c.item] && ticked[`notNeeded:${c.item}`],
        );
        return items.length || notNeeded.length
          ? Object.fromEntries(
              [
                ...items.map((c) => `item:${c.item}`),
                ...notNeeded.map((c) => `notNeeded:${c.item}`),
              ].map((name): [string, boolean] => [name, true]),
            )
          : undefined;
      }
      case 'frequency': {
        const period = periodOf(every);
        return period ? { every: period } : undefined;
      }
      case 'review':
        return review.trim() ? { review: review.trim() } : undefined;
      case 'lpm':
        if (decision === 'not-needed') return { decision };
        return decision === 'listed' && instantFromLondon(lpmOn, lpmAt)
          ? { decision, lpmOn, lpmAt }
          : undefined;
      default:
        return {};
    }
  })();
  const filled = JSON.stringify([inputs ?? null, when ?? null]);
  // One key per filled-in form: pressing again for the same inputs records nothing twice.
  const key = useMemo(() => crypto.randomUUID(), [filled]);

  if (!completion || !form) return null;

  // Closing by Cancel or Escape puts focus back on the button that opened the form.
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const send = async () => {
    if (!inputs || whenUnclear) return;
    setSending(true);
    try {
      await api(
        'POST',
        `/api/obligations/${encodeURIComponent(obligation.id)}/complete`,
        when ? { inputs, at: when } : { inputs },
        { 'Idempotency-Key': `tab-${key}` },
      );
      setProblem(undefined);
      setOpen(false);
      // A time given for this record is not the time of the next one.
      setWhenDate('');
      setWhenTime('');
      onDone();
    } catch (e) {
      setProblem(notRecorded(e));
    } finally {
      setSending(false);
    }
  };

  const error = problem && (
    <MessageBar intent="error">
      <MessageBarBody>{problem}</MessageBarBody>
    </MessageBar>
  );

  /** The opened form: its fields, what went wrong, Record (while it can be sent) and Cancel. */
  const opened = (label: string, incomplete: boolean, body: ReactNode) => (
    <form
      id={formId}
      className={styles.form}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      {body}
      {error}
      <div className={formStyles.row}>
        <Button appearance="primary" type="submit" disabled={incomplete || sending}>
          Record
        </Button>
        <Button onClick={close}>Cancel</Button>
      </div>
    </form>
  );

  const whenFields = (
    <fieldset className={formStyles.fieldset}>
      <legend>When did this happen?{form === 'none' ? '' : ' (leave empty for just now)'}</legend>
      <DateTimeFields
        dateLabel="Date it happened"
        timeLabel="Time it happened (UK time)"
        date={whenDate}
        time={whenTime}
        onDate={setWhenDate}
        onTime={setWhenTime}
        required={form === 'none'}
      />
    </fieldset>
  );

  // Nothing to fill in: done now with one press, or done earlier, saying when.
  if (form === 'none')
    return (
      <>
        <Button appearance="primary" disabled={sending} onClick={() => void send()}>
          {completion.title}
        </Button>
        <Button
          ref={toggle}
          appearance="subtle"
          aria-expanded={open}
          aria-controls={formId}
          onClick={() => setOpen((o) => !o)}
        >
          Done earlier?
        </Button>
        {open && opened(`${completion.title} earlier: ${obligation.title}`, !when, whenFields)}
        {!open && error}
      </>
    );

  let fields: ReactNode;
  switch (form) {
    case 'allocation':
      fields = (
        <PersonFields
          api={api}
          caseId={obligation.id.split(':')[0]!}
          role="iro"
          value={iro}
          onChange={setIro}
          legend="The allocated IRO"
        />
      );
      break;
    case 'checklist':
      fields = (
        <fieldset className={formStyles.fieldset}>
          <legend>Tick each one done now</legend>
          {(obligation.checklist ?? []).map((c) =>
            c.done ? (
              <Checkbox key={c.item} checked disabled label={`${c.label} (already recorded)`} />
            ) : (
              <Checkbox
                key={c.item}
                checked={ticked[c.item] ?? false}
                onChange={(_, d) => setTicked((t) => ({ ...t, [c.item]: d.checked === true }))}
                label={c.condition ? `${c.label} (${c.condition})` : c.label}
              />
            ),
          )}
          {/* A condition is answered, never assumed: "none was prepared" is recorded too. */}
          {notNeededChoices(obligation).map((c) => (
            <Checkbox
              key={`notNeeded:${c.item}`}
              checked={ticked[`notNeeded:${c.item}`] ?? false}
              onChange={(_, d) =>
                setTicked((t) => ({ ...t, [`notNeeded:${c.item}`]: d.checked === true }))
              }
              label={c.title}
            />
          ))}
        </fieldset>
      );
      break;
    case 'frequency':
      fields = <FrequencyFields value={every} onChange={setEvery} legend="How often to talk" />;
      break;
    case 'lpm':
      fields = (
        <fieldset className={formStyles.fieldset}>
          <legend>What was decided</legend>
          <Field label="Decision" required>
            <Select value={decision} onChange={(_, d) => setDecision(d.value)}>
              <option value="">Choose</option>
              <option value="listed">The LPM is listed</option>
              <option value="not-needed">The social work team decided it is not needed</option>
            </Select>
          </Field>
          {decision === 'listed' && (
            <DateTimeFields
              dateLabel="LPM date"
              timeLabel="LPM time (UK time)"
              date={lpmOn}
              time={lpmAt}
              onDate={setLpmOn}
              onTime={setLpmAt}
              required
            />
          )}
        </fieldset>
      );
      break;
    case 'review':
      fields = (
        <Field
          label="Review reference"
          required
          hint="As the case system knows the review, e.g. R3 (letters, digits, . _ -)"
        >
          <Input value={review} onChange={(_, d) => setReview(d.value)} />
        </Field>
      );
      break;
  }

  return (
    <>
      <Button
        ref={toggle}
        appearance={open ? 'secondary' : 'primary'}
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen((o) => !o)}
      >
        {completion.title}
      </Button>
      {open &&
        opened(
          `${completion.title}: ${obligation.title}`,
          !inputs || whenUnclear,
          <>
            {fields}
            {whenFields}
          </>,
        )}
    </>
  );
}
