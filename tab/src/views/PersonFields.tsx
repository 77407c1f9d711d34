/**
 * A party named on a form: a person from the directory who may hold the role on the case, and a
 * phone number if given. Completing an obligation (the allocated IRO) and recording an event (a
 * party allocated or appointed) name parties with it.
 */
import {
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { PartyRole } from '../../../core/parties/parties';
import { A_ROLE, ROLE_TITLES } from '../../../core/vocabulary';
import { ApiError, type Api, type PersonSummary } from '../api';
import { useFormStyles } from './form-styles';

/** A party as a form holds it: a person from the directory, and a phone number if given. */
export interface PersonChoice {
  id: string;
  name: string;
  phone: string;
}
export const NO_PERSON: PersonChoice = { id: '', name: '', phone: '' };

/**
 * Who, from the people who may be named in a role on the case (`GET /api/people?role=…&case=…`:
 * directory people who hold the role, in the case's team), and an optional phone number. Their
 * name and e-mail address are the directory's.
 */
export function PersonFields({
  api,
  caseId,
  role,
  value,
  onChange,
  legend,
}: {
  api: Api;
  caseId: string;
  role: PartyRole;
  value: PersonChoice;
  onChange: (v: PersonChoice) => void;
  legend: string;
}) {
  const styles = useFormStyles();
  const [people, setPeople] = useState<PersonSummary[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    let current = true;
    const query = new URLSearchParams({ role, case: caseId });
    api<{ people: PersonSummary[] }>('GET', `/api/people?${query.toString()}`).then(
      (r) => current && setPeople(r.people),
      (e: unknown) =>
        current && setProblem(e instanceof ApiError ? e.detail : 'something went wrong'),
    );
    return () => {
      current = false;
    };
  }, [api, caseId, role]);
  const chosen = people?.find((p) => p.id === value.id);
  return (
    <fieldset className={styles.fieldset}>
      <legend>{legend}</legend>
      {problem ? (
        <MessageBar intent="error">
          <MessageBarBody>The people who could be named were not listed: {problem}</MessageBarBody>
        </MessageBar>
      ) : !people ? (
        <Spinner size="tiny" label="Loading who could be named" />
      ) : (
        <Field
          label={ROLE_TITLES[role]}
          required
          hint={
            people.length === 0
              ? `Nobody else in the directory can be named ${A_ROLE[role]} on this case.`
              : chosen?.email
          }
        >
          <Select
            value={value.id}
            onChange={(_, d) => {
              const p = people.find((i) => i.id === d.value);
              onChange({ ...value, id: p?.id ?? '', name: p?.displayName ?? '' });
            }}
          >
            <option value="">Choose {A_ROLE[role].replace(/^an? /, 'the ')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label="Phone">
        <Input
          type="tel"
          value={value.phone}
          onChange={(_, d) => onChange({ ...value, phone: d.value })}
        />
      </Field>
    </fieldset>
  );
}
