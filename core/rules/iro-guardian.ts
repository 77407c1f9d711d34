/**
 * Rules of the Protocol Between IROs and Children's Guardians (pack `iro-guardian`).
 *
 * One file for the protocol, its rules in the protocol's order, each beside the sentence it quotes:
 * it is read against the protocol from top to bottom.
 */
import { instantOf, type EventType } from '../case-file';
import { addCalendarMonths } from '../conventions/conventions';
import { later, type CaseFacts, type Fact, type FactOf } from '../engine/case-facts';
import { humanDay } from '../time/human';
import { isoDateOf, londonDay } from '../time/london';
import { checklist } from './checklist';
import {
  AFTER_THE_MEETING,
  BY_THE_NEXT_LINK_MEETING,
  MONTHLY,
  ON_EACH_LINK_MEETING,
  TIMELY,
} from './default-targets';
import { eachMetBy } from './each';
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

/**
 * A duty of the IRO–Guardian pair: once both are known, and again for each new IRO or Guardian
 * (met by the first `done` event after the change; the first by one after the appointment).
 */
function perPair(f: CaseFacts, done: EventType, superseded: string): Occurrence[] {
  const first = bothKnown(f);
  if (!first) return [];
  const changes = [...f.ofType('iro.allocated'), ...f.ofType('guardian.appointed')]
    .filter((c) => c.index > first.index)
    .sort((a, b) => a.index - b.index);
  return perHolder(
    [first, ...changes].map((trigger, i) => ({
      trigger,
      completion: f.first(done, i === 0 ? f.guardianAppointed!.index : trigger.index),
      replaced: trigger.event.type === 'iro.allocated' ? 'IRO re-allocated' : 'Guardian replaced',
    })),
    superseded,
  );
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
    deadline: { kind: 'target', phrase: 'on receipt of an application', default: TIMELY },
    completedBy:
      "CAFCASS has contacted IRO admin, learnt the designated IRO and given the Guardian's name (`cafcass.contacted-iro-service`); a Guardian's appointment alone is not that contact.",
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const issued = f.first('application.issued');
      return issued
        ? [
            {
              trigger: issued,
              completion: f.first('cafcass.contacted-iro-service', issued.index),
            },
          ]
        : [];
    },
  },
  {
    id: 'guardian-name-to-iro',
    pack: 'iro-guardian',
    title: "Pass the Guardian's name to the allocated IRO",
    source: {
      document: PROTOCOL,
      quotes: [
        'CAFCASS will also advise IRO admin of the name of the allocated Guardian, in order that this information can be shared with the relevant allocated IRO;',
      ],
    },
    trigger:
      'IRO admin knows the Guardian (`cafcass.contacted-iro-service` or `guardian.appointed`) and an IRO is allocated; again for a new IRO or Guardian.',
    responsible: ['iro-admin'],
    recipients: ['iro'],
    deadline: {
      kind: 'target',
      phrase: 'in order that this information can be shared',
      default: TIMELY,
    },
    completedBy: "IRO admin passes the Guardian's name to the IRO (`guardian-name.passed-to-iro`).",
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) =>
      perPair(
        f,
        'guardian-name.passed-to-iro',
        'The IRO or the Guardian changed before the name was passed on: the current ones are told.',
      ),
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
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'Contact is made (`iro-guardian.contact-made`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    // A new IRO or a new Guardian makes contact afresh.
    occurrences: (f) =>
      perPair(
        f,
        'iro-guardian.contact-made',
        'The IRO or the Guardian changed before contact was made: the new pair make contact.',
      ),
  },
  {
    id: 'guardian-care-plan-concerns',
    pack: 'iro-guardian',
    title: "Discuss the Guardian's concern about the care plan with the IRO",
    source: {
      document: PROTOCOL,
      quotes: [
        "The Guardian will carry out their own assessment of the Local Authority's Care Plan and should discuss with the IRO any concerns they may have about the details of the Plan;",
      ],
    },
    trigger:
      'The Guardian records a concern about the details of the care plan (`guardian.care-plan-concern`).',
    responsible: ['guardian'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The IRO and Guardian discuss it (`iro-guardian.discussion-held`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => eachMetBy(f, 'guardian.care-plan-concern', 'iro-guardian.discussion-held'),
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
    deadline: {
      kind: 'target',
      phrase: 'when the date of the initial LAC review is known',
      default: TIMELY,
    },
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
      // The date is known from its first scheduling; the review is held at its latest date.
      const on = instantOf(scheduledReviews(f).get(scheduled.event.review)!.event.on);
      return [
        {
          trigger,
          label: `review ${scheduled.event.review}`,
          completion: f.first('iro-guardian.contact-made', trigger.index),
          cap: { at: on, label: 'the initial review' },
          ended: { at: on, label: 'the initial review took place' },
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
    deadline: { kind: 'target', phrase: 'before the review', default: TIMELY },
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
          ended: { at: on, label: `review ${review} took place` },
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
    deadline: { kind: 'target', phrase: 'no time given', default: AFTER_THE_MEETING },
    completedBy: 'The record is sent (`review.record-sent-to-guardian` for the same review).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
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
    id: 'review-record-requirement-on-record',
    pack: 'iro-guardian',
    title: 'Have Legal put on record that the Guardian receives each review record',
    source: {
      document: PROTOCOL,
      quotes: [
        'The Independent Reviewing Service will need to liaise with the Local Authority Legal Department to ensure that this requirement is placed on record as per the IRO Handbook (section 8.4);',
      ],
    },
    trigger: "A Children's Guardian is appointed during proceedings (`guardian.appointed`).",
    responsible: ['iro-admin'],
    recipients: ['lawyer'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'Legal has put the requirement on record (`review-record-requirement.recorded`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const guardian = f.guardianAppointed;
      if (!guardian || !f.duringProceedings(guardian)) return [];
      return [
        {
          trigger: guardian,
          completion: f.first('review-record-requirement.recorded'),
        },
      ];
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
    deadline: { kind: 'target', phrase: 'agreed frequency', default: TIMELY },
    completedBy:
      'A frequency is agreed (`discussion-frequency.agreed`), then each discussion is held (`iro-guardian.discussion-held`).',
    reminders: [{ businessDaysBefore: 2 }],
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
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
    id: 'discussion-recorded',
    pack: 'iro-guardian',
    title: "Record the IRO–Guardian discussion on the child's case record",
    source: {
      document: PROTOCOL,
      quotes: [
        "The content of discussions between the Children's Guardian and IRO should be recorded on the child's case record;",
      ],
    },
    trigger: 'An IRO–Guardian discussion is held (`iro-guardian.discussion-held`).',
    responsible: ['iro'],
    recipients: ['guardian'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: "Its content is recorded on the child's case record (`discussion.recorded`).",
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) =>
      f.ofType('iro-guardian.discussion-held').map((trigger) => ({
        key: `e${trigger.seq}`,
        label: humanDay(londonDay(trigger.at)),
        trigger,
        completion: f.first('discussion.recorded', trigger.index),
      })),
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
    endsWithProceedings: true,
    // Each dispute open before the IRH is reported, each by its own notice.
    occurrences: (f) => {
      const irh = f.last('hearing.scheduled', (e) => e.hearing === 'IRH');
      if (!irh) return [];
      const hearingAt = instantOf(irh.event.on);
      const disputes = f.ofType('dispute.raised').filter((d) => d.at < hearingAt);
      return disputes.map((dispute, i): Occurrence => {
        const key =
          i === 0 ? {} : { key: `e${dispute.seq}`, label: humanDay(londonDay(dispute.at)) };
        const resolved = f.first('dispute.resolved', dispute.index);
        if (resolved && resolved.at < hearingAt)
          return {
            ...key,
            trigger: later(irh, dispute)!,
            notApplicable: 'The dispute was resolved before the IRH.',
          };
        return {
          ...key,
          trigger: later(irh, dispute)!,
          anchor: hearingAt,
          completion: f.first('court.informed-of-dispute', dispute.index),
          ended: { at: hearingAt, label: 'the IRH took place' },
        };
      });
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
    deadline: {
      kind: 'target',
      phrase: 'following the completion of proceedings',
      default: TIMELY,
    },
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
    id: 'outstanding-issues-review',
    pack: 'iro-guardian',
    title: 'Keep the outstanding issue under review until it is resolved',
    source: {
      document: PROTOCOL,
      quotes: [
        'In all cases where the child is to remain Looked After, following the completion of proceedings, there should be a final discussion and any outstanding issues should be identified and kept under review;',
      ],
    },
    trigger:
      'An outstanding issue is identified (`outstanding-issue.identified`); then a month after each review, until it is resolved.',
    responsible: ['iro'],
    recipients: ['iro-team-manager'],
    deadline: { kind: 'target', phrase: 'kept under review', default: MONTHLY },
    completedBy:
      'The issue is reviewed (`outstanding-issue.reviewed`) or resolved (`outstanding-issue.resolved`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) =>
      f.ofType('outstanding-issue.identified').flatMap((identified) => {
        const issue = identified.event.issue;
        const out: Occurrence[] = [];
        let trigger: Fact = identified;
        for (let n = 1; ; n++) {
          const reviewed = f.first(
            'outstanding-issue.reviewed',
            trigger.index,
            (e) => e.issue === issue,
          );
          const resolved = f.first(
            'outstanding-issue.resolved',
            trigger.index,
            (e) => e.issue === issue,
          );
          const done =
            resolved && (!reviewed || resolved.index <= reviewed.index) ? resolved : reviewed;
          out.push({
            key: `${issue}:r${n}`,
            label: `${issue}, review ${n}`,
            trigger,
            completion: done,
          });
          if (!done || done === resolved) return out;
          trigger = done;
        }
      }),
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
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy:
      'The Guardian confirms each document (`final-documents.confirmed`); for contact arrangements, either they are forwarded or it is recorded that the care plan covers them (`document.not-needed`).',
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
        ) ?? f.first('document.not-needed', end.index, (e) => e.document === doc);
      const { checklist: list, completion } = checklist(
        [
          { item: 's31a-care-plan', label: 'Section 31A Care Plan', required: true },
          { item: 'guardian-report', label: "Children's Guardian report", required: true },
          { item: 'final-order', label: 'Copy of the final order', required: true },
          {
            item: 'contact-arrangements',
            label: 'Outline of contact arrangements',
            required: true,
            condition: 'if not covered in the Care Plan',
          },
        ],
        confirmed,
      );
      return [{ trigger: end, checklist: list, completion }];
    },
  },
  {
    id: 'link-meeting',
    level: 'service',
    pack: 'iro-guardian',
    title: 'Hold the 6-monthly IRO/CAFCASS link meeting and review this protocol at it',
    source: {
      document: PROTOCOL,
      quotes: [
        'This Protocol will be reviewed alongside any issues arising from the Dispute Resolution process at IRO/CAFCASS link meetings scheduled on a 6 monthly basis.',
      ],
    },
    trigger:
      'The council sets the first meeting (`linkMeetingsFrom`); one falls due every 6 calendar months from it.',
    responsible: ['iro-team-manager'],
    recipients: ['head-of-service'],
    deadline: {
      kind: 'target',
      phrase: 'scheduled on a 6 monthly basis',
      default: ON_EACH_LINK_MEETING,
    },
    completedBy:
      'The IRO Team Manager records the meeting held with the protocol reviewed (`link-meeting.held`); a meeting not held before the next is due is missed.',
    reminders: [{ businessDaysBefore: 10 }, { businessDaysBefore: 2 }],
    escalation: ['head-of-service'],
    scope: 'internal',
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
    deadline: {
      kind: 'target',
      phrase: 'at the next link meeting',
      default: BY_THE_NEXT_LINK_MEETING,
    },
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
