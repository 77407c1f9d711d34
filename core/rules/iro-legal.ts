/**
 * Rules of the IRO and Legal Services Protocol (pack `iro-legal`).
 *
 * One file for the protocol, its rules in the protocol's order, each beside the sentence it quotes:
 * it is read against the protocol from top to bottom.
 */
import { instantOf } from '../case-file';
import { later, type CaseFacts, type Fact, type FactOf } from '../engine/case-facts';
import { humanDay } from '../time/human';
import { londonDay } from '../time/london';
import { checklist } from './checklist';
import {
  BEFORE_THE_MEETING,
  IMMEDIATELY,
  TIMELY,
  AFTER_THE_MEETING,
  WITH_THE_DRAFT,
} from './default-targets';
import { eachMetBy } from './each';
import { perHolder } from './holders';
import type { Occurrence, Rule } from './rule';
import type { Role } from '../vocabulary';

const PROTOCOL = 'iro-legal-services-protocol' as const;
const DAY_REMINDERS = [{ businessDaysBefore: 2 }, { businessDaysBefore: 0 }];
const TARGET_REMINDERS = [{ businessDaysBefore: 1 }];

/** Single-occurrence rule: the first trigger event, met by the first completing event after it. */
function once(trigger: Fact | undefined, completion: (t: Fact) => Fact | undefined): Occurrence[] {
  return trigger ? [{ trigger, completion: completion(trigger) }] : [];
}

/**
 * LPM recommendations: explicit ones, and statutory reviews that recommend an LPM. A
 * recommendation from the same kind of meeting on the same day is the same one recorded twice
 * (a review marked as recommending it, and the recommendation recorded a few minutes later).
 */
function lpmRecommendations(f: CaseFacts): Fact[] {
  const all = [
    ...f.ofType('review.held').filter((r) => r.event.recommendsLpm),
    ...f.ofType('lpm.recommended'),
  ].sort((a, b) => a.index - b.index);
  const source = (r: Fact) =>
    r.event.type === 'lpm.recommended' ? r.event.source : 'statutory-review';
  const kept: Fact[] = [];
  for (const r of all) {
    const same = kept.some((k) => source(k) === source(r) && londonDay(k.at) === londonDay(r.at));
    if (!same) kept.push(r);
  }
  return kept;
}

/** A recommendation as an occurrence: keyed by its event, labelled with the review it came from. */
function recommendation(trigger: Fact): Occurrence {
  return {
    key: `e${trigger.seq}`,
    label: trigger.event.type === 'review.held' ? `review ${trigger.event.review}` : undefined,
    trigger,
  };
}

/** What the social work team did with a recommendation: listed the LPM, or decided against it. */
function lpmDecision(f: CaseFacts, recommendation: Fact): Fact | undefined {
  return earliest(
    f.first('lpm.scheduled', recommendation.index),
    f.first('lpm.not-needed', recommendation.index),
  );
}

function earliest(a: Fact | undefined, b: Fact | undefined): Fact | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.index <= b.index ? a : b;
}

/**
 * Each Legal Gateway/Planning Meeting at its latest date: a new date given before the meeting
 * moves it; one given after it lists another meeting.
 */
function lpms(f: CaseFacts): { first: Fact; latest: FactOf<'lpm.scheduled'>; on: number }[] {
  const out: { first: Fact; latest: FactOf<'lpm.scheduled'>; on: number }[] = [];
  for (const s of f.ofType('lpm.scheduled')) {
    const current = out[out.length - 1];
    if (current && s.at < current.on) {
      current.latest = s;
      current.on = instantOf(s.event.on);
    } else out.push({ first: s, latest: s, on: instantOf(s.event.on) });
  }
  return out;
}

/** Duties to prepare for an LPM: due before it; not done by the time it is held, missed. */
function beforeEachLpm(f: CaseFacts, done: (after: Fact) => Fact | undefined): Occurrence[] {
  return lpms(f).map(({ first, latest, on }) => ({
    key: `e${first.seq}`,
    label: `LPM ${humanDay(londonDay(on))}`,
    trigger: latest,
    anchor: on,
    completion: done(first),
    ended: { at: on, label: 'the LPM took place' },
  }));
}

/** The latest final-evidence filing date, and the first time one was set. */
function finalEvidence(f: CaseFacts) {
  const isFinal = (e: { filing: string }) => e.filing === 'final-evidence';
  const first = f.first('filing.scheduled', -1, isFinal);
  const latest = f.last('filing.scheduled', isFinal);
  return first && latest ? { first, latest, due: instantOf(latest.event.due) } : undefined;
}

export const iroLegalRules: Rule[] = [
  {
    id: 'lpm-recommendation-notice',
    pack: 'iro-legal',
    title: 'Notify the Permanency Progression Manager of the recommendation to convene an LPM',
    source: {
      document: PROTOCOL,
      quotes: [
        'When a recommendation has been made at a statutory review or CPCC that Family Services should convene a Legal Gateway/Planning Meeting, the IRO will notify the Permanency Progression Manager within 5 working days.',
      ],
    },
    trigger:
      'A statutory review or CPCC recommends a Legal Gateway/Planning Meeting (`lpm.recommended`, or `review.held` with `recommendsLpm`; the same recommendation recorded twice on a day counts once).',
    responsible: ['iro'],
    recipients: ['permanency-progression-manager'],
    deadline: { kind: 'after', convention: 'working-days', amount: 5 },
    completedBy: 'The IRO marks it complete (`obligation.completed`).',
    reminders: DAY_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => lpmRecommendations(f).map(recommendation),
  },
  {
    id: 'lpm-progression',
    pack: 'iro-legal',
    title: 'Progress the recommended LPM (list it, or record that it is not needed)',
    source: {
      document: PROTOCOL,
      quotes: [
        'The Permanency Progression Manager will ensure this is progressed in a timely manner.',
      ],
    },
    trigger: 'An LPM is recommended (as for `lpm-recommendation-notice`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['iro', 'social-worker'],
    deadline: { kind: 'target', phrase: 'in a timely manner', default: TIMELY },
    completedBy:
      'The LPM is listed (`lpm.scheduled`) or the social work team decides it is not needed (`lpm.not-needed`).',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service'],
    scope: 'internal',
    occurrences: (f) =>
      lpmRecommendations(f).map((trigger) => ({
        ...recommendation(trigger),
        completion: lpmDecision(f, trigger),
      })),
  },
  {
    id: 'lpm-reasons-to-iro',
    pack: 'iro-legal',
    title: 'Make sure the reasons an LPM is not needed reach the IRO',
    source: {
      document: PROTOCOL,
      quotes: [
        'If the social work team decide it is not necessary the Permanency Progression Manager will ensure that the reasons are communicated to the IRO.',
      ],
    },
    trigger: 'The social work team decides an LPM is not needed (`lpm.not-needed`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The reasons are sent to the IRO (`lpm.reasons-sent-to-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service'],
    scope: 'internal',
    occurrences: (f) => eachMetBy(f, 'lpm.not-needed', 'lpm.reasons-sent-to-iro'),
  },
  {
    id: 'iro-social-work-meeting',
    pack: 'iro-legal',
    title: 'Convene a meeting between the IRO and the social work team to seek agreement',
    source: {
      document: PROTOCOL,
      quotes: [
        'In most cases they will convene a meeting between the IRO and social work team to see if agreement can be reached.',
      ],
    },
    trigger:
      'The IRO is told an LPM is not needed (`lpm.not-needed`), or raises a concern during proceedings (`concern.raised`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['iro', 'social-worker'],
    deadline: { kind: 'target', phrase: 'in most cases (no time given)', default: TIMELY },
    completedBy:
      'The meeting is held (`iro-sw-meeting.held`); "in most cases", so a manager may waive it with the reason.',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service'],
    scope: 'internal',
    occurrences: (f) =>
      [
        ...f.ofType('lpm.not-needed'),
        ...f.ofType('concern.raised').filter((c) => f.duringProceedings(c)),
      ]
        .sort((a, b) => a.index - b.index)
        .map((trigger): Occurrence => {
          const held = f.first('iro-sw-meeting.held', trigger.index);
          const resolved =
            trigger.event.type === 'concern.raised'
              ? f.first('concern.resolved', trigger.index)
              : undefined;
          // Agreement reached without a meeting: none is needed any more.
          if (resolved && (!held || resolved.index < held.index))
            return {
              key: `e${trigger.seq}`,
              label: 'about a concern',
              trigger,
              notApplicable: 'The concern was resolved without a meeting.',
              ended: { at: resolved.at, label: 'the concern was resolved without it' },
            };
          return {
            key: `e${trigger.seq}`,
            label: trigger.event.type === 'concern.raised' ? 'about a concern' : 'LPM not needed',
            trigger,
            completion: held,
          };
        }),
  },
  {
    id: 'order-notice-to-iro-service',
    pack: 'iro-legal',
    title:
      'Notify the IRO service of the order (via the IRO administrator, copied to the IRO Team Manager)',
    source: {
      document: PROTOCOL,
      quotes: [
        'Where the child is not already a Child Looked After, Legal Services and the social worker will notify the IRO service (via their administrator and copied to the Team Manager) within 48 hours of the making of any Interim Care Order (or an Emergency Protection Order) by virtue of which the child becomes looked after.',
      ],
    },
    trigger: 'An ICO or EPO is made (`order.made`) by which the child becomes looked after.',
    responsible: ['lawyer', 'social-worker'],
    recipients: ['iro-admin', 'iro-team-manager'],
    deadline: { kind: 'after', convention: 'business-hours', amount: 48 },
    completedBy: 'The IRO service is notified (`iro-service.notified`).',
    reminders: [{ hoursBefore: 24 }, { hoursBefore: 4 }],
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const order = f.first('order.made');
      if (!order) return [];
      if (f.lookedAfterBefore(order)) {
        return [
          {
            trigger: order,
            notApplicable:
              'The child was already looked after when the order was made, so the IRO service already knows the child.',
          },
        ];
      }
      return [{ trigger: order, completion: f.first('iro-service.notified', order.index) }];
    },
  },
  {
    id: 'iro-allocation-reply',
    pack: 'iro-legal',
    title: "Give Legal Services the allocated IRO's name and contact details",
    source: {
      document: PROTOCOL,
      quotes: [
        'Upon receipt of the notification the IRO service/administrator will inform Legal Services the name and contact details for the allocated IRO, within 5 working days.',
      ],
    },
    trigger: 'The IRO service is notified of the order (`iro-service.notified`).',
    responsible: ['iro-admin'],
    recipients: ['lawyer'],
    deadline: { kind: 'after', convention: 'working-days', amount: 5 },
    completedBy:
      'The allocated IRO is recorded (`iro.allocated`), even if recorded before the notification.',
    reminders: DAY_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const notified = f.first('iro-service.notified');
      if (!notified) return [];
      // An IRO already allocated when the notice came is one Legal already has.
      return [
        {
          trigger: notified,
          completion: f.first('iro.allocated', notified.index) ?? f.last('iro.allocated'),
        },
      ];
    },
  },
  {
    id: 'iro-details-to-court',
    pack: 'iro-legal',
    title: "Notify the court and CAFCASS (or the child's solicitor) of the allocated IRO",
    source: {
      document: PROTOCOL,
      quotes: [
        "Legal Services will be responsible for notifying the Court and CAFCASS (or in the absence of a Children's Guardian the child's solicitor) of the name and contact details for the allocated IRO.",
        "Where care proceedings are being contemplated or a decision has been made by Children's Social Care at a Legal Gateway/Planning Meeting for proceedings to be initiated this information will be provided to the court and CAFCASS at the time the application is filed.",
      ],
    },
    trigger:
      'Proceedings start with an IRO allocated (the later of `iro.allocated` and the application or first order; for a child already looked after, the start of proceedings).',
    responsible: ['lawyer'],
    recipients: ['court', 'guardian', 'childs-solicitor'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The court is notified of the IRO (`court.notified-of-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'court',
    endsWithProceedings: true,
    // Told of each allocated IRO: a re-allocation starts it again for the new one.
    occurrences: (f) => {
      const start = f.proceedingsStart;
      if (!start) return [];
      const guardian = f.guardianAppointed;
      const allocations = f.ofType('iro.allocated');
      // An IRO replaced before proceedings started was never one the court needed to hear of.
      const told: Fact[] = allocations.filter((_, i) => {
        const next = allocations[i + 1];
        return !next || next.index > start.index;
      });
      // A child looked after before proceedings has an IRO already, whether or not the log
      // names them: the court hears of them from the application.
      const knownAtStart = f.lookedAfterBefore(start) && !told.some((a) => a.index <= start.index);
      const triggers = knownAtStart ? [start, ...told] : told;
      return perHolder(
        triggers.map((allocated, i) => ({
          trigger: later(allocated, start)!,
          completion: f.first(
            'court.notified-of-iro',
            i === 0 ? Math.min(allocated.index, start.index) : allocated.index,
          ),
          replaced: 'IRO re-allocated',
        })),
        'The IRO was re-allocated before the court was told: the court is told of the new IRO.',
      ).map((o) => ({
        ...o,
        recipients:
          guardian && guardian.index <= o.trigger.index
            ? ['court', 'guardian']
            : ['court', 'childs-solicitor'],
      }));
    },
  },
  {
    id: 'lpm-referral-iro-details',
    pack: 'iro-legal',
    title: "Check the IRO's details and preliminary views are on the LPM referral form",
    source: {
      document: PROTOCOL,
      quotes: [
        'Where a child is looked after (CLA) but not yet subject to proceedings the allocated Lawyer will establish the details of the IRO as part of the Legal Gateway/Planning Meeting (LPM) process.',
        'Details should be included on the referral form.',
        "IRO's details and preliminary views are to be put on the referral form prior to a LPM and the allocated Lawyer will check that it is available to them along with other documentation required for the LPM.",
      ],
    },
    trigger: 'An LPM is listed (`lpm.scheduled`); its latest date counts.',
    responsible: ['lawyer'],
    recipients: ['social-worker'],
    deadline: { kind: 'target', phrase: 'prior to a LPM', default: BEFORE_THE_MEETING },
    completedBy: 'The lawyer has checked the referral form (`lpm.referral-checked`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) => beforeEachLpm(f, (t) => f.first('lpm.referral-checked', t.index)),
  },
  {
    id: 'lpm-iro-views',
    pack: 'iro-legal',
    title: "Seek the IRO's views on the proposed care plan before the LPM",
    source: {
      document: PROTOCOL,
      quotes: [
        'At an LPM where advice is sought regarding threshold for proceedings to be issued, the lawyer will ask the social worker the IROs views on the proposed care plan which should be sought in advance of the LPM.',
      ],
    },
    trigger: 'An LPM is listed (`lpm.scheduled`); its latest date counts.',
    responsible: ['social-worker'],
    recipients: ['lawyer', 'iro'],
    deadline: { kind: 'target', phrase: 'in advance of the LPM', default: BEFORE_THE_MEETING },
    completedBy: "The social worker has the IRO's views (`lpm.iro-views-obtained`).",
    reminders: TARGET_REMINDERS,
    escalation: ['permanency-progression-manager'],
    scope: 'internal',
    occurrences: (f) => beforeEachLpm(f, (t) => f.first('lpm.iro-views-obtained', t.index)),
  },
  {
    id: 'standard-directions-to-iro',
    pack: 'iro-legal',
    title: 'Copy the allocated IRO into the standard directions',
    source: {
      document: PROTOCOL,
      quotes: [
        "The allocated lawyer will automatically copy the allocated IRO into the Court's response to issuing (the standard directions).",
      ],
    },
    trigger: 'The standard directions are received (`standard-directions.received`).',
    responsible: ['lawyer'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'automatically', default: IMMEDIATELY },
    completedBy: 'They are sent to the IRO (`standard-directions.sent-to-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) =>
      once(f.first('standard-directions.received'), (t) =>
        f.first('standard-directions.sent-to-iro', t.index),
      ),
  },
  {
    id: 'legal-details-to-iro-admin',
    pack: 'iro-legal',
    title: "Give the IRO administrator the allocated lawyer's and Guardian's details",
    source: {
      document: PROTOCOL,
      quotes: [
        "Legal Services will also provide details of the allocated Lawyer and Children's Guardian (if one has been appointed) to the IRO administrator.",
      ],
    },
    trigger:
      'Proceedings start; again when the lawyer changes or a Guardian is appointed or replaced during them.',
    responsible: ['lawyer'],
    recipients: ['iro-admin'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The details are sent (`legal-details.sent-to-iro-admin`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const start = f.proceedingsStart;
      if (!start) return [];
      const changes = [...f.ofType('lawyer.allocated'), ...f.ofType('guardian.appointed')]
        .filter((c) => c.index > start.index && f.duringProceedings(c))
        .sort((a, b) => a.index - b.index);
      return perHolder(
        [start, ...changes].map((trigger) => ({
          trigger,
          completion: f.first('legal-details.sent-to-iro-admin', trigger.index),
          replaced:
            trigger.event.type === 'lawyer.allocated' ? 'lawyer changed' : 'Guardian appointed',
        })),
        'The details changed before they were sent: the current ones are sent.',
      );
    },
  },
  {
    id: 'guardian-details-to-iro',
    pack: 'iro-legal',
    title: "Tell the IRO service (via the allocated IRO) the Children's Guardian's contact details",
    source: {
      document: PROTOCOL,
      quotes: [
        "Allocated lawyer will inform the IRO service, via the allocated IRO, once a Children's Guardian is appointed for a child together with their contact details.",
      ],
    },
    trigger: "A Children's Guardian is appointed (`guardian.appointed`).",
    responsible: ['lawyer'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'once a Guardian is appointed', default: TIMELY },
    completedBy: 'The details are sent to the IRO (`guardian-details.sent-to-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    // A replacement Guardian's details go to the IRO too.
    occurrences: (f) =>
      perHolder(
        f.ofType('guardian.appointed').map((appointed) => ({
          trigger: appointed,
          completion: f.first('guardian-details.sent-to-iro', appointed.index),
          replaced: 'Guardian replaced',
        })),
        "The Guardian was replaced before their details were sent: the new Guardian's are sent.",
      ),
  },
  {
    id: 'initial-documents-to-iro',
    pack: 'iro-legal',
    title: 'Provide the initial court documents to the IRO service',
    source: {
      document: PROTOCOL,
      quotes: [
        'When a child becomes looked after by virtue of an interim care order the allocated Lawyer will provide to the IRO administrator (or the IRO directly in the case of a child already looked after), within 5 working days, the following documents:',
        'The court application form;',
        'Initial social work statement;',
        'Initial court care plan (if one has been prepared);',
        'Social work chronology.',
      ],
    },
    trigger: 'The first interim care order is made (`order.made` with `order: ICO`).',
    responsible: ['lawyer'],
    recipients: ['iro-admin'],
    deadline: { kind: 'after', convention: 'working-days', amount: 5 },
    completedBy:
      'Each document is sent (`document.sent-to-iro`); for the care plan, either it is sent or it is recorded that none was prepared (`document.not-needed`).',
    reminders: DAY_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const ico = f.first('order.made', -1, (e) => e.order === 'ICO');
      if (!ico) return [];
      const sent = (doc: string) =>
        f.first('document.sent-to-iro', ico.index, (e) => e.document === doc) ??
        f.first('document.not-needed', ico.index, (e) => e.document === doc);
      const { checklist: list, completion } = checklist(
        [
          { item: 'application-form', label: 'The court application form', required: true },
          { item: 'initial-sw-statement', label: 'Initial social work statement', required: true },
          {
            item: 'initial-care-plan',
            label: 'Initial court care plan',
            required: true,
            condition: 'if one has been prepared',
          },
          { item: 'sw-chronology', label: 'Social work chronology', required: true },
        ],
        sent,
      );
      return [
        {
          trigger: ico,
          checklist: list,
          completion,
          recipients: f.lookedAfterBefore(ico) ? ['iro'] : ['iro-admin'],
        },
      ];
    },
  },
  {
    id: 'court-documents-upload',
    pack: 'iro-legal',
    title: 'Upload the court document to LCS so the IRO can read it',
    source: {
      document: PROTOCOL,
      quotes: [
        "All legal documents must be loaded by the allocated social worker onto LCS via the 'documents tab' as soon as available so that these are readily available to the IRO.",
        'Thereafter copies of all relevant Court documents, including:',
        'Court orders and directions;',
        'Reports of experts;',
        "Reports of the Children's Guardian;",
        'Will be uploaded by allocated SW within 5 days of receipt.',
      ],
    },
    trigger:
      'A court document is received (`court-document.received`), one obligation per document.',
    responsible: ['social-worker'],
    recipients: ['iro'],
    deadline: { kind: 'after', convention: 'working-days', amount: 5 },
    completedBy: 'The document with the same reference is uploaded (`court-document.uploaded`).',
    reminders: DAY_REMINDERS,
    escalation: ['permanency-progression-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) =>
      f.ofType('court-document.received').map((trigger) => ({
        key: trigger.event.ref,
        label: `${trigger.event.document} ${trigger.event.ref}`,
        trigger,
        completion: f.first(
          'court-document.uploaded',
          trigger.index,
          (e) => e.ref === trigger.event.ref,
        ),
      })),
  },
  {
    id: 'review-minutes-to-lawyer',
    pack: 'iro-legal',
    title: "Forward the statutory review's minutes to the allocated lawyer",
    source: {
      document: PROTOCOL,
      quotes: [
        'The IRO administrator will be responsible for forwarding to Legal Services, to the allocated Lawyer a copy of the minutes of all statutory reviews that take place after proceedings commence.',
      ],
    },
    trigger: 'A statutory review is held after proceedings commence (`review.held`).',
    responsible: ['iro-admin'],
    recipients: ['lawyer'],
    deadline: { kind: 'target', phrase: 'no time given', default: AFTER_THE_MEETING },
    completedBy: 'The minutes are sent (`review.minutes-sent-to-lawyer` for the same review).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const start = f.proceedingsStart;
      if (!start) return [];
      return f
        .ofType('review.held')
        .filter((r) => r.index > start.index)
        .map((trigger) => ({
          key: trigger.event.review,
          label: `review ${trigger.event.review}`,
          trigger,
          completion: f.first(
            'review.minutes-sent-to-lawyer',
            trigger.index,
            (e) => e.review === trigger.event.review,
          ),
        }));
    },
  },
  {
    id: 'previous-reviews-request',
    pack: 'iro-legal',
    title: 'Request the previous reviews a party asked for from the IRO service',
    source: {
      document: PROTOCOL,
      quotes: [
        'Should the parties request any previous reviews the allocated Lawyer will request these from the IRO service.',
      ],
    },
    trigger: 'A party to the proceedings asks for previous reviews (`previous-reviews.asked-for`).',
    responsible: ['lawyer'],
    recipients: ['iro-admin'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The lawyer requests them from the IRO service (`previous-reviews.requested`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => eachMetBy(f, 'previous-reviews.asked-for', 'previous-reviews.requested'),
  },
  {
    id: 'iro-concern-escalation',
    pack: 'iro-legal',
    title: "Mediate the IRO's concern about the planning or progress of the case",
    source: {
      document: PROTOCOL,
      quotes: [
        'If during the proceedings the IRO is concerned about the planning or progress of the case, they will immediately inform the Permanency Progression Manager and the social work team.',
        'The Permanency Progression Manager will find ways of mediating the discussion.',
      ],
    },
    trigger:
      'The IRO raises a concern during proceedings (`concern.raised`); recording it tells the PPM and the social work team at once.',
    responsible: ['permanency-progression-manager'],
    recipients: ['permanency-progression-manager', 'social-worker'],
    // "Immediately": the PPM and the social work team are told when it is recorded, and the
    // PPM takes it up by the end of the next business day (a council may allow longer).
    deadline: { kind: 'target', phrase: 'immediately', default: IMMEDIATELY },
    completedBy: 'The concern is resolved (`concern.resolved`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) =>
      f.ofType('concern.raised').map((trigger) => ({
        key: `e${trigger.seq}`,
        trigger,
        completion: f.first('concern.resolved', trigger.index),
        notApplicable: f.duringProceedings(trigger)
          ? undefined
          : 'The concern was raised outside proceedings; the IRO dispute resolution process applies instead.',
      })),
  },
  {
    id: 'concern-legal-advice',
    pack: 'iro-legal',
    title: 'Seek legal advice via the Principal Lawyer on the concern that remains',
    source: {
      document: PROTOCOL,
      quotes: [
        'If they remain dissatisfied then they must seek legal advice via the principal lawyer.',
      ],
    },
    trigger: 'The IRO remains dissatisfied after mediation (`concern.remains`).',
    responsible: ['iro'],
    recipients: ['principal-lawyer'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'Legal advice is sought via the Principal Lawyer (`legal-advice.sought`).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => eachMetBy(f, 'concern.remains', 'legal-advice.sought'),
  },
  {
    id: 'final-evidence-alert',
    pack: 'iro-legal',
    title: 'Alert the IRO to the date the draft final evidence is due',
    source: {
      document: PROTOCOL,
      quotes: [
        'The allocated lawyer will email the IRO an alert that the social work team is due to submit its draft final evidence on a specified date.',
      ],
    },
    trigger: 'The final-evidence filing date is set or changed (`filing.scheduled`).',
    responsible: ['lawyer'],
    recipients: ['iro'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy: 'The IRO alert is sent for the latest filing date (`iro-alert.sent`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) => {
      // A changed filing date needs a fresh alert: the alert names the date.
      const filing = finalEvidence(f);
      if (!filing) return [];
      return [
        {
          trigger: filing.latest,
          completion: f.first('iro-alert.sent', filing.latest.index),
          cap: { at: filing.due, label: 'the final-evidence filing deadline' },
          ended: { at: filing.due, label: 'the filing date passed' },
        },
      ];
    },
  },
  {
    id: 'iro-views-for-final-care-plan',
    pack: 'iro-legal',
    title:
      "Send the IRO's views to the social worker for the draft final care plan (copied to the PPM)",
    source: {
      document: PROTOCOL,
      quotes: [
        "The IRO will ensure their views are communicated to the child's social worker so these can be included in the local authority's draft final care plan and statement when it is submitted to Legal Services.",
        'This should be copied to the Permanency Progression Manager.',
      ],
    },
    trigger: 'The final-evidence filing date is set (`filing.scheduled`); the latest date counts.',
    responsible: ['iro'],
    recipients: ['social-worker', 'permanency-progression-manager'],
    deadline: {
      kind: 'target',
      phrase: "so these can be included in the local authority's draft final care plan",
      default: WITH_THE_DRAFT,
    },
    completedBy:
      "The IRO's views are sent to the social worker, copied to the PPM (`iro-views.sent-to-social-worker`).",
    reminders: DAY_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const filing = finalEvidence(f);
      if (!filing) return [];
      const sent = (item: string) =>
        f.first('iro-views.sent-to-social-worker', -1, (e) =>
          item === 'ppm-copy' ? e.copiedToPpm : true,
        );
      const { checklist: list, completion } = checklist(
        [
          {
            item: 'social-worker',
            label: "Views sent to the child's social worker",
            required: true,
          },
          {
            item: 'ppm-copy',
            label: 'Copied to the Permanency Progression Manager',
            required: true,
          },
        ],
        sent,
      );
      return [
        {
          trigger: filing.latest,
          anchor: filing.due,
          checklist: list,
          completion,
          ended: { at: filing.due, label: 'the filing date passed' },
        },
      ];
    },
  },
  {
    id: 'draft-final-evidence-to-iro',
    pack: 'iro-legal',
    title: 'Get the draft final statement and care plan to the IRO',
    source: {
      document: PROTOCOL,
      quotes: [
        "Prior to the filing of the Local Authority's final statement and care plan the draft needs to be with the IRO five days before it is due to be filed.",
      ],
    },
    trigger: 'The final-evidence filing date is set (`filing.scheduled`); the latest date counts.',
    responsible: ['lawyer', 'social-worker'],
    recipients: ['iro'],
    deadline: {
      kind: 'before',
      convention: 'business-days-before',
      amount: 5,
      anchor: 'the final-evidence filing deadline',
    },
    completedBy: 'The draft is sent to the IRO (`draft.sent-to-iro`).',
    reminders: DAY_REMINDERS,
    escalation: ['permanency-progression-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const filing = finalEvidence(f);
      if (!filing) return [];
      return [
        {
          trigger: filing.latest,
          anchor: filing.due,
          // A draft with the IRO stays with them, whenever the filing date was first recorded.
          completion: f.first('draft.sent-to-iro'),
          ended: { at: filing.due, label: 'the filing date passed' },
        },
      ];
    },
  },
  {
    id: 'iro-comments-on-draft',
    pack: 'iro-legal',
    title: 'Return comments on the draft final evidence',
    source: {
      document: PROTOCOL,
      quotes: ['They will return it 24 hours later with any comments.'],
    },
    trigger:
      'The IRO receives the draft (`draft.sent-to-iro`); the window starts at actual receipt.',
    responsible: ['iro'],
    recipients: ['lawyer', 'social-worker'],
    deadline: { kind: 'after', convention: 'business-hours', amount: 24 },
    completedBy: "The IRO's comments are returned (`iro.comments-returned`).",
    reminders: [{ hoursBefore: 8 }, { hoursBefore: 2 }],
    escalation: ['permanency-progression-manager'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => {
      const draft = f.first('draft.sent-to-iro');
      if (!draft) return [];
      const filing = finalEvidence(f);
      if (filing && draft.at >= filing.due)
        return [
          {
            trigger: draft,
            notApplicable:
              "The draft reached the IRO after filing was due, so the IRO's window to comment was lost; the late draft is Legal's (see the draft obligation).",
          },
        ];
      return [
        {
          trigger: draft,
          completion: f.first('iro.comments-returned', draft.index),
          ended: filing ? { at: filing.due, label: 'the filing date passed' } : undefined,
          // A window cut short by a late draft is the lawyer's to answer for.
          cap: filing
            ? {
                at: filing.due,
                label: 'the final-evidence filing deadline',
                escalation: ['principal-lawyer'],
              }
            : undefined,
        },
      ];
    },
  },
  {
    id: 'disagreement-escalation',
    pack: 'iro-legal',
    title: 'Lead the resolution of the disagreement',
    source: {
      document: PROTOCOL,
      quotes: [
        'If there is disagreement the Permanency Progression Manger will take a lead in resolving the matter in a timely manner.',
      ],
    },
    trigger: 'A disagreement is raised (`dispute.raised`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['iro', 'lawyer'],
    deadline: { kind: 'target', phrase: 'in a timely manner', default: TIMELY },
    completedBy: 'The disagreement is resolved (`dispute.resolved`).',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service', 'principal-lawyer'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => eachMetBy(f, 'dispute.raised', 'dispute.resolved'),
  },
  {
    id: 'disagreement-reported-to-managers',
    pack: 'iro-legal',
    title: 'Inform the Head of Service and Principal Lawyer of the IRO alert and the responses',
    source: {
      document: PROTOCOL,
      quotes: [
        'They will also ensure the operational Head of Service and Principal Lawyer are informed of the IRO alert and any responses to it.',
      ],
    },
    trigger: 'A disagreement is raised (`dispute.raised`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['head-of-service', 'principal-lawyer'],
    deadline: { kind: 'target', phrase: 'no time given', default: TIMELY },
    completedBy:
      'The Head of Service and Principal Lawyer are informed (`dispute.managers-informed`).',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service'],
    scope: 'internal',
    endsWithProceedings: true,
    occurrences: (f) => eachMetBy(f, 'dispute.raised', 'dispute.managers-informed'),
  },
  {
    id: 'court-timetable',
    pack: 'iro-legal',
    title: 'Keep to the court timetable',
    source: {
      document: PROTOCOL,
      quotes: [
        'It is the individual responsibility of the IRO, Social Work Team and lawyer to make sure they are aware of the relevant Court timetable which will specify when assessments are available and final evidence is due for each case they are involved with.',
      ],
    },
    trigger:
      "The lawyer records a date from the court's directions (`filing.scheduled`, `hearing.scheduled`); a later direction changes it.",
    responsible: ['lawyer'],
    recipients: ['iro', 'social-worker', 'guardian'],
    deadline: {
      kind: 'before',
      convention: 'business-days-before',
      amount: 0,
      anchor: "the date in the court's directions",
    },
    completedBy: 'The item is filed (`filing.made`) or the hearing held (`hearing.held`).',
    reminders: [{ businessDaysBefore: 10 }, { businessDaysBefore: 2 }, { businessDaysBefore: 0 }],
    escalation: ['principal-lawyer'],
    remindEveryone: true,
    scope: 'court',
    endsWithProceedings: true,
    occurrences: (f) => courtTimetable(f),
  },
  {
    id: 'case-register-update',
    level: 'service',
    pack: 'iro-legal',
    title: 'Share the monthly register of cases with legal input between the services',
    source: {
      document: PROTOCOL,
      quotes: [
        'A spreadsheet of cases with legal input noting the details of respective lawyers, Guardians and IROs will be shared between the services and updated on a monthly basis.',
      ],
    },
    trigger:
      "The app produces the month's register on the council's register day (`caseRegisterDay`) and publishes it to the site's document library (`data/registers/` locally).",
    responsible: ['principal-lawyer', 'iro-admin'],
    recipients: ['iro-team-manager'],
    deadline: {
      kind: 'target',
      phrase: 'shared between the services and updated on a monthly basis',
      default: TIMELY,
    },
    completedBy:
      'Legal Services and the IRO service each confirm they have it (`register.received`); a month not shared with both before the next is produced is missed.',
    reminders: [{ businessDaysBefore: 2 }],
    escalation: ['head-of-service'],
    scope: 'internal',
  },
];

/** Who keeps each dated item of the timetable (everyone else on the case is told of it). */
const TIMETABLE: Record<string, { label: string; responsible: Role[] }> = {
  'final-evidence': {
    label: "the Local Authority's final evidence",
    responsible: ['lawyer', 'social-worker'],
  },
  assessments: { label: 'assessments available', responsible: ['social-worker'] },
  'guardian-report': { label: "the Children's Guardian's report", responsible: ['guardian'] },
  CMH: { label: 'the case management hearing', responsible: ['lawyer'] },
  FCMH: { label: 'the further case management hearing', responsible: ['lawyer'] },
  IRH: { label: 'the Issues Resolution Hearing', responsible: ['lawyer'] },
  final: { label: 'the final hearing', responsible: ['lawyer'] },
};
const EVERY_PARTY: Role[] = ['lawyer', 'social-worker', 'iro', 'guardian'];

/**
 * The court's dated items, each at the latest date directed for it: due on that date, kept when
 * filed or held, missed if proceedings end without it.
 */
function courtTimetable(f: CaseFacts): Occurrence[] {
  const latest = new Map<string, { set: Fact; on: string }>();
  for (const s of f.ofType('filing.scheduled'))
    latest.set(s.event.filing, { set: s, on: s.event.due });
  for (const h of f.ofType('hearing.scheduled'))
    latest.set(h.event.hearing, { set: h, on: h.event.on });
  const out: Occurrence[] = [];
  for (const [item, { set, on }] of latest) {
    const { label, responsible } = TIMETABLE[item]!;
    const kept =
      set.event.type === 'filing.scheduled'
        ? f.first('filing.made', -1, (e) => e.filing === item)
        : f.first('hearing.held', -1, (e) => e.hearing === item);
    const at = instantOf(on);
    out.push({
      key: item,
      label,
      trigger: set,
      anchor: at,
      courtOrdered: `${label}, ${humanDay(londonDay(at))}`,
      responsible,
      recipients: EVERY_PARTY.filter((r) => !responsible.includes(r)),
      completion: kept,
    });
  }
  return out.sort((a, b) => a.anchor! - b.anchor!);
}
