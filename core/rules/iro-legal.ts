/** Rules of the IRO and Legal Services Protocol (pack `iro-legal`). */
import { later, type CaseFacts, type Fact } from '../engine/case-facts';
import { checklist } from './checklist';
import { perHolder } from './holders';
import type { Occurrence, Rule } from './rule';
import { instantOf } from '../case-file';

const PROTOCOL = 'iro-legal-services-protocol' as const;
const DAY_REMINDERS = [{ businessDaysBefore: 2 }, { businessDaysBefore: 0 }];
const TARGET_REMINDERS = [{ businessDaysBefore: 1 }];

/** Single-occurrence rule: the first trigger event, met by the first completing event after it. */
function once(trigger: Fact | undefined, completion: (t: Fact) => Fact | undefined): Occurrence[] {
  return trigger ? [{ trigger, completion: completion(trigger) }] : [];
}

/** LPM recommendations: explicit ones, and statutory reviews that recommend an LPM (counted once). */
function lpmRecommendations(f: CaseFacts): Fact[] {
  const fromReviews = f.ofType('review.held').filter((r) => r.event.recommendsLpm);
  const explicit = f
    .ofType('lpm.recommended')
    .filter(
      (l) => !(l.event.source === 'statutory-review' && fromReviews.some((r) => r.at === l.at)),
    );
  return [...fromReviews, ...explicit].sort((a, b) => a.index - b.index);
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
      'A statutory review or CPCC recommends a Legal Gateway/Planning Meeting (`lpm.recommended`, or `review.held` with `recommendsLpm`).',
    responsible: ['iro'],
    recipients: ['permanency-progression-manager'],
    deadline: { kind: 'after', convention: 'working-days', amount: 5 },
    completedBy: 'The IRO marks it complete (`obligation.completed`).',
    reminders: DAY_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) =>
      lpmRecommendations(f).map((trigger) => ({
        key: `e${trigger.seq}`,
        label: trigger.event.type === 'review.held' ? `review ${trigger.event.review}` : undefined,
        trigger,
      })),
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
    completedBy: 'The allocated IRO is recorded (`iro.allocated`).',
    reminders: DAY_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) =>
      once(f.first('iro-service.notified'), (t) => f.first('iro.allocated', t.index)),
  },
  {
    id: 'iro-details-to-court',
    pack: 'iro-legal',
    title: "Notify the court and CAFCASS (or the child's solicitor) of the allocated IRO",
    source: {
      document: PROTOCOL,
      quotes: [
        "Legal Services will be responsible for notifying the Court and CAFCASS (or in the absence of a Children's Guardian the child's solicitor) of the name and contact details for the allocated IRO.",
      ],
    },
    trigger:
      'An IRO is allocated and proceedings have started (the later of `iro.allocated` and the application or first order).',
    responsible: ['lawyer'],
    recipients: ['court', 'guardian', 'childs-solicitor'],
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy: 'The court is notified of the IRO (`court.notified-of-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'court',
    // Told of each allocated IRO: a re-allocation starts it again for the new one.
    occurrences: (f) => {
      const start = f.proceedingsStart;
      if (!start) return [];
      const guardian = f.guardianAppointed;
      const allocations = f.ofType('iro.allocated');
      // An IRO replaced before proceedings started was never one the court needed to hear of.
      const told = allocations.filter((_, i) => {
        const next = allocations[i + 1];
        return !next || next.index > start.index;
      });
      return perHolder(
        told.map((allocated, i) => ({
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
    deadline: { kind: 'target', phrase: 'automatically' },
    completedBy: 'They are sent to the IRO (`standard-directions.sent-to-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) =>
      once(f.first('standard-directions.received'), (t) =>
        f.first('standard-directions.sent-to-iro', t.index),
      ),
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
    deadline: { kind: 'target', phrase: 'once a Guardian is appointed' },
    completedBy: 'The details are sent to the IRO (`guardian-details.sent-to-iro`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
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
      'Each required document is sent (`document.sent-to-iro`); the care plan only if one has been prepared.',
    reminders: DAY_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) => {
      const ico = f.first('order.made', -1, (e) => e.order === 'ICO');
      if (!ico) return [];
      const sent = (doc: string) =>
        f.first('document.sent-to-iro', ico.index, (e) => e.document === doc);
      const { checklist: list, completion } = checklist(
        [
          { item: 'application-form', label: 'The court application form', required: true },
          { item: 'initial-sw-statement', label: 'Initial social work statement', required: true },
          {
            item: 'initial-care-plan',
            label: 'Initial court care plan',
            required: false,
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
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy: 'The minutes are sent (`review.minutes-sent-to-lawyer` for the same review).',
    reminders: TARGET_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
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
      'The IRO raises a concern during proceedings (`concern.raised`); the PPM and social work team are told at once.',
    responsible: ['permanency-progression-manager'],
    recipients: ['permanency-progression-manager', 'social-worker'],
    deadline: { kind: 'target', phrase: 'immediately' },
    completedBy: 'The concern is resolved (`concern.resolved`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
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
    deadline: { kind: 'target', phrase: 'no time given' },
    completedBy: 'The IRO alert is sent for the latest filing date (`iro-alert.sent`).',
    reminders: TARGET_REMINDERS,
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) => {
      // A changed filing date needs a fresh alert: the alert names the date.
      const filing = f.last('filing.scheduled', (e) => e.filing === 'final-evidence');
      return once(filing, (t) => f.first('iro-alert.sent', t.index));
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
      const first = f.first('filing.scheduled', -1, (e) => e.filing === 'final-evidence');
      const latest = f.last('filing.scheduled', (e) => e.filing === 'final-evidence');
      if (!first || !latest) return [];
      return [
        {
          trigger: latest,
          anchor: instantOf(latest.event.due),
          // A draft already with the IRO stays with them when the filing date moves.
          completion: f.first('draft.sent-to-iro', first.index),
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
    occurrences: (f) => {
      const draft = f.first('draft.sent-to-iro');
      if (!draft) return [];
      const filing = f.last('filing.scheduled', (e) => e.filing === 'final-evidence');
      return [
        {
          trigger: draft,
          completion: f.first('iro.comments-returned', draft.index),
          cap: filing
            ? { at: instantOf(filing.event.due), label: 'the final-evidence filing deadline' }
            : undefined,
        },
      ];
    },
  },
  {
    id: 'disagreement-escalation',
    pack: 'iro-legal',
    title:
      'Lead the resolution of the disagreement and inform the Head of Service and Principal Lawyer',
    source: {
      document: PROTOCOL,
      quotes: [
        'If there is disagreement the Permanency Progression Manger will take a lead in resolving the matter in a timely manner.',
        'They will also ensure the operational Head of Service and Principal Lawyer are informed of the IRO alert and any responses to it.',
      ],
    },
    trigger: 'A disagreement is raised (`dispute.raised`).',
    responsible: ['permanency-progression-manager'],
    recipients: ['head-of-service', 'principal-lawyer'],
    deadline: { kind: 'target', phrase: 'in a timely manner' },
    completedBy: 'The disagreement is resolved (`dispute.resolved`).',
    reminders: TARGET_REMINDERS,
    escalation: ['head-of-service', 'principal-lawyer'],
    scope: 'internal',
    occurrences: (f) =>
      f.ofType('dispute.raised').map((trigger) => ({
        key: `e${trigger.seq}`,
        trigger,
        completion: f.first('dispute.resolved', trigger.index),
      })),
  },
  {
    id: 'case-register-update',
    pack: 'iro-legal',
    title: "Update the case's entry in the shared spreadsheet of cases with legal input",
    source: {
      document: PROTOCOL,
      quotes: [
        'A spreadsheet of cases with legal input noting the details of respective lawyers, Guardians and IROs will be shared between the services and updated on a monthly basis.',
      ],
    },
    trigger:
      'Proceedings start (application issued or first order); then a month after each update, until they conclude.',
    responsible: ['lawyer'],
    recipients: ['iro-admin'],
    deadline: { kind: 'after', convention: 'calendar-months', amount: 1 },
    completedBy:
      'Legal Services marks the update done (`obligation.completed`); the next is due a month later.',
    reminders: [{ businessDaysBefore: 2 }],
    escalation: ['principal-lawyer'],
    scope: 'internal',
    occurrences: (f) => {
      const start = f.proceedingsStart;
      if (!start) return [];
      const end = f.conclusion;
      const out: Occurrence[] = [];
      // Each update starts the next month's clock, like any "every N" cycle.
      for (let n = 1, trigger: Fact = start; ; n++) {
        const id = `${f.header.id}:case-register-update:m${n}`;
        const done = f.first('obligation.completed', trigger.index, (e) => e.obligation === id);
        out.push({
          key: `m${n}`,
          label: `update ${n}`,
          trigger,
          notApplicable: !done && end ? 'Proceedings have concluded.' : undefined,
        });
        if (!done || (end && end.index < done.index)) return out;
        trigger = done;
      }
    },
  },
];
