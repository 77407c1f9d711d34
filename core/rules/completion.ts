/**
 * How a person completes each rule's obligation from a card or the tab: the event the protocol
 * expects (with the fields it needs), or a plain "done" mark for rules that no event meets.
 * One table, so every surface records the same thing for the same button.
 */
import { validateEvent, type CaseEvent, type EventType } from '../case-file';
import { instantFromLondon } from '../time/human';
import type { Obligation } from '../engine/obligation';
import { CONDITIONAL_DOCUMENTS, HEARINGS, type ConditionalDocument } from '../vocabulary';

/** The inputs a completion asks for. */
export type CompletionForm =
  | 'none'
  /** Which IRO is allocated, with contact details. */
  | 'allocation'
  /** Tick each document sent. */
  | 'checklist'
  /** How often the IRO and Guardian will discuss the case. */
  | 'frequency'
  /** Which review was held. */
  | 'review'
  /** What became of a recommended LPM: listed for a date, or decided against. */
  | 'lpm';

export interface Completion {
  /** The button's words. */
  title: string;
  /** `obligation.completed` where the protocol names no event of its own. */
  event: EventType;
  form: CompletionForm;
}

const mark = (title: string): Completion => ({
  title,
  event: 'obligation.completed',
  form: 'none',
});
const by = (event: EventType, title: string, form: CompletionForm = 'none'): Completion => ({
  title,
  event,
  form,
});

export const COMPLETIONS: Readonly<Record<string, Completion>> = {
  'lpm-recommendation-notice': mark('Mark as done'),
  // Progressed when it is listed (with its date) or the social work team decides against it.
  'lpm-progression': by('lpm.scheduled', 'Record what was decided', 'lpm'),
  'lpm-reasons-to-iro': by('lpm.reasons-sent-to-iro', 'Reasons sent to the IRO'),
  'iro-social-work-meeting': by('iro-sw-meeting.held', 'Meeting held'),
  'lpm-referral-iro-details': by('lpm.referral-checked', 'Referral form checked'),
  'lpm-iro-views': by('lpm.iro-views-obtained', "IRO's views obtained"),
  'legal-details-to-iro-admin': by('legal-details.sent-to-iro-admin', 'Details sent'),
  'previous-reviews-request': by('previous-reviews.requested', 'Requested from the IRO service'),
  'concern-legal-advice': by('legal-advice.sought', 'Legal advice sought'),
  'iro-views-for-final-care-plan': by(
    'iro-views.sent-to-social-worker',
    'Record where my views went',
    'checklist',
  ),
  'disagreement-reported-to-managers': by('dispute.managers-informed', 'Managers informed'),
  'court-timetable': by('filing.made', 'Filed'),
  'guardian-name-to-iro': by('guardian-name.passed-to-iro', 'Name passed to the IRO'),
  'guardian-care-plan-concerns': by('iro-guardian.discussion-held', 'Discussed with the IRO'),
  'review-record-requirement-on-record': by(
    'review-record-requirement.recorded',
    'Put on record by Legal',
  ),
  'discussion-recorded': by('discussion.recorded', 'Recorded on the case record'),
  'outstanding-issues-review': by('outstanding-issue.reviewed', 'Reviewed'),
  'order-notice-to-iro-service': by('iro-service.notified', 'IRO service notified'),
  'iro-allocation-reply': by('iro.allocated', 'Record the allocation', 'allocation'),
  'iro-details-to-court': by('court.notified-of-iro', 'Court notified'),
  'standard-directions-to-iro': by('standard-directions.sent-to-iro', 'Sent to the IRO'),
  'guardian-details-to-iro': by('guardian-details.sent-to-iro', 'Sent to the IRO'),
  'initial-documents-to-iro': by('document.sent-to-iro', 'Record what was sent', 'checklist'),
  'court-documents-upload': by('court-document.uploaded', 'Uploaded'),
  'review-minutes-to-lawyer': by('review.minutes-sent-to-lawyer', 'Minutes sent'),
  'iro-concern-escalation': by('concern.resolved', 'Concern resolved'),
  'final-evidence-alert': by('iro-alert.sent', 'Send IRO alert'),
  'draft-final-evidence-to-iro': by('draft.sent-to-iro', 'Draft sent to the IRO'),
  'iro-comments-on-draft': by('iro.comments-returned', 'Comments returned'),
  'disagreement-escalation': by('dispute.resolved', 'Disagreement resolved'),
  'guardian-iro-introduction': by('cafcass.contacted-iro-service', 'IRO admin contacted'),
  'iro-guardian-contact': by('iro-guardian.contact-made', 'Contact made'),
  'initial-review-contact': by('iro-guardian.contact-made', 'Contact made'),
  'guardian-invited-to-review': by('guardian.invited-to-review', 'Guardian invited'),
  'review-record-to-guardian': by('review.record-sent-to-guardian', 'Record sent'),
  'iro-guardian-discussion': by('iro-guardian.discussion-held', 'Discussion held'),
  'dispute-notice-before-irh': by('court.informed-of-dispute', 'Court informed'),
  'final-discussion': by('iro-guardian.discussion-held', 'Discussion held'),
  'final-documents-to-iro': by('final-documents.confirmed', 'Confirm documents', 'checklist'),
  'link-meeting-review': mark('Reviewed at the link meeting'),
  'first-review': by('review.held', 'Review held', 'review'),
  'second-review': by('review.held', 'Review held', 'review'),
  'subsequent-review': by('review.held', 'Review held', 'review'),
};

/** The first discussion occurrence is agreeing how often to talk, not a discussion. */
const AGREE_FREQUENCY: Completion = by(
  'discussion-frequency.agreed',
  'Frequency agreed',
  'frequency',
);

/** The answer "not needed" to a conditional checklist item, as people say it. */
export const NOT_NEEDED: Readonly<Record<ConditionalDocument, string>> = {
  'initial-care-plan': 'No initial court care plan was prepared',
  'contact-arrangements': 'Contact arrangements are covered in the care plan',
};

/** The items of an open checklist that may be answered "not needed" (with the words for it). */
export function notNeededChoices(
  o: Pick<Obligation, 'checklist'>,
): { item: ConditionalDocument; title: string }[] {
  return (o.checklist ?? [])
    .filter((c) => !c.done && c.condition && Object.hasOwn(NOT_NEEDED, c.item))
    .map((c) => ({
      item: c.item as ConditionalDocument,
      title: NOT_NEEDED[c.item as ConditionalDocument],
    }));
}

/** A hearing in the court timetable is kept by holding it, not filing it. */
const HEARING_HELD: Completion = by('hearing.held', 'Hearing held');

/** How this obligation is completed (the rule's entry, or the occurrence's where it differs). */
export function completionOf(o: Pick<Obligation, 'id' | 'rule'>): Completion | undefined {
  if (o.rule === 'iro-guardian-discussion' && o.id.endsWith(':agree-frequency'))
    return AGREE_FREQUENCY;
  if (
    o.rule === 'court-timetable' &&
    (HEARINGS as readonly string[]).includes(occurrenceKey(o) ?? '')
  )
    return HEARING_HELD;
  return COMPLETIONS[o.rule];
}

/** The occurrence part of an obligation id (a review id, a document reference), if any. */
function occurrenceKey(o: Pick<Obligation, 'id' | 'rule'>): string | undefined {
  const marker = `:${o.rule}:`;
  const at = o.id.indexOf(marker);
  return at === -1 ? undefined : o.id.slice(at + marker.length);
}

export interface CompletionContext {
  /** When it was done (ISO 8601) and by whom (person id). */
  at: string;
  by: string;
  /** The display name of a person in the directory (for the parties events name). */
  nameOf: (personId: string) => string | undefined;
}

export type CompletionResult = { ok: true; events: CaseEvent[] } | { ok: false; message: string };

/**
 * The events that complete `o` with the inputs a card or the tab sent. Every event is checked
 * against the vocabulary; what a person typed is trimmed and never trusted further than that.
 */
export function completionEvents(
  o: Pick<Obligation, 'id' | 'rule' | 'checklist'>,
  inputs: Readonly<Record<string, unknown>>,
  context: CompletionContext,
): CompletionResult {
  const completion = completionOf(o);
  if (!completion) return { ok: false, message: `no way to complete "${o.rule}" is known` };
  const text = (name: string) => {
    const v = inputs[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const base = { at: context.at, by: context.by };
  const key = occurrenceKey(o);
  let raw: Record<string, unknown>[];
  switch (completion.form) {
    case 'allocation': {
      const iro = text('iro');
      const name = iro === undefined ? undefined : context.nameOf(iro);
      if (iro === undefined || name === undefined) return { ok: false, message: 'choose the IRO' };
      const party: Record<string, unknown> = { name, id: iro };
      if (text('email')) party.email = text('email');
      if (text('phone')) party.phone = text('phone');
      raw = [{ type: completion.event, ...base, iro: party }];
      break;
    }
    case 'checklist': {
      const yes = (name: string) => ['true', true].includes(inputs[name] as string);
      const open = (o.checklist ?? []).filter((c) => !c.done);
      const ticked = open.filter((c) => yes(`item:${c.item}`)).map((c) => c.item);
      // "If one has been prepared": the answer that it was not is recorded, never assumed.
      const notNeeded = open
        .filter((c) => c.condition && !ticked.includes(c.item) && yes(`notNeeded:${c.item}`))
        .map((c) => c.item)
        .filter((item) => (CONDITIONAL_DOCUMENTS as readonly string[]).includes(item));
      if (!ticked.length && !notNeeded.length)
        return { ok: false, message: 'tick at least one item' };
      const done = ticked.length
        ? completion.event === 'final-documents.confirmed'
          ? [{ type: completion.event, ...base, documents: ticked }]
          : completion.event === 'iro-views.sent-to-social-worker'
            ? [{ type: completion.event, ...base, copiedToPpm: ticked.includes('ppm-copy') }]
            : ticked.map((document) => ({ type: completion.event, ...base, document }))
        : [];
      raw = [
        ...done,
        ...notNeeded.map((document) => ({ type: 'document.not-needed', ...base, document })),
      ];
      break;
    }
    case 'frequency':
      raw = [{ type: completion.event, ...base, every: text('every') }];
      break;
    case 'review':
      raw = [{ type: completion.event, ...base, review: text('review') ?? reviewOf(key) }];
      break;
    case 'lpm': {
      const decision = text('decision');
      if (decision === 'not-needed') {
        raw = [{ type: 'lpm.not-needed', ...base }];
        break;
      }
      if (decision !== 'listed')
        return { ok: false, message: 'say whether the LPM is listed or not needed' };
      const on = instantFromLondon(text('lpmOn') ?? '', text('lpmAt') ?? '');
      if (!on) return { ok: false, message: "give the LPM's date and time" };
      raw = [{ type: 'lpm.scheduled', ...base, on }];
      break;
    }
    case 'none':
      raw = [
        completion.event === 'obligation.completed'
          ? { type: completion.event, ...base, obligation: o.id }
          : completion.event === 'guardian.appointed'
            ? // The Guardian introducing themselves is their appointment becoming known.
              {
                type: completion.event,
                ...base,
                guardian: { name: context.nameOf(context.by), id: context.by },
              }
            : { type: completion.event, ...base, ...keyFields(completion.event, key) },
      ];
      break;
  }
  const events: CaseEvent[] = [];
  for (const r of raw) {
    const checked = validateEvent(r, 'completion');
    if (!checked.ok) {
      const issue = checked.issues[0]!;
      return {
        ok: false,
        message: `${issue.path.replace(/^completion\.?/, '')}: ${issue.message}`,
      };
    }
    events.push(checked.value);
  }
  return { ok: true, events };
}

/** Events that name the occurrence they complete (a review, a court document). */
function keyFields(event: EventType, key: string | undefined): Record<string, unknown> {
  switch (event) {
    case 'court-document.uploaded':
      return { ref: key };
    case 'review.minutes-sent-to-lawyer':
    case 'guardian.invited-to-review':
    case 'review.record-sent-to-guardian':
      return { review: key };
    // Keyed `<issue>:r<n>`: the n-th review of that issue.
    case 'outstanding-issue.reviewed':
      return { issue: key?.replace(/:r\d+$/, '') };
    // Keyed by the timetable item.
    case 'filing.made':
      return { filing: key };
    case 'hearing.held':
      return { hearing: key };
    default:
      return {};
  }
}

/** Review rules' keys are `after-<previous review>`: the next review needs its own id. */
function reviewOf(key: string | undefined): string | undefined {
  return key === undefined || key.startsWith('after-') ? undefined : key;
}
