/**
 * What each card says, worked out from the case and the person it is for. Cards name the child
 * only by case reference and initials; everything else on them is about the professionals.
 *
 * One file so that every card says the same things in the same words; each card is a function of
 * its own.
 */
import {
  LIVE_STATUSES,
  eventInWords,
  DOCUMENT_TITLES,
  ROLE_TITLES,
  completionOf,
  notNeededChoices,
  humanDuration,
  lateText,
  humanInstant,
  instantOf,
  mayActOn,
  mayRecord,
  rolesOnCase,
  type CaseRecord,
  type CaseView,
  type HandoverCardInput,
  type IroAlertDates,
  type Obligation,
  type ObligationCardInput,
  type People,
  type Person,
  type Role,
  type Tone,
} from '../../core';
import { randomUUID } from 'node:crypto';
import { oneLine, plainTextBlock } from './plain-text';
import { renderCard, type Card } from './render';

const COLOURS: Record<Tone, string> = { good: 'Good', warning: 'Warning', attention: 'Attention' };

function nameOf(people: People, id: string): string {
  return people.get(id)?.displayName ?? id;
}

function caseTitle(record: CaseRecord): string {
  return `${record.header.id} (${record.header.childInitials})`;
}

export function statusText(o: Obligation): string {
  switch (o.status) {
    case 'overdue':
      return o.late ? `Overdue: ${lateText(o.late)}` : 'Overdue';
    case 'due-soon':
      return 'Due soon';
    case 'open':
      return 'Open';
    case 'met':
      return `Met ${humanInstant(o.completed?.at)}`;
    case 'met-late':
      return `Met late ${humanInstant(o.completed?.at)}`;
    case 'waived':
      return `Waived ${humanInstant(o.waived?.at)}`;
    case 'missed':
      return `Missed (was due ${humanInstant(o.due)})`;
    case 'not-applicable':
      return 'Not applicable';
  }
}

export function helpCard(
  person: Person | undefined,
  intro: string,
  /** One of the person's own cases, so that the examples work as typed. */
  example = 'C-1001',
): Card {
  const lawyer = person?.roles.some((r) => r === 'lawyer' || r === 'principal-lawyer') ?? false;
  return renderCard('help', {
    title: 'IRO Liaison',
    intro,
    person: person ? person.displayName : '',
    canSendIroAlert: lawyer,
    commands: [
      { command: 'my deadlines', meaning: 'What is on you, soonest first' },
      { command: `case ${example}`, meaning: 'A case at a glance' },
      ...(lawyer
        ? [
            { command: 'send iro alert', meaning: 'Tell the IRO when final evidence is due' },
            {
              command: `send iro alert ${example} 12/02/2027 4pm`,
              meaning: 'The same, straight to the dates (day first; 4pm or 16:00)',
            },
          ]
        : []),
      { command: 'help', meaning: 'This card' },
    ],
  });
}

/**
 * What a card's reason fields ask of the person: the case is named by its reference, and a child
 * named in a reason would be in every card and email that quotes it.
 */
export const NO_CHILD_NAME = "Do not write the child's name — use the case reference.";

/** A title and a line of text; the text is shown as given (it may quote what someone sent). */
export function messageCard(title: string, text: string): Card {
  return renderCard('message', { title, text: oneLine(text) });
}

/**
 * What "Find case" puts in a conversation: the reference and a link that needs sign-in, nothing
 * more, since everyone in the chat sees it, case member or not.
 */
export function caseLinkCard(caseId: string, tabUrl: string): Card {
  return renderCard('caseLink', { caseId, tabUrl });
}

/** How many deadlines the card lists; the tab shows the rest. */
const DEADLINES_SHOWN = 10;

export function myDeadlinesCard(
  items: { case: CaseRecord; obligation: Obligation }[],
  now: number,
  tabUrl: string,
): Card {
  const overdue = items.filter((i) => i.obligation.status === 'overdue').length;
  return renderCard('myDeadlines', {
    summary: items.length
      ? `${items.length} open${overdue ? `, ${overdue} overdue` : ''}.`
      : 'Nothing is on you at the moment.',
    items: items.slice(0, DEADLINES_SHOWN).map(({ case: c, obligation: o }) => ({
      caseId: c.header.id,
      initials: c.header.childInitials,
      title: o.title,
      due: o.due ? humanInstant(o.due) : 'no deadline set',
      status: statusText(o),
      color: o.status === 'overdue' ? 'Attention' : o.status === 'due-soon' ? 'Warning' : 'Default',
    })),
    more: Math.max(0, items.length - DEADLINES_SHOWN),
    tabUrl,
  });
}

export function caseSummaryCard(
  view: CaseView,
  people: People,
  viewer: Person,
  now: number,
  tabUrl: string,
): Card {
  const record = view.case;
  const open = view.evaluation.obligations.filter((o) => LIVE_STATUSES.has(o.status));
  const overdue = open.filter((o) => o.status === 'overdue').length;
  const dueSoon = open.filter((o) => o.status === 'due-soon').length;
  const next = open
    .filter((o) => o.due)
    .sort((a, b) => instantOf(a.due!) - instantOf(b.due!))
    .slice(0, 5);
  const last = view.events[view.events.length - 1];
  return renderCard('caseSummary', {
    caseId: record.header.id,
    initials: record.header.childInitials,
    childRef: record.header.childRef,
    team: record.team,
    stage: last
      ? `Last event: ${eventInWords(last.event)}, ${humanInstant(last.event.at)}`
      : 'No events yet',
    counts: `${open.length} open, ${dueSoon} due soon, ${overdue} overdue`,
    parties: record.members.map((m) => ({
      role: ROLE_TITLES[m.role],
      name: nameOf(people, m.personId),
    })),
    next: next.map((o) => ({
      due: humanInstant(o.due),
      title: o.title,
      status: statusText(o),
    })),
    canSendIroAlert: mayRecord(viewer, record, 'iro-alert.sent'),
    tabUrl,
  });
}

export function iroAlertFormCard(input: {
  cases: CaseRecord[];
  caseId?: string;
  filingDate?: string;
  filingTime?: string;
  error?: string;
}): Card {
  return renderCard('iroAlertForm', {
    cases: input.cases.map((c) => ({ title: caseTitle(c), value: c.header.id })),
    caseId: input.caseId ?? '',
    filingDate: input.filingDate ?? '',
    filingTime: input.filingTime ?? '',
    // A refusal may quote what was typed: shown as typed (see plain-text.ts).
    error: oneLine(input.error ?? ''),
  });
}

export function iroAlertPreviewCard(
  record: CaseRecord,
  dates: IroAlertDates,
  filingDue: string,
  requestKey: string,
  /** How a typed date was read ("I read “12/02/2027 4pm” as Fri 12 Feb 2027, 16:00."). */
  understood?: string,
): Card {
  return renderCard('iroAlertPreview', {
    // Quotes what the person typed in chat: shown as typed (see plain-text.ts).
    understood: oneLine(understood ?? ''),
    caseId: record.header.id,
    initials: record.header.childInitials,
    filingDue: humanInstant(dates.filingDue),
    filingDueIso: filingDue,
    draftToIroBy: humanInstant(dates.draftToIroBy),
    commentsDue: dates.commentsDueIfDraftOnTime
      ? `${humanInstant(dates.commentsDueIfDraftOnTime)} (24 hours after the draft, if it arrives on time)`
      : '24 hours after the draft arrives',
    convention: dates.deadline ? `Draft deadline: ${dates.deadline.description}.` : '',
    compressed: dates.commentWindowCompressed,
    warnings: dates.warnings,
    told: previewTold(dates.told ?? []),
    requestKey,
  });
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
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      {
        type: 'TextBlock',
        text: `IRO alert: ${caseTitle(record)}`,
        size: 'Medium',
        weight: 'Bolder',
        wrap: true,
      },
      plainTextBlock(notice, { weight: 'Bolder' }),
      {
        type: 'FactSet',
        facts: [
          { title: 'Final evidence due', value: humanInstant(dates.filingDue) },
          { title: 'Draft to the IRO by', value: humanInstant(dates.draftToIroBy) },
          {
            title: 'IRO comments due',
            value: dates.commentsDueIfDraftOnTime
              ? `${humanInstant(dates.commentsDueIfDraftOnTime)} (if the draft arrives on time)`
              : '24 hours after the draft arrives',
          },
        ],
      },
      ...dates.warnings.map((w) => ({
        type: 'TextBlock',
        text: `⚠ ${w}`,
        color: 'Warning',
        wrap: true,
      })),
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open in tab', url: tabUrl }],
  };
}

/** What a new holder of a role on a case takes over, for their one card (or email). */
/** Who the alert will reach, by name and role, before it is sent. */
function previewTold(told: NonNullable<IroAlertDates['told']>): string {
  if (!told.length)
    return 'Nobody: no IRO is allocated and the team has no IRO service in the directory';
  const names = told.map((t) => t.displayName).join(', ');
  return told.some((t) => t.standIn === 'no-iro')
    ? `${names}, standing in: no IRO is allocated`
    : names;
}

export function handoverCard(input: HandoverCardInput): Card {
  const { record, role, items } = input;
  const onYou = items.filter((i) => i.as === 'responsible').length;
  const title = ROLE_TITLES[role];
  return renderCard('handover', {
    title: input.vacatedBy
      ? `Case ${caseTitle(record)} needs a new ${title}`
      : `You are now the ${title} on case ${caseTitle(record)}`,
    summary: input.vacatedBy
      ? `${input.vacatedBy.displayName} has left. Name someone in their place: ` +
        (items.length
          ? `until then, ${items.length} open item${items.length === 1 ? ' waits' : 's wait'}.`
          : 'nothing waits for them yet.')
      : (input.from ? `You take over from ${input.from.displayName}. ` : '') +
        `${onYou} open item${onYou === 1 ? ' is' : 's are'} now on you` +
        (items.length > onYou ? `, and ${items.length - onYou} addressed to you.` : '.'),
    items: items.slice(0, DEADLINES_SHOWN).map(({ obligation: o, as }) => ({
      title: o.title,
      part: input.vacatedBy
        ? as === 'responsible'
          ? `On the ${title}`
          : `For the ${title}`
        : as === 'responsible'
          ? 'On you'
          : 'For your information',
      due: o.due ? `Due ${humanInstant(o.due)}` : 'No deadline set',
      status: statusText(o),
      color: o.status === 'overdue' ? 'Attention' : o.status === 'due-soon' ? 'Warning' : 'Default',
    })),
    more: Math.max(0, items.length - DEADLINES_SHOWN),
    sender: input.by ? `Recorded by ${input.by.displayName} in IRO Liaison.` : 'From IRO Liaison.',
    tabUrl: input.tabUrl,
  });
}

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
  const notAcknowledged = [...new Set(holders([...o.responsible, ...o.recipients]))]
    .filter((id) => !acknowledgers.has(id) && id !== viewer.id)
    .map((id) => nameOf(people, id));

  return renderCard('obligation', {
    headline: headline(input, isResponsible),
    headlineColor: stage === 'overdue' || stage === 'escalation' ? 'Attention' : 'Default',
    caseLine: `Case ${caseTitle(record)} · ${o.title}`,
    // A notice may quote what someone typed (why it can't be met): a run of plain text, one line.
    notice: oneLine(input.notice?.text ?? ''),
    noticeColor: input.notice ? COLOURS[input.notice.tone] : 'Default',
    facts: facts(input, isResponsible),
    acknowledged: o.acknowledgements.map(
      (a) => `${nameOf(people, a.by ?? '')}, ${humanInstant(a.at)}`,
    ),
    notAcknowledged:
      open && (stage === 'escalation' || isResponsible) ? notAcknowledged.join(', ') : '',
    form: canComplete ? completion.form : 'none',
    checklist: (o.checklist ?? []).filter((c) => !c.done),
    notNeeded: notNeededChoices(o),
    iroChoices: (input.iros ?? []).map((p) => ({ title: p.displayName, value: p.id })),
    quote: o.source.quotes[0] ?? '',
    source: DOCUMENT_TITLES[o.source.document],
    obligationId: o.id,
    view: stage,
    canAcknowledge: open && !acknowledgedByViewer && mayActOn(viewer, record, o, 'acknowledge'),
    canComplete,
    completeTitle: completion?.title ?? 'Complete',
    canReportCannotMeet: open && isResponsible,
    canWaive: open && stage === 'escalation' && mayActOn(viewer, record, o, 'waive'),
    requestKeys: requestKeys(input.nonce),
    noChildName: NO_CHILD_NAME,
    tabUrl: input.tabUrl,
    refreshUserIds: input.refreshUserIds ?? [],
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

function facts(
  input: ObligationCardInput,
  isResponsible: boolean,
): { title: string; value: string }[] {
  const { obligation: o, now, record, people } = input;
  const out: { title: string; value: string }[] = [];
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
