/**
 * The form of every event a person may record on a case: its name for people and the fields it
 * needs beyond when it happened, as the event vocabulary (`EVENT_SCHEMAS` in core/case-file.ts)
 * has them, with the words people use for the vocabulary's values. Record an event
 * (RecordEvent.tsx) draws its form from here.
 *
 * One file for one table: `EVENT_FORMS` is typed by every recordable event, so an event added to
 * the vocabulary does not compile until its form is added here, and the fields several events
 * share (a review's, a document's and an issue's reference) sit beside the events that use them.
 */
import type { EventType } from '../../../core/case-file';
import { EVENT_TITLES } from '../../../core/event-words';
import {
  CONDITIONAL_DOCUMENTS,
  COURT_DOCUMENTS,
  DISCUSSION_MANNERS,
  FILINGS,
  FINAL_DOCUMENTS,
  HEARINGS,
  INITIAL_DOCUMENTS,
  LPM_SOURCES,
  ORDERS,
} from '../../../core/vocabulary';
import type { PartyRole } from '../../../core/parties/parties';

/**
 * Events a person records as such; the rest are recorded by their own buttons (`obligation.*` by
 * an obligation's, `event.retracted` by a timeline entry's) or by the server (`party.left`).
 */
export type Recordable = Exclude<
  EventType,
  `obligation.${string}` | 'event.retracted' | 'party.left'
>;

type Options = readonly (readonly [value: string, label: string])[];

/** One field of an event, as core/case-file.ts names it. */
export interface EventField {
  name: string;
  label: string;
  kind:
    | 'text' // an identifier: 1–40 letters, digits, . _ -
    | 'select' // one of `options`
    | 'datetime' // a date and a UK time, sent as an instant with London's offset
    | 'boolean' // a tick box; an optional one is sent only when ticked
    | 'checklist' // several of `options`, sent as a list (at least one)
    | 'frequency' // an agreed period: P14D, P2W, P1M
    | 'person'; // a party from the directory, in `role`: { name, id, phone? }
  /** The role a `person` field names. */
  role?: PartyRole;
  required?: boolean;
  options?: Options;
  hint?: string;
}

/** The vocabulary's values with the words people use for them (a new value fails to compile). */
function labelled<V extends string>(values: readonly V[], labels: Record<V, string>): Options {
  return values.map((v) => [v, labels[v]] as const);
}

/** A review's reference links its scheduling, holding, minutes, invitation and record. */
const REVIEW: EventField = {
  name: 'review',
  label: 'Review reference',
  kind: 'text',
  required: true,
  hint: 'As the case system knows the review, e.g. R3',
};
/** A court document's reference links its receipt to its upload. */
const REF: EventField = {
  name: 'ref',
  label: 'Document reference',
  kind: 'text',
  required: true,
  hint: 'Your reference for this document, e.g. DIR-2',
};

/** An outstanding issue's short name links its identification, reviews and resolution. */
const ISSUE: EventField = {
  name: 'issue',
  label: 'Issue',
  kind: 'text',
  required: true,
  hint: 'A short name for it, e.g. sibling-contact',
};

const HEARING_OPTIONS = labelled(HEARINGS, {
  CMH: 'Case management hearing (CMH)',
  FCMH: 'Further case management hearing (FCMH)',
  IRH: 'Issues resolution hearing (IRH)',
  final: 'Final hearing',
});

/** Every event a person may record: its name for people and the fields it needs beyond `at`. */
export const EVENT_FORMS: Record<Recordable, { label: string; fields: EventField[] }> = {
  'looked-after.started': { label: EVENT_TITLES['looked-after.started'], fields: [] },
  // Where a Legal Gateway/Planning Meeting was recommended: a statutory review or a child
  // protection case conference.
  'lpm.recommended': {
    label: EVENT_TITLES['lpm.recommended'],
    fields: [
      {
        name: 'source',
        label: 'Recommended at',
        kind: 'select',
        required: true,
        options: labelled(LPM_SOURCES, {
          'statutory-review': 'A statutory review',
          cpcc: 'A child protection case conference (CPCC)',
        }),
      },
    ],
  },
  'lpm.scheduled': {
    label: EVENT_TITLES['lpm.scheduled'],
    fields: [{ name: 'on', label: 'Meeting', kind: 'datetime', required: true }],
  },
  'lpm.not-needed': { label: EVENT_TITLES['lpm.not-needed'], fields: [] },
  'lpm.reasons-sent-to-iro': { label: EVENT_TITLES['lpm.reasons-sent-to-iro'], fields: [] },
  'lpm.referral-checked': {
    label: EVENT_TITLES['lpm.referral-checked'],
    fields: [],
  },
  'lpm.iro-views-obtained': { label: EVENT_TITLES['lpm.iro-views-obtained'], fields: [] },
  'iro-sw-meeting.held': { label: EVENT_TITLES['iro-sw-meeting.held'], fields: [] },
  'order.made': {
    label: EVENT_TITLES['order.made'],
    fields: [
      {
        name: 'order',
        label: 'Order',
        kind: 'select',
        required: true,
        options: labelled(ORDERS, {
          ICO: 'Interim care order (ICO)',
          EPO: 'Emergency protection order (EPO)',
        }),
      },
    ],
  },
  'iro-service.notified': { label: EVENT_TITLES['iro-service.notified'], fields: [] },
  // The parties: naming a new one re-allocates or replaces whoever held the role.
  'lawyer.allocated': {
    label: EVENT_TITLES['lawyer.allocated'],
    fields: [
      {
        name: 'lawyer',
        label: 'The allocated lawyer',
        kind: 'person',
        role: 'lawyer',
        required: true,
      },
    ],
  },
  'social-worker.allocated': {
    label: EVENT_TITLES['social-worker.allocated'],
    fields: [
      {
        name: 'socialWorker',
        label: 'The allocated social worker',
        kind: 'person',
        role: 'social-worker',
        required: true,
      },
    ],
  },
  'iro.allocated': {
    label: EVENT_TITLES['iro.allocated'],
    fields: [
      { name: 'iro', label: 'The allocated IRO', kind: 'person', role: 'iro', required: true },
    ],
  },
  'court.notified-of-iro': { label: EVENT_TITLES['court.notified-of-iro'], fields: [] },
  'application.issued': { label: EVENT_TITLES['application.issued'], fields: [] },
  'standard-directions.received': {
    label: EVENT_TITLES['standard-directions.received'],
    fields: [],
  },
  'standard-directions.sent-to-iro': {
    label: EVENT_TITLES['standard-directions.sent-to-iro'],
    fields: [],
  },
  // CAFCASS Guardians and children's solicitors are in the directory, though outside the council.
  'guardian.appointed': {
    label: EVENT_TITLES['guardian.appointed'],
    fields: [
      {
        name: 'guardian',
        label: "The Children's Guardian",
        kind: 'person',
        role: 'guardian',
        required: true,
      },
    ],
  },
  'childs-solicitor.appointed': {
    label: EVENT_TITLES['childs-solicitor.appointed'],
    fields: [
      {
        name: 'solicitor',
        label: "The child's solicitor",
        kind: 'person',
        role: 'childs-solicitor',
        required: true,
      },
    ],
  },
  'guardian-details.sent-to-iro': {
    label: EVENT_TITLES['guardian-details.sent-to-iro'],
    fields: [],
  },
  'legal-details.sent-to-iro-admin': {
    label: EVENT_TITLES['legal-details.sent-to-iro-admin'],
    fields: [],
  },
  'previous-reviews.asked-for': { label: EVENT_TITLES['previous-reviews.asked-for'], fields: [] },
  'previous-reviews.requested': {
    label: EVENT_TITLES['previous-reviews.requested'],
    fields: [],
  },
  'cafcass.contacted-iro-service': {
    label: EVENT_TITLES['cafcass.contacted-iro-service'],
    fields: [],
  },
  'guardian-name.passed-to-iro': { label: EVENT_TITLES['guardian-name.passed-to-iro'], fields: [] },
  'guardian.care-plan-concern': { label: EVENT_TITLES['guardian.care-plan-concern'], fields: [] },
  'review-record-requirement.recorded': {
    label: EVENT_TITLES['review-record-requirement.recorded'],
    fields: [],
  },
  'document.not-needed': {
    label: EVENT_TITLES['document.not-needed'],
    fields: [
      {
        name: 'document',
        label: 'Document',
        kind: 'select',
        required: true,
        options: labelled(CONDITIONAL_DOCUMENTS, {
          'initial-care-plan': 'No initial court care plan was prepared',
          'contact-arrangements': 'Contact arrangements are covered in the care plan',
        }),
      },
    ],
  },
  'document.sent-to-iro': {
    label: EVENT_TITLES['document.sent-to-iro'],
    fields: [
      {
        name: 'document',
        label: 'Document',
        kind: 'select',
        required: true,
        options: labelled(INITIAL_DOCUMENTS, {
          'application-form': 'The court application form',
          'initial-sw-statement': 'Initial social work statement',
          'initial-care-plan': 'Initial court care plan',
          'sw-chronology': 'Social work chronology',
        }),
      },
    ],
  },
  'court-document.received': {
    label: EVENT_TITLES['court-document.received'],
    fields: [
      {
        name: 'document',
        label: 'Document',
        kind: 'select',
        required: true,
        options: labelled(COURT_DOCUMENTS, {
          order: 'Order',
          directions: 'Directions',
          'expert-report': 'Expert report',
          'guardian-report': "Children's Guardian report",
        }),
      },
      REF,
    ],
  },
  'court-document.uploaded': { label: EVENT_TITLES['court-document.uploaded'], fields: [REF] },
  'review.scheduled': {
    label: EVENT_TITLES['review.scheduled'],
    fields: [REVIEW, { name: 'on', label: 'Review', kind: 'datetime', required: true }],
  },
  'review.held': {
    label: EVENT_TITLES['review.held'],
    fields: [
      REVIEW,
      // Marks the first review where the log cannot tell (a child looked after before it began).
      { name: 'first', label: "This was the child's first looked-after review", kind: 'boolean' },
      // The same as recording `lpm.recommended` from this review.
      {
        name: 'recommendsLpm',
        label: 'The review recommended a legal planning meeting',
        kind: 'boolean',
      },
    ],
  },
  'review.minutes-sent-to-lawyer': {
    label: EVENT_TITLES['review.minutes-sent-to-lawyer'],
    fields: [REVIEW],
  },
  'guardian.invited-to-review': {
    label: EVENT_TITLES['guardian.invited-to-review'],
    fields: [REVIEW],
  },
  'review.record-sent-to-guardian': {
    label: EVENT_TITLES['review.record-sent-to-guardian'],
    fields: [REVIEW],
  },
  'filing.scheduled': {
    label: EVENT_TITLES['filing.scheduled'],
    fields: [
      {
        name: 'filing',
        label: 'What is to be filed',
        kind: 'select',
        required: true,
        options: labelled(FILINGS, {
          'final-evidence': "The Local Authority's final evidence",
          assessments: 'Assessments available',
          'guardian-report': "The Children's Guardian's report",
        }),
      },
      { name: 'due', label: 'Filing', kind: 'datetime', required: true },
    ],
  },
  'iro-alert.sent': { label: EVENT_TITLES['iro-alert.sent'], fields: [] },
  'draft.sent-to-iro': { label: EVENT_TITLES['draft.sent-to-iro'], fields: [] },
  'iro.comments-returned': { label: EVENT_TITLES['iro.comments-returned'], fields: [] },
  'iro-views.sent-to-social-worker': {
    label: EVENT_TITLES['iro-views.sent-to-social-worker'],
    fields: [
      {
        name: 'copiedToPpm',
        label: 'Copied to the Permanency Progression Manager',
        kind: 'boolean',
        required: true,
      },
    ],
  },
  'concern.raised': { label: EVENT_TITLES['concern.raised'], fields: [] },
  'concern.resolved': { label: EVENT_TITLES['concern.resolved'], fields: [] },
  'concern.remains': { label: EVENT_TITLES['concern.remains'], fields: [] },
  'legal-advice.sought': { label: EVENT_TITLES['legal-advice.sought'], fields: [] },
  'dispute.raised': { label: EVENT_TITLES['dispute.raised'], fields: [] },
  'dispute.resolved': { label: EVENT_TITLES['dispute.resolved'], fields: [] },
  'dispute.managers-informed': {
    label: EVENT_TITLES['dispute.managers-informed'],
    fields: [],
  },
  'court.informed-of-dispute': { label: EVENT_TITLES['court.informed-of-dispute'], fields: [] },
  'hearing.scheduled': {
    label: EVENT_TITLES['hearing.scheduled'],
    fields: [
      {
        name: 'hearing',
        label: 'Hearing',
        kind: 'select',
        required: true,
        options: HEARING_OPTIONS,
      },
      { name: 'on', label: 'Hearing', kind: 'datetime', required: true },
    ],
  },
  'filing.made': {
    label: EVENT_TITLES['filing.made'],
    fields: [
      {
        name: 'filing',
        label: 'What was filed',
        kind: 'select',
        required: true,
        options: labelled(FILINGS, {
          'final-evidence': "The Local Authority's final evidence",
          assessments: 'Assessments',
          'guardian-report': "The Children's Guardian's report",
        }),
      },
    ],
  },
  'hearing.held': {
    label: EVENT_TITLES['hearing.held'],
    fields: [
      {
        name: 'hearing',
        label: 'Hearing',
        kind: 'select',
        required: true,
        options: HEARING_OPTIONS,
      },
    ],
  },
  // Whether the child stays looked after decides the final IRO–Guardian steps.
  'proceedings.concluded': {
    label: EVENT_TITLES['proceedings.concluded'],
    fields: [
      {
        name: 'remainsLookedAfter',
        label: 'The child remains looked after',
        kind: 'boolean',
        required: true,
      },
    ],
  },
  'final-documents.confirmed': {
    label: EVENT_TITLES['final-documents.confirmed'],
    fields: [
      {
        name: 'documents',
        label: 'Documents forwarded',
        kind: 'checklist',
        required: true,
        options: labelled(FINAL_DOCUMENTS, {
          's31a-care-plan': 'Section 31A care plan',
          'guardian-report': "Children's Guardian report",
          'final-order': 'Copy of the final order',
          'contact-arrangements': 'Outline of contact arrangements',
        }),
      },
    ],
  },
  'iro-guardian.contact-made': { label: EVENT_TITLES['iro-guardian.contact-made'], fields: [] },
  'iro-guardian.discussion-held': {
    label: EVENT_TITLES['iro-guardian.discussion-held'],
    fields: [],
  },
  'discussion-frequency.agreed': {
    label: EVENT_TITLES['discussion-frequency.agreed'],
    fields: [
      { name: 'every', label: 'How often to talk', kind: 'frequency', required: true },
      {
        name: 'manner',
        label: 'In what manner',
        kind: 'select',
        options: labelled(DISCUSSION_MANNERS, {
          'in-person': 'In person',
          phone: 'By phone',
          video: 'By video call',
          'in-writing': 'In writing',
        }),
      },
    ],
  },
  'discussion.recorded': {
    label: EVENT_TITLES['discussion.recorded'],
    fields: [],
  },
  'outstanding-issue.identified': {
    label: EVENT_TITLES['outstanding-issue.identified'],
    fields: [ISSUE],
  },
  'outstanding-issue.reviewed': {
    label: EVENT_TITLES['outstanding-issue.reviewed'],
    fields: [ISSUE],
  },
  'outstanding-issue.resolved': {
    label: EVENT_TITLES['outstanding-issue.resolved'],
    fields: [ISSUE],
  },
};
