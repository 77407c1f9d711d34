/** Rules of the Protocol Between IROs and Children's Guardians (pack `iro-guardian`). */
import { instantOf } from '../case-file';
import { addCalendarMonths } from '../conventions/conventions';
import { later, type CaseFacts, type Fact, type FactOf } from '../engine/case-facts';
import { isoDateOf, londonDay } from '../time/london';
import { checklist } from './checklist';
import { perHolder } from './holders';
import type { Occurrence, Rule } from './rule';

const PROTOCOL = 'iro-childrens-guardian-protocol' as const;
const TARGET_REMINDERS = [{ businessDaysBefore: 1 }];

/** The IRO and Guardian can only talk once both are known. */
function bothKnown(f: CaseFacts): Fact | undefined {
  const guardian = f.guardianAppointed;
  if (!guardian) return undefined;
  const iro = f.first('iro.allocated');
  if (iro) return later(guardian, iro);
  // A child looked after before proceedings already has an IRO the log may not record.
  return f.header.lookedAfterBeforeProceedings ? guardian : undefined;
}

/** Each scheduled review, at its latest scheduled date, in the order first scheduled. */
function scheduledReviews(f: CaseFacts): Map<string, FactOf<'review.scheduled'>> {
  const reviews = new Map<string, FactOf<'review.scheduled'>>();
  for (const r of f.ofType('review.scheduled')) reviews.set(r.event.review, r);
  return reviews;
}

export const iroGuardianRules: Rule[] = [
  {
    id: 'guardian-iro-introduction',
    pack: 'iro-guardian',
    title: 'CAFCASS asks IRO admin for the designated IRO and gives the allocated Guardian',
    source: {
      document: PROTOCOL,
      quotes: [
        'On receipt of an application from the Local Authority, a representative from CAFCASS will make contact with IRO admin and ascertain the name of the designated IRO.',
        'CAFCASS will also advise IRO admin of the name of the allocated Guardian, in order that this information can be shared with the relevant allocated IRO;',
      ],
    },
    trigger: 'The application is issued (`application.issued`).',
    responsible: ['guardian'],
    recipients: ['iro-admin'],
    deadline: { kind: 'target', phrase: 'on receipt of an application' },
    completedBy: 'The allocated Guardian is recorded (`guardian.appointed`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const issued = f.first('application.issued');
      return issued
        ? [{ trigger: issued, completion: f.first('guardian.appointed', issued.index) }]
        : [];
    },
  },
  {
    id: 'iro-guardian-contact',
    pack: 'iro-guardian',
    title: "Establish contact between the IRO and the Children's Guardian",
    source: {
      document: PROTOCOL,
      quotes: [
        "The IRO and Children's Guardian will establish contact with each other and consider what communication is necessary in order to promote the best possible care planning process for each child.",
      ],
    },
    trigger:
      'Both the Guardian and the IRO are known (the later of `guardian.appointed` and `iro.allocated`).',
    responsible: ['iro', 'guardian'],
    recipients: ['iro', 'guardian'],
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy: 'Contact is made (`iro-guardian.contact-made`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    // A new IRO or a new Guardian makes contact afresh.
    occurrences: (f) => {
      const first = bothKnown(f);
      if (!first) return [];
      const changes = [...f.ofType('iro.allocated'), ...f.ofType('guardian.appointed')]
        .filter((c) => c.index > first.index)
        .sort((a, b) => a.index - b.index);
      return perHolder(
        [first, ...changes].map((trigger, i) => ({
          trigger,
          completion: f.first(
            'iro-guardian.contact-made',
            i === 0 ? f.guardianAppointed!.index : trigger.index,
          ),
          replaced:
            trigger.event.type === 'iro.allocated' ? 'IRO re-allocated' : 'Guardian replaced',
        })),
        'The IRO or the Guardian changed before contact was made: the new pair make contact.',
      );
    },
  },
  {
    id: 'initial-review-contact',
    pack: 'iro-guardian',
    title: 'Contact the Guardian about the initial looked-after review once its date is known',
    source: {
      document: PROTOCOL,
      quotes: [
        "In the event that the Children's Guardian is appointed prior to the first Looked After review, attendance at the initial review should be considered as an opportunity to establish contact.",
        'contact should be made with the Guardian by the allocated IRO when the date of the initial LAC review is known;',
      ],
    },
    trigger:
      'The Guardian is appointed before the first review and that review is scheduled (the later of the two).',
    responsible: ['iro'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'when the date of the initial LAC review is known' },
    completedBy: 'The IRO makes contact with the Guardian (`iro-guardian.contact-made`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const guardian = f.guardianAppointed;
      const becameLookedAfter = f.lookedAfterFrom;
      if (!guardian || !becameLookedAfter) return [];
      const firstHeld = f.first('review.held', becameLookedAfter.index);
      if (firstHeld && firstHeld.index < guardian.index) {
        return [
          {
            trigger: guardian,
            notApplicable: 'The Guardian was appointed after the first looked-after review.',
          },
        ];
      }
      const scheduled = f.first('review.scheduled', becameLookedAfter.index);
      if (!scheduled) return [];
      const trigger = later(guardian, scheduled)!;
      return [
        {
          trigger,
          label: `review ${scheduled.event.review}`,
          completion: f.first('iro-guardian.contact-made', trigger.index),
          cap: { at: instantOf(scheduled.event.on), label: 'the initial review' },
        },
      ];
    },
  },
  {
    id: 'guardian-invited-to-review',
    pack: 'iro-guardian',
    title: 'Advise the Guardian of the review and invite them',
    source: {
      document: PROTOCOL,
      quotes: [
        "The Children's Guardian should be advised of each review meeting and invited where appropriate.",
        "Children's Guardian's to receive an invitation to all relevant LAC reviews",
      ],
    },
    trigger:
      'A review is scheduled while a Guardian is appointed and proceedings continue (`review.scheduled`).',
    responsible: ['iro'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'before the review' },
    completedBy: 'The Guardian is invited to that review (`guardian.invited-to-review`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const guardian = f.guardianAppointed;
      if (!guardian) return [];
      const concluded = f.conclusion;
      const out: Occurrence[] = [];
      for (const [review, scheduled] of scheduledReviews(f)) {
        const on = instantOf(scheduled.event.on);
        if (on < guardian.at) continue;
        if (concluded && concluded.index < scheduled.index) continue;
        const trigger = later(guardian, scheduled)!;
        out.push({
          key: review,
          label: `review ${review}`,
          trigger,
          cap: { at: on, label: `review ${review}` },
          completion: f.first(
            'guardian.invited-to-review',
            guardian.index,
            (e) => e.review === review,
          ),
        });
      }
      return out;
    },
  },
  {
    id: 'review-record-to-guardian',
    pack: 'iro-guardian',
    title: 'Send the Guardian a copy of the review record',
    source: {
      document: PROTOCOL,
      quotes: ["Children's Guardian to receive a copy of each relevant review record."],
    },
    trigger:
      'A review is held while a Guardian is appointed and proceedings continue (`review.held`).',
    responsible: ['iro'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy: 'The record is sent (`review.record-sent-to-guardian` for the same review).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const guardian = f.guardianAppointed;
      if (!guardian) return [];
      return f
        .ofType('review.held')
        .filter((r) => r.index > guardian.index && f.duringProceedings(r))
        .map((trigger) => ({
          key: trigger.event.review,
          label: `review ${trigger.event.review}`,
          trigger,
          completion: f.first(
            'review.record-sent-to-guardian',
            trigger.index,
            (e) => e.review === trigger.event.review,
          ),
        }));
    },
  },
  {
    id: 'iro-guardian-discussion',
    pack: 'iro-guardian',
    title: 'Hold the IRO–Guardian discussion at the agreed frequency',
    source: {
      document: PROTOCOL,
      quotes: [
        'The IRO should ensure that discussions take place with the Guardian.',
        'The IRO and the Guardian should discuss and agree how often and in what manner these should occur.',
      ],
    },
    trigger:
      'The IRO and Guardian are both known (first, agree a frequency); then each agreed interval after the last discussion.',
    responsible: ['iro'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'agreed frequency' },
    completedBy:
      'A frequency is agreed (`discussion-frequency.agreed`), then each discussion is held (`iro-guardian.discussion-held`).',
    reminders: [{ businessDaysBefore: 2 }],
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const known = bothKnown(f);
      if (!known) return [];
      const firstAgreement = f.first('discussion-frequency.agreed', f.guardianAppointed!.index);
      const out: Occurrence[] = [
        {
          key: 'agree-frequency',
          label: 'agree how often',
          trigger: known,
          completion: firstAgreement,
        },
      ];
      if (!firstAgreement) return out;
      const concluded = f.conclusion;
      let n = 0;
      let last: Fact = firstAgreement;
      let every = firstAgreement.event.every;
      for (;;) {
        // A new agreement restarts the cycle from when it was made.
        const reagreed = f.first('discussion-frequency.agreed', last.index);
        const held = f.first('iro-guardian.discussion-held', last.index);
        if (reagreed && (!held || reagreed.index < held.index)) {
          last = reagreed;
          every = reagreed.event.every;
          continue;
        }
        if (concluded && concluded.index < last.index) break;
        n++;
        const completion = held && (!concluded || held.index < concluded.index) ? held : undefined;
        out.push({
          key: `d${n}`,
          label: `discussion ${n} (every ${describeEvery(every)})`,
          trigger: last,
          deadline: periodDeadline(every),
          completion,
          notApplicable:
            !completion && concluded
              ? 'Proceedings have concluded; the final discussion takes the place of the cycle.'
              : undefined,
        });
        if (!completion) break;
        last = completion;
      }
      return out;
    },
  },
  {
    id: 'dispute-notice-before-irh',
    pack: 'iro-guardian',
    title: 'Inform the court of the dispute with the IRO before the Issues Resolution Hearing',
    source: {
      document: PROTOCOL,
      quotes: [
        'Prior to the Issues Resolution Hearing, the Local Authority should inform the court of any dispute between the Local Authority and IRO about the plan for the child and any issues subject to the dispute resolution process;',
      ],
    },
    trigger:
      'An IRH is scheduled while a dispute between the Local Authority and the IRO is unresolved.',
    responsible: ['lawyer'],
    recipients: ['court'],
    deadline: {
      kind: 'before',
      convention: 'business-days-before',
      amount: 0,
      anchor: 'the Issues Resolution Hearing',
    },
    completedBy: 'The court is informed (`court.informed-of-dispute`).',
    reminders: [{ businessDaysBefore: 5 }, { businessDaysBefore: 1 }],
    escalation: ['principal-lawyer'],
    scope: 'court',
    occurrences: (f) => {
      const irh = f.last('hearing.scheduled', (e) => e.hearing === 'IRH');
      if (!irh) return [];
      const hearingAt = instantOf(irh.event.on);
      const open = f
        .ofType('dispute.raised')
        .filter((d) => d.at < hearingAt)
        .filter((d) => {
          const resolved = f.first('dispute.resolved', d.index);
          return !resolved || resolved.at >= hearingAt;
        });
      const firstOpen = open[0];
      if (!firstOpen) {
        const any = f.first('dispute.raised');
        return any && any.at < hearingAt
          ? [
              {
                trigger: later(irh, any)!,
                notApplicable: 'Every dispute was resolved before the IRH.',
              },
            ]
          : [];
      }
      return [
        {
          trigger: later(irh, firstOpen)!,
          anchor: hearingAt,
          completion: f.first('court.informed-of-dispute', firstOpen.index),
        },
      ];
    },
  },
  {
    id: 'final-discussion',
    pack: 'iro-guardian',
    title: 'Hold a final IRO–Guardian discussion and identify outstanding issues',
    source: {
      document: PROTOCOL,
      quotes: [
        'In all cases where the child is to remain Looked After, following the completion of proceedings, there should be a final discussion and any outstanding issues should be identified and kept under review;',
      ],
    },
    trigger:
      'Proceedings conclude with the child remaining looked after (`proceedings.concluded`).',
    responsible: ['iro', 'guardian'],
    recipients: ['iro', 'guardian'],
    deadline: { kind: 'target', phrase: 'following the completion of proceedings' },
    completedBy: 'A discussion is held after the conclusion (`iro-guardian.discussion-held`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const end = f.conclusion;
      if (!end || !f.guardianAppointed) return [];
      if (!end.event.remainsLookedAfter) {
        return [{ trigger: end, notApplicable: 'The child does not remain looked after.' }];
      }
      return [{ trigger: end, completion: f.first('iro-guardian.discussion-held', end.index) }];
    },
  },
  {
    id: 'final-documents-to-iro',
    pack: 'iro-guardian',
    title: 'Confirm that the final documents have been forwarded to the IRO',
    source: {
      document: PROTOCOL,
      quotes: [
        "In all cases where the child remains looked after, the Children's Guardian will confirm that all relevant documents have been forwarded to the IRO, these being:",
        'Section 31A Care Plan;',
        "Children's Guardian report;",
        'Copy of the final order;',
        'Outline of contact arrangements (if not covered in the Care Plan).',
      ],
    },
    trigger:
      'Proceedings conclude with the child remaining looked after (`proceedings.concluded`).',
    responsible: ['guardian'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy:
      'The Guardian confirms each document (`final-documents.confirmed`); contact arrangements only if not in the care plan.',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const end = f.conclusion;
      if (!end || !f.guardianAppointed) return [];
      if (!end.event.remainsLookedAfter) {
        return [{ trigger: end, notApplicable: 'The child does not remain looked after.' }];
      }
      const confirmed = (doc: string) =>
        f.first('final-documents.confirmed', end.index, (e) =>
          (e.documents as string[]).includes(doc),
        );
      const { checklist: list, completion } = checklist(
        [
          { item: 's31a-care-plan', label: 'Section 31A Care Plan', required: true },
          { item: 'guardian-report', label: "Children's Guardian report", required: true },
          { item: 'final-order', label: 'Copy of the final order', required: true },
          {
            item: 'contact-arrangements',
            label: 'Outline of contact arrangements',
            required: false,
            condition: 'if not covered in the Care Plan',
          },
        ],
        confirmed,
      );
      return [{ trigger: end, checklist: list, completion }];
    },
  },
  {
    id: 'link-meeting-review',
    pack: 'iro-guardian',
    title: 'Take the dispute-resolution issues to the next 6-monthly IRO/CAFCASS link meeting',
    source: {
      document: PROTOCOL,
      quotes: [
        'This Protocol will be reviewed alongside any issues arising from the Dispute Resolution process at IRO/CAFCASS link meetings scheduled on a 6 monthly basis.',
      ],
    },
    trigger: 'A dispute is raised in the case (`dispute.raised`).',
    responsible: ['iro-team-manager'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'at the next link meeting' },
    completedBy:
      'The IRO Team Manager marks it reviewed at the link meeting (`obligation.completed`).',
    reminders: [{ businessDaysBefore: 5 }],
    escalation: ['head-of-service'],
    scope: 'internal',
    occurrences: (f, { linkMeetingsFrom }) =>
      f.ofType('dispute.raised').map((trigger) => ({
        key: `e${trigger.seq}`,
        trigger,
        scheduledDay:
          linkMeetingsFrom === undefined
            ? undefined
            : nextLinkMeeting(linkMeetingsFrom, londonDay(trigger.at)),
      })),
  },
];

/** The first meeting of the 6-monthly cycle on or after a day. */
function nextLinkMeeting(first: number, onOrAfter: number): { day: number; description: string } {
  let day = first;
  for (let n = 1; day < onOrAfter; n++) day = addCalendarMonths(first, 6 * n);
  return {
    day,
    description: `the IRO/CAFCASS link meeting on ${isoDateOf(day)} (every 6 months from ${isoDateOf(first)})`,
  };
}

function periodDeadline(every: string): {
  convention: 'calendar-months' | 'calendar-days';
  amount: number;
} {
  const n = Number(every.slice(1, -1));
  const unit = every.slice(-1);
  if (unit === 'M') return { convention: 'calendar-months', amount: n };
  return { convention: 'calendar-days', amount: unit === 'W' ? 7 * n : n };
}

function describeEvery(every: string): string {
  const n = Number(every.slice(1, -1));
  const unit = { D: 'day', W: 'week', M: 'month' }[every.slice(-1) as 'D' | 'W' | 'M'];
  return n === 1 ? unit : `${n} ${unit}s`;
}
