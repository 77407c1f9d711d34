/**
 * An agreed frequency on a form: a number of days, weeks or months, sent as the event vocabulary
 * has it (P14D, P2W, P1M). Completing an obligation and recording an event (a discussion frequency
 * agreed) ask for it with these fields.
 */
import { Field, Input, Select } from '@fluentui/react-components';
import { useFormStyles } from './form-styles';

/** An agreed frequency as a person gives it: a number of days, weeks or months. */
export interface Frequency {
  count: string;
  unit: 'D' | 'W' | 'M';
}
export const NO_FREQUENCY: Frequency = { count: '', unit: 'W' };

/** As the event vocabulary has it (ISO 8601: P14D, P2W, P1M), or undefined if not 1–99. */
export function periodOf(f: Frequency): string | undefined {
  return /^[1-9][0-9]?$/.test(f.count.trim()) ? `P${f.count.trim()}${f.unit}` : undefined;
}

export function FrequencyFields({
  value,
  onChange,
  legend,
}: {
  value: Frequency;
  onChange: (v: Frequency) => void;
  legend: string;
}) {
  const styles = useFormStyles();
  return (
    <fieldset className={styles.fieldset}>
      <legend>{legend}</legend>
      <div className={styles.row}>
        <Field label="Every" required hint="A whole number from 1 to 99">
          <Input
            type="number"
            min={1}
            max={99}
            value={value.count}
            onChange={(_, d) => onChange({ ...value, count: d.value })}
          />
        </Field>
        <Field label="Days, weeks or months" required>
          <Select
            value={value.unit}
            onChange={(_, d) => onChange({ ...value, unit: d.value as Frequency['unit'] })}
          >
            <option value="D">days</option>
            <option value="W">weeks</option>
            <option value="M">months</option>
          </Select>
        </Field>
      </div>
    </fieldset>
  );
}
