/**
 * An obligation's card, for one person at one stage (new, reminder, overdue, escalation …): what
 * is due and why, who has acknowledged it, and the buttons that person may press, each with the
 * inputs its completion asks for.
 */
import { randomUUID } from 'node:crypto';
import {
  DOCUMENT_TITLES,
  LIVE_STATUSES,
  ROLE_TITLES,
  completionOf,
  humanDuration,
  humanInstant,
  instantOf,
  lateText,
  mayActOn,
  mayRecord,
  rolesOnCase,
  type ObligationCardInput,
  type Role,
  type Tone,
} from '../../core';
import { completionInputs } from './obligation-forms';
import { oneLine, plainTextBlock } from './plain-text';
import {
  adaptiveCard,
  executeAction,
  factSet,
  openUrlAction,
  showCardAction,
  textBlock,
  textInput,
  type Card,
  type CardVerb,
  type Colour,
  type Fact,
  type ShowCardAction,
} from './render';
import { caseTitle, nameOf, statusText } from './words';

const COLOURS: Record<Tone, Colour> = { good: 'Good', warning: 'Warning', attention: 'Attention' };

/**
 * What a card's reason fields ask of the person: the case is named by its reference, and a child
 * named in a reason would be in every card and email that quotes it.
 */
export const NO_CHILD_NAME = "Do not write the child's name — use the case reference.";

/** The buttons on an obligation's card that record something, each with a request key. */
export type RecordingAction = 'acknowledge' | 'complete' | 'cannotMeet' | 'waive';

/**
 * A key for each button that records something, made afresh each time the card is rendered:
 * the same button on the same card pressed twice (a double click, or again before Teams swapped
 * the card) sends the same key, and the case operations record it once; a new card (after an
 * action, or a refresh) has new keys. Each is `<card nonce>:<action>`, within the 8–100 letters,
 * digits and `._:-` an idempotency key may have.
 */
export function requestKeys(nonce: string = randomUUID()): Record<RecordingAction, string> {
  return {
    acknowledge: `${nonce}:acknowledge`,
    complete: `${nonce}:complete`,
    cannotMeet: `${nonce}:cannot-meet`,
    waive: `${nonce}:waive`,
  };
}

export function obligationCard(cardInput: ObligationCardInput): Card {
  const o = cardInput.obligation;
  const open = LIVE_STATUSES.has(o.status);
  // A card refreshed after its obligation closed shows it as it is now, not "Overdue by …".
  const input: ObligationCardInput =
    cardInput.stage !== 'new' && cardInput.stage !== 'moved' && !open
      ? { ...cardInput, stage: 'current' }
      : cardInput;
  const { record, viewer, people, stage } = input;
  const roles = rolesOnCase(viewer, record);
  const isResponsible = o.responsible.some((r) => roles.has(r));
  const completion = completionOf(o);
  const acknowledgedByViewer = o.acknowledgements.some((a) => a.by === viewer.id);
  const canComplete =
    open &&
    completion !== undefined &&
    o.rule !== 'final-evidence-alert' &&
    mayActOn(viewer, record, o, 'complete') &&
    (completion.event === 'obligation.completed' || mayRecord(viewer, record, completion.event));

  const holders = (wanted: readonly Role[]) =>
    record.members.filter((m) => wanted.includes(m.role)).map((m) => m.personId);
  const acknowledgers = new Set(o.acknowledgements.map((a) => a.by));
  const notAcknowledged =
    open && (stage === 'escalation' || isResponsible)
      ? [...new Set(holders([...o.responsible, ...o.recipients]))]
          .filter((id) => !acknowledgers.has(id) && id !== viewer.id)
          .map((id) => nameOf(people, id))
          .join(', ')
      : '';
  const acknowledged = o.acknowledgements.map(
    (a) => `${nameOf(people, a.by ?? '')}, ${humanInstant(a.at)}`,
  );
  // A notice may quote what someone typed (why it can't be met): a run of plain text, one line.
  const notice = input.notice && { text: oneLine(input.notice.text), tone: input.notice.tone };
  const quote = o.source.quotes[0];

  const keys = requestKeys(input.nonce);
  const data = (action?: RecordingAction) => ({
    obligationId: o.id,
    view: stage,
    ...(action ? { requestKey: keys[action] } : {}),
  });
  /** A button that opens a reason to give, and the button that sends it. */
  const withReason = (
    title: string,
    id: string,
    label: string,
    send: { title: string; verb: CardVerb; action: RecordingAction },
  ): ShowCardAction =>
    showCardAction(title, {
      body: [
        textInput({
          id,
          label,
          placeholder: NO_CHILD_NAME,
          isMultiline: true,
          isRequired: true,
          maxLength: 2000,
          errorMessage: 'Give a reason.',
        }),
      ],
      actions: [executeAction(send.title, send.verb, { data: data(send.action) })],
    });

  return adaptiveCard({
    ...(input.refreshUserIds?.length
      ? {
          refresh: {
            action: executeAction('Refresh', 'refreshObligation', { data: data() }),
            userIds: input.refreshUserIds,
          },
        }
      : {}),
    body: [
      textBlock(headline(input, isResponsible), {
        size: 'Medium',
        weight: 'Bolder',
        color: stage === 'overdue' || stage === 'escalation' ? 'Attention' : 'Default',
      }),
      textBlock(`Case ${caseTitle(record)} · ${o.title}`, { isSubtle: true, spacing: 'None' }),
      ...(notice?.text
        ? [plainTextBlock(notice.text, { color: COLOURS[notice.tone], weight: 'Bolder' })]
        : []),
      factSet(facts(input, isResponsible)),
      ...(acknowledged.length
        ? [textBlock(`Acknowledged by ${acknowledged.join('; ')}`, { color: 'Good' })]
        : []),
      ...(notAcknowledged
        ? [textBlock(`Not yet acknowledged by ${notAcknowledged}`, { color: 'Warning' })]
        : []),
      ...(canComplete ? completionInputs(completion.form, o, input.iros ?? []) : []),
      ...(quote
        ? [
            textBlock(`“${quote}” (${DOCUMENT_TITLES[o.source.document]})`, {
              isSubtle: true,
              size: 'Small',
            }),
          ]
        : []),
    ],
    actions: [
      ...(open && !acknowledgedByViewer && mayActOn(viewer, record, o, 'acknowledge')
        ? [
            executeAction('Acknowledge', 'acknowledgeObligation', {
              style: 'positive',
              data: data('acknowledge'),
            }),
          ]
        : []),
      ...(canComplete
        ? [
            executeAction(completion.title, 'completeObligation', {
              associatedInputs: 'auto',
              data: data('complete'),
            }),
          ]
        : []),
      ...(open && isResponsible
        ? [
            withReason(
              "Can't meet this",
              'cannotMeetReason',
              "Why can't it be met? Your manager will be told.",
              {
                title: 'Tell my manager',
                verb: 'reportCannotMeet',
                action: 'cannotMeet',
              },
            ),
          ]
        : []),
      ...(open && stage === 'escalation' && mayActOn(viewer, record, o, 'waive')
        ? [
            withReason('Waive', 'waiverReason', 'Why is it waived?', {
              title: 'Waive',
              verb: 'waiveObligation',
              action: 'waive',
            }),
          ]
        : []),
      openUrlAction('Open in tab', input.tabUrl),
    ],
  });
}

function headline(input: ObligationCardInput, isResponsible: boolean): string {
  const { obligation: o, stage } = input;
  const due = humanInstant(o.due);
  switch (stage) {
    case 'reminder':
      return `Reminder: due ${due}`;
    case 'overdue':
    case 'escalation': {
      // Lateness only once it is late: an escalation also comes early (someone said it cannot be
      // met), and for obligations with no deadline.
      const late = o.status === 'overdue' && o.late ? lateText(o.late) : undefined;
      if (stage === 'overdue') return late ? `Overdue: ${late}` : o.title;
      return late ? `Escalation: ${o.title}, ${late}` : `Escalation: ${o.title}`;
    }
    case 'current':
      return o.title;
    case 'moved':
      if (o.rule === 'draft-final-evidence-to-iro' && !isResponsible)
        return `IRO alert: final evidence now due ${humanInstant(input.alert?.filingDue)}`;
      return `Deadline moved: now due ${due}`;
    case 'new':
      if (o.rule === 'draft-final-evidence-to-iro' && !isResponsible)
        return `IRO alert: final evidence due ${humanInstant(input.alert?.filingDue)}`;
      if (o.rule === 'iro-comments-on-draft')
        return `Draft final evidence received: your comments are due ${due}`;
      if (o.rule === 'iro-allocation-reply') return `Interim care order: allocate an IRO by ${due}`;
      return isResponsible ? `New: ${o.title}` : `For your information: ${o.title}`;
  }
}

function facts(input: ObligationCardInput, isResponsible: boolean): Fact[] {
  const { obligation: o, now, record, people } = input;
  const out: Fact[] = [];
  if (o.rule === 'draft-final-evidence-to-iro' && input.alert) {
    // Said to the IRO it is about them; to the lawyer or a manager it is about the IRO.
    const toIro = !isResponsible && rolesOnCase(input.viewer, record).has('iro');
    out.push(
      { title: 'Final evidence due', value: humanInstant(input.alert.filingDue) },
      {
        title: toIro ? 'Draft reaches you by' : 'Draft to the IRO by',
        value: humanInstant(o.due),
      },
      {
        title: toIro ? 'Your comments due' : "IRO's comments due",
        value: input.alert.commentsDueIfDraftOnTime
          ? `${humanInstant(input.alert.commentsDueIfDraftOnTime)} (24 hours after the draft, if it arrives on time)`
          : '24 hours after the draft arrives',
      },
    );
  } else {
    out.push({ title: 'Due', value: o.due ? humanInstant(o.due) : 'No deadline set' });
  }
  out.push({ title: 'Status', value: statusText(o) });
  if (LIVE_STATUSES.has(o.status) && o.due && instantOf(o.due) > now)
    out.push({ title: 'Time left', value: humanDuration(instantOf(o.due) - now) });
  out.push({ title: 'How it is counted', value: o.deadline.description });
  // The engine's warnings (a limit on a bank holiday, a window cut short), in its words.
  for (const w of o.warnings) out.push({ title: 'Note', value: w.message });
  // Who is on the hook and who it is for, by name where the case names someone.
  const named = (roles: readonly Role[]) =>
    roles
      .flatMap((r) => {
        const holders = record.members.filter((m) => m.role === r);
        return holders.length
          ? holders.map((m) => nameOf(people, m.personId))
          : [`the ${ROLE_TITLES[r]}`];
      })
      .join(', ');
  out.push({ title: 'On', value: named(o.responsible) });
  if (o.recipients.length) out.push({ title: 'For', value: named(o.recipients) });
  // Who set it going: the person who recorded what started it, or the app's own schedule.
  const by = o.trigger.by === undefined ? undefined : people.get(o.trigger.by)?.displayName;
  out.push({ title: 'From', value: by ? `${by}, through IRO Liaison` : 'IRO Liaison' });
  return out;
}
