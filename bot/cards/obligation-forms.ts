/**
 * The inputs an obligation's completion asks for on its card (see `CompletionForm`): the IRO
 * allocated, the documents sent, how often to talk, what became of an LPM, which review was held;
 * and, for every completion, when it happened. The names of the inputs are what the bot reads
 * back when the button is pressed.
 */
import { notNeededChoices, type CompletionForm, type Obligation, type Person } from '../../core';
import {
  choiceSetInput,
  container,
  dateInput,
  textBlock,
  textInput,
  timeInput,
  toggleInput,
  type CardElement,
} from './render';

export function completionInputs(
  form: CompletionForm,
  o: Obligation,
  /** IROs the IRO administrator can allocate. */
  iros: Person[],
): CardElement[] {
  return [
    ...formInputs(form, o, iros),
    container([
      dateInput({
        id: 'happenedOn',
        label: 'When did this happen? Date (leave empty for just now)',
      }),
      timeInput({ id: 'happenedAt', label: 'Time (UK time)' }),
    ]),
  ];
}

function formInputs(form: CompletionForm, o: Obligation, iros: Person[]): CardElement[] {
  switch (form) {
    case 'none':
      return [];
    case 'allocation':
      // The IRO's name and e-mail address are the directory's: only a phone number is asked for.
      // A choice of nobody is not a form (hosts refuse a choice set without choices).
      if (!iros.length)
        return [
          textBlock(
            'No IRO is in the directory yet, so none can be named here: ask your administrator to add the IRO.',
            { color: 'Warning' },
          ),
        ];
      return [
        container([
          choiceSetInput({
            id: 'iro',
            label: 'Allocated IRO',
            isRequired: true,
            errorMessage: 'Choose the IRO.',
            choices: iros.map((p) => ({ title: p.displayName, value: p.id })),
          }),
          textInput({
            id: 'phone',
            label: "IRO's phone",
            regex: '^[0-9 +()-]{5,30}$',
            errorMessage: 'A phone number, e.g. 01632 960 123.',
          }),
        ]),
      ];
    case 'checklist':
      // What was already sent is not asked for again; "if one has been prepared" is answered.
      return [
        container([
          textBlock('Tick what you have sent:'),
          ...(o.checklist ?? [])
            .filter((c) => !c.done)
            .map((c) => toggleInput({ id: `item:${c.item}`, title: c.label, value: 'false' })),
          ...notNeededChoices(o).map((c) =>
            toggleInput({ id: `notNeeded:${c.item}`, title: c.title, value: 'false' }),
          ),
        ]),
      ];
    case 'frequency':
      return [
        choiceSetInput({
          id: 'every',
          label: 'How often the IRO and Guardian will discuss the case',
          isRequired: true,
          errorMessage: 'Choose how often.',
          choices: [
            { title: 'Every 2 weeks', value: 'P2W' },
            { title: 'Every 4 weeks', value: 'P4W' },
            { title: 'Every month', value: 'P1M' },
            { title: 'Every 2 months', value: 'P2M' },
          ],
        }),
      ];
    case 'lpm':
      return [
        container([
          choiceSetInput({
            id: 'decision',
            label: 'What was decided',
            isRequired: true,
            errorMessage: 'Choose what was decided.',
            choices: [
              { title: 'The LPM is listed', value: 'listed' },
              { title: 'The social work team decided it is not needed', value: 'not-needed' },
            ],
          }),
          dateInput({ id: 'lpmOn', label: 'LPM date (if listed)' }),
          timeInput({ id: 'lpmAt', label: 'LPM time (UK, if listed)' }),
        ]),
      ];
    case 'review':
      return [
        textInput({
          id: 'review',
          label: 'Which review was held (e.g. R1)',
          isRequired: true,
          regex: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$',
          maxLength: 40,
          errorMessage: 'A short id for the review: letters, digits, ".", "_" or "-", e.g. R1.',
        }),
      ];
  }
}
