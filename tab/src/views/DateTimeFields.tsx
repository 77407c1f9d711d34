/** A date and a time of day in the UK, as two labelled inputs (forms send them as one instant). */
import { Field, Input } from '@fluentui/react-components';

export function DateTimeFields(props: {
  dateLabel: string;
  timeLabel: string;
  date: string;
  time: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  required?: boolean;
}) {
  return (
    <>
      <Field label={props.dateLabel} required={props.required}>
        <Input type="date" value={props.date} onChange={(_, d) => props.onDate(d.value)} />
      </Field>
      <Field label={props.timeLabel} required={props.required}>
        <Input type="time" value={props.time} onChange={(_, d) => props.onTime(d.value)} />
      </Field>
    </>
  );
}
