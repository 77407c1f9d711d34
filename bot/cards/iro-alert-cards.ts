/**
 * Sending the IRO alert from chat, one card a step: the form (case, filing date and time), the
 * dates it would give for the person to check, and what sending did.
 */
import { humanInstant, type CaseRecord, type IroAlertDates } from '../../core';
import { oneLine, plainTextBlock } from './plain-text';
import {
  adaptiveCard,
  choiceSetInput,
  dateInput,
  executeAction,
  factSet,
  openUrlAction,
  textBlock,
  timeInput,
  type Card,
  type TextBlock,
} from './render';
import { caseTitle } from './words';

export function iroAlertFormCard(input: {
  cases: CaseRecord[];
  caseId?: string;
  filingDate?: string;
  filingTime?: string;
  error?: string;
}): Card {
  // A refusal may quote what was typed: shown as typed (see plain-text.ts).
  const error = oneLine(input.error ?? '');
  // A choice of no cases is not a form (hosts refuse a choice set without choices).
  if (!input.cases.length)
    return adaptiveCard({
      body: [
        textBlock('Send IRO alert', { size: 'Large', weight: 'Bolder' }),
        textBlock(
          'You are on no open case you can send an IRO alert on. If you should be, ask your manager to add you to the case.',
        ),
      ],
      actions: [],
    });
  return adaptiveCard({
    body: [
      textBlock('Send IRO alert', { size: 'Large', weight: 'Bolder' }),
      textBlock(
        'Tell the IRO when the final evidence is due to be filed. You will see the dates before anything is sent.',
      ),
      ...(error ? [plainTextBlock(error, { color: 'Attention' })] : []),
      choiceSetInput({
        id: 'caseId',
        label: 'Case',
        isRequired: true,
        errorMessage: 'Choose the case.',
        value: input.caseId ?? '',
        choices: input.cases.map((c) => ({ title: caseTitle(c), value: c.header.id })),
      }),
      dateInput({
        id: 'filingDate',
        label: 'Final evidence filing date',
        isRequired: true,
        errorMessage: 'Give the date the court set for filing.',
        value: input.filingDate ?? '',
      }),
      timeInput({
        id: 'filingTime',
        label: 'Filing time (UK time)',
        isRequired: true,
        errorMessage: 'Give the time of day, e.g. 16:00.',
        value: input.filingTime ?? '',
      }),
    ],
    actions: [executeAction('Preview dates', 'previewIroAlert', { associatedInputs: 'auto' })],
  });
}

/** The engine's warnings about the dates (a filing date the court does not sit …), in its words. */
function warningBlocks(warnings: string[]): TextBlock[] {
  return warnings.map((w) => textBlock(`⚠ ${w}`, { color: 'Warning' }));
}

export function iroAlertPreviewCard(
  record: CaseRecord,
  dates: IroAlertDates,
  filingDue: string,
  requestKey: string,
  /** How a typed date was read ("I read “12/02/2027 4pm” as Fri 12 Feb 2027, 16:00."). */
  understood?: string,
): Card {
  const caseId = record.header.id;
  // Quotes what the person typed in chat: shown as typed (see plain-text.ts).
  const read = oneLine(understood ?? '');
  return adaptiveCard({
    body: [
      textBlock('Send IRO alert: check the dates', { size: 'Large', weight: 'Bolder' }),
      ...(read ? [plainTextBlock(read)] : []),
      factSet([
        { title: 'Case', value: caseTitle(record) },
        { title: 'Final evidence due', value: humanInstant(dates.filingDue) },
        { title: 'Draft to the IRO by', value: humanInstant(dates.draftToIroBy) },
        {
          title: 'IRO comments due',
          value: dates.commentsDueIfDraftOnTime
            ? `${humanInstant(dates.commentsDueIfDraftOnTime)} (24 hours after the draft, if it arrives on time)`
            : '24 hours after the draft arrives',
        },
        { title: 'Who is told', value: previewTold(dates.told ?? []) },
      ]),
      textBlock(dates.deadline ? `Draft deadline: ${dates.deadline.description}.` : '', {
        isSubtle: true,
      }),
      ...warningBlocks(dates.warnings),
      ...(dates.commentWindowCompressed
        ? [
            textBlock(
              'The 24-hour comment window would run past the filing time: agree a shorter turnaround with the IRO.',
              { color: 'Warning' },
            ),
          ]
        : []),
    ],
    actions: [
      executeAction('Send', 'sendIroAlert', {
        style: 'positive',
        data: { caseId, filingDue, requestKey },
      }),
      executeAction('Change', 'startIroAlert', { data: { caseId, filingDue } }),
    ],
  });
}

/** Who the alert will reach, by name and role, before it is sent. */
function previewTold(told: NonNullable<IroAlertDates['told']>): string {
  if (!told.length)
    return 'Nobody: no IRO is allocated and the team has no IRO service in the directory';
  const names = told.map((t) => t.displayName).join(', ');
  return told.some((t) => t.standIn === 'no-iro')
    ? `${names}, standing in: no IRO is allocated`
    : names;
}

/**
 * What pressing Send did, in place of the preview: the alert recorded, who was told, and the dates
 * it gave. The draft's own card comes separately, as the lawyer's deadline: one card each, not
 * the same card twice.
 */
export function iroAlertSentCard(
  record: CaseRecord,
  dates: IroAlertDates,
  notice: string,
  tabUrl: string,
): Card {
  return adaptiveCard({
    body: [
      textBlock(`IRO alert: ${caseTitle(record)}`, { size: 'Medium', weight: 'Bolder' }),
      plainTextBlock(notice, { weight: 'Bolder' }),
      factSet([
        { title: 'Final evidence due', value: humanInstant(dates.filingDue) },
        { title: 'Draft to the IRO by', value: humanInstant(dates.draftToIroBy) },
        {
          title: 'IRO comments due',
          value: dates.commentsDueIfDraftOnTime
            ? `${humanInstant(dates.commentsDueIfDraftOnTime)} (if the draft arrives on time)`
            : '24 hours after the draft arrives',
        },
      ]),
      ...warningBlocks(dates.warnings),
    ],
    actions: [openUrlAction('Open in tab', tabUrl)],
  });
}
