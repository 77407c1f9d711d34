/**
 * Every sentence of both protocols, and what the product does with it: the rules that enforce
 * it, the notice rules that deliver it (who is told when someone cannot be reached), or why it
 * is not a duty that can be tracked (a heading, a statement of purpose, a permission). A test
 * splits the vendored protocol files into sentences and fails on any sentence this table does
 * not account for; docs/protocol-coverage.md is generated from it.
 *
 * One table over every sentence of both protocols, so a missing one is seen in one place (and the
 * test that reads it).
 */
import type { ProtocolDocument } from './rule';

export type Coverage =
  /** Rules of the catalogue make it an obligation with a deadline. */
  | { rules: string[]; notices?: string[] }
  /** Who is told, when the person it is for cannot be reached (core/notices). */
  | { notices: string[]; rules?: undefined }
  /** Not a trackable duty, and why. */
  | { explained: string };

export interface CoverageEntry {
  document: Exclude<ProtocolDocument, 'care-planning-regulations-2010-reg-33'>;
  /** How the sentence begins: enough of it to name exactly one sentence (or repeats of it). */
  starts: string;
  coverage: Coverage;
}

export const PROTOCOLS = [
  'iro-legal-services-protocol',
  'iro-childrens-guardian-protocol',
] as const;

/**
 * The protocol's sentences in order: each line without its bullet or list number, its spaces
 * plain, split after a full stop, question or exclamation mark followed by a capital. List items
 * ending in ";" are
 * sentences of their own.
 */
export function protocolSentences(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    // Non-breaking spaces (the Guardian protocol has one) read as spaces.
    const line = raw
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^(•|\d+\.)\s+/, '');
    if (!line) continue;
    for (const s of line.split(/(?<=[.!?])\s+(?=[A-Z‘“'"(])/)) if (s.trim()) out.push(s.trim());
  }
  return out;
}

const HEADING = { explained: 'A heading.' };
const VERSION = {
  explained: "The document's version and date (the rules quote this version; a test checks it).",
};
const LEGAL = 'iro-legal-services-protocol' as const;
const GUARDIAN = 'iro-childrens-guardian-protocol' as const;

export const COVERAGE: readonly CoverageEntry[] = [
  // ---- IRO and Legal Services Protocol (Barnet, v12) ----
  { document: LEGAL, starts: 'IRO and Legal Services Protocol', coverage: HEADING },
  { document: LEGAL, starts: 'Scope of this chapter', coverage: HEADING },
  {
    document: LEGAL,
    starts: 'This protocol sets out the process',
    coverage: { explained: "The protocol's scope." },
  },
  {
    document: LEGAL,
    starts: 'The Children and Young Persons Act 2008',
    coverage: {
      explained:
        'The law the IRO works under; the statutory review timing it sets is the looked-after-reviews pack.',
    },
  },
  {
    document: LEGAL,
    starts: 'The overall aim of this Protocol',
    coverage: { explained: "The protocol's purpose." },
  },
  {
    document: LEGAL,
    starts: 'The Principal Lawyer, will be the central point of contact',
    coverage: {
      explained:
        "A standing role, not a task: Legal's side of every escalation goes to the Principal Lawyer (the rules' escalations name them).",
    },
  },
  {
    document: LEGAL,
    starts: 'They will act as lead liaison',
    coverage: {
      explained:
        'A standing role, not a task: the Principal Lawyer sees every case of their teams and is told when a duty on either side slips.',
    },
  },
  {
    document: LEGAL,
    starts: 'In the absence of the Team Manager for the IRO team',
    coverage: { notices: ['coverWhenAway (team-manager-away)'] },
  },
  {
    document: LEGAL,
    starts: 'Thereafter, it is expected that the allocated IRO will liaise directly',
    coverage: {
      explained:
        'A way of working rather than a task: each duty between them is a rule, and its cards go to the allocated IRO and the allocated lawyer by name.',
    },
  },
  {
    document: LEGAL,
    starts: 'If it is not possible to contact the IRO',
    coverage: {
      notices: [
        'audienceOf (no IRO allocated)',
        'coverWhenAway (iro-away)',
        'iroNotReachedNotices (not acknowledged by the first reminder)',
      ],
    },
  },
  {
    document: LEGAL,
    starts: 'Where a child is looked after (CLA) but not yet subject to proceedings',
    coverage: { rules: ['lpm-referral-iro-details'] },
  },
  {
    document: LEGAL,
    starts: 'Details should be included on the referral form.',
    coverage: { rules: ['lpm-referral-iro-details'] },
  },
  {
    document: LEGAL,
    starts: 'At an LPM where advice is sought',
    coverage: { rules: ['lpm-iro-views'] },
  },
  {
    document: LEGAL,
    starts: 'When a recommendation has been made at a statutory review or CPCC',
    coverage: { rules: ['lpm-recommendation-notice'] },
  },
  {
    document: LEGAL,
    starts: 'The Permanency Progression Manager will ensure this is progressed',
    coverage: { rules: ['lpm-progression'] },
  },
  {
    document: LEGAL,
    starts: 'If the social work team decide it is not necessary',
    coverage: { rules: ['lpm-reasons-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'In most cases they will convene a meeting between the IRO and social work team',
    coverage: { rules: ['iro-social-work-meeting'] },
  },
  {
    document: LEGAL,
    starts: 'If they are not satisfied with the response then the IRO can seek legal advice',
    coverage: {
      explained:
        'A permission ("can"), not a duty; when the IRO remains dissatisfied during proceedings the duty to seek advice is concern-legal-advice.',
    },
  },
  {
    document: LEGAL,
    starts: "IRO's details and preliminary views are to be put on the referral form",
    coverage: { rules: ['lpm-referral-iro-details'] },
  },
  {
    document: LEGAL,
    starts: 'Where care proceedings are being contemplated',
    coverage: { rules: ['iro-details-to-court'] },
  },
  {
    document: LEGAL,
    starts: 'The allocated lawyer will automatically copy the allocated IRO',
    coverage: { rules: ['standard-directions-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'Where the child is not already a Child Looked After',
    coverage: { rules: ['order-notice-to-iro-service'] },
  },
  {
    document: LEGAL,
    starts: 'Upon receipt of the notification the IRO service/administrator',
    coverage: { rules: ['iro-allocation-reply'] },
  },
  {
    document: LEGAL,
    starts: 'Legal Services will be responsible for notifying the Court and CAFCASS',
    coverage: { rules: ['iro-details-to-court'] },
  },
  {
    document: LEGAL,
    starts: 'A spreadsheet of cases with legal input',
    coverage: { rules: ['case-register-update'] },
  },
  {
    document: LEGAL,
    starts: 'Legal Services will also provide details of the allocated Lawyer',
    coverage: { rules: ['legal-details-to-iro-admin'] },
  },
  {
    document: LEGAL,
    starts:
      "Allocated lawyer will inform the IRO service, via the allocated IRO, once a Children's Guardian",
    coverage: { rules: ['guardian-details-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'All legal documents must be loaded by the allocated social worker onto LCS',
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: 'When a child becomes looked after by virtue of an interim care order',
    coverage: { rules: ['initial-documents-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'The court application form;',
    coverage: { rules: ['initial-documents-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'Initial social work statement;',
    coverage: { rules: ['initial-documents-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'Initial court care plan (if one has been prepared);',
    coverage: { rules: ['initial-documents-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'Social work chronology.',
    coverage: { rules: ['initial-documents-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'Thereafter copies of all relevant Court documents',
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: 'Court orders and directions;',
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: 'Reports of experts;',
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: "Reports of the Children's Guardian;",
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: 'Will be uploaded by allocated SW within 5 days of receipt.',
    coverage: { rules: ['court-documents-upload'] },
  },
  {
    document: LEGAL,
    starts: 'The IRO administrator will be responsible for forwarding to Legal Services',
    coverage: { rules: ['review-minutes-to-lawyer'] },
  },
  {
    document: LEGAL,
    starts: 'Should the parties request any previous reviews',
    coverage: { rules: ['previous-reviews-request'] },
  },
  {
    document: LEGAL,
    starts: 'If during the proceedings the IRO is concerned',
    coverage: { rules: ['iro-concern-escalation'] },
  },
  {
    document: LEGAL,
    starts: 'The Permanency Progression Manager will find ways of mediating',
    coverage: { rules: ['iro-concern-escalation'] },
  },
  {
    document: LEGAL,
    starts: 'If they remain dissatisfied then they must seek legal advice',
    coverage: { rules: ['concern-legal-advice'] },
  },
  {
    document: LEGAL,
    starts: "Prior to the filing of the Local Authority's final statement and care plan",
    coverage: { rules: ['draft-final-evidence-to-iro'] },
  },
  {
    document: LEGAL,
    starts: 'They will return it 24 hours later with any comments.',
    coverage: { rules: ['iro-comments-on-draft'] },
  },
  {
    document: LEGAL,
    starts: 'The allocated lawyer will email the IRO an alert',
    coverage: { rules: ['final-evidence-alert'] },
  },
  {
    document: LEGAL,
    starts: "The IRO will ensure their views are communicated to the child's social worker",
    coverage: { rules: ['iro-views-for-final-care-plan'] },
  },
  {
    document: LEGAL,
    starts: 'This should be copied to the Permanency Progression Manager.',
    coverage: { rules: ['iro-views-for-final-care-plan'] },
  },
  {
    document: LEGAL,
    starts: 'If there is disagreement the Permanency Progression Manger will take a lead',
    coverage: { rules: ['disagreement-escalation'] },
  },
  {
    document: LEGAL,
    starts:
      'They will also ensure the operational Head of Service and Principal Lawyer are informed',
    coverage: { rules: ['disagreement-reported-to-managers'] },
  },
  {
    document: LEGAL,
    starts: 'It is the individual responsibility of the IRO, Social Work Team and lawyer',
    coverage: { rules: ['court-timetable'] },
  },
  { document: LEGAL, starts: 'Last Updated: July 31, 2023', coverage: VERSION },
  { document: LEGAL, starts: 'v12', coverage: VERSION },

  // ---- Protocol Between IROs and Children's Guardians (Nottinghamshire, v9) ----
  {
    document: GUARDIAN,
    starts: 'Protocol Between Independent Reviewing Officer and Children’s Guardians',
    coverage: HEADING,
  },
  { document: GUARDIAN, starts: 'Scope of this chapter', coverage: HEADING },
  {
    document: GUARDIAN,
    starts: 'This protocol is between Nottinghamshire',
    coverage: { explained: 'Who the protocol is between.' },
  },
  {
    document: GUARDIAN,
    starts: 'The protocol aims to ensure that there is closer liaison',
    coverage: { explained: "The protocol's purpose." },
  },
  {
    document: GUARDIAN,
    starts: 'The implementation of the IRO Handbook',
    coverage: { explained: 'Context: the two areas the IRO works with CAFCASS in.' },
  },
  {
    document: GUARDIAN,
    starts: 'As part of family proceedings when a child is Looked After; and',
    coverage: { explained: 'The area this protocol covers (its duties are the rules below).' },
  },
  {
    document: GUARDIAN,
    starts: 'When an IRO makes a referral to CAFCASS',
    coverage: {
      explained:
        'Out of scope: the protocol leaves referrals to CAFCASS to the IRO Dispute Resolution Process.',
    },
  },
  {
    document: GUARDIAN,
    starts: 'This document has been compiled by',
    coverage: { explained: 'Who wrote the protocol.' },
  },
  {
    document: GUARDIAN,
    starts: 'The purpose of the document is to ensure',
    coverage: { explained: "The protocol's purpose." },
  },
  {
    document: GUARDIAN,
    starts: 'On receipt of an application from the Local Authority, a representative from CAFCASS',
    coverage: { rules: ['guardian-iro-introduction'] },
  },
  {
    document: GUARDIAN,
    starts: 'CAFCASS will also advise IRO admin of the name of the allocated Guardian',
    coverage: { rules: ['guardian-iro-introduction', 'guardian-name-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts: "The IRO and Children's Guardian will establish contact with each other",
    coverage: { rules: ['iro-guardian-contact'] },
  },
  {
    document: GUARDIAN,
    starts: "The Guardian will carry out their own assessment of the Local Authority's Care Plan",
    coverage: { rules: ['guardian-care-plan-concerns'] },
  },
  {
    document: GUARDIAN,
    starts:
      "In the event that the Children's Guardian is appointed prior to the first Looked After review",
    coverage: { rules: ['initial-review-contact'] },
  },
  {
    document: GUARDIAN,
    starts: 'The name of the Guardian will have been supplied',
    coverage: { rules: ['initial-review-contact'] },
  },
  {
    document: GUARDIAN,
    starts: "The Children's Guardian should be advised of each review meeting",
    coverage: { rules: ['guardian-invited-to-review'] },
  },
  {
    document: GUARDIAN,
    starts: "Children's Guardian's to receive an invitation to all relevant LAC reviews",
    coverage: { rules: ['guardian-invited-to-review'] },
  },
  {
    document: GUARDIAN,
    starts: "Children's Guardian to receive a copy of each relevant review record.",
    coverage: { rules: ['review-record-to-guardian'] },
  },
  {
    document: GUARDIAN,
    starts:
      'The Independent Reviewing Service will need to liaise with the Local Authority Legal Department',
    coverage: { rules: ['review-record-requirement-on-record'] },
  },
  {
    document: GUARDIAN,
    starts: 'The IRO should ensure that discussions take place with the Guardian.',
    coverage: { rules: ['iro-guardian-discussion'] },
  },
  {
    document: GUARDIAN,
    starts: 'The IRO and the Guardian should discuss and agree how often and in what manner',
    coverage: { rules: ['iro-guardian-discussion'] },
  },
  {
    document: GUARDIAN,
    starts: 'Discussions can include issues such as:',
    coverage: {
      explained:
        'Topics the discussions may cover (iro-guardian-discussion), not duties of their own.',
    },
  },
  {
    document: GUARDIAN,
    starts: 'The wishes and feelings of the child;',
    coverage: { explained: 'A topic the discussions may cover.' },
  },
  {
    document: GUARDIAN,
    starts: 'The current Care Plan;',
    coverage: { explained: 'A topic the discussions may cover.' },
  },
  {
    document: GUARDIAN,
    starts: 'Whether details of the Care Plan are subject to a formal dispute resolution process;',
    coverage: { explained: 'A topic the discussions may cover.' },
  },
  {
    document: GUARDIAN,
    starts: 'Any complaints received about the case;',
    coverage: { explained: 'A topic the discussions may cover.' },
  },
  {
    document: GUARDIAN,
    starts: 'Any issues raised in court in relation to the implementation of the Care Plan',
    coverage: { explained: 'A topic the discussions may cover.' },
  },
  {
    document: GUARDIAN,
    starts: 'Prior to the Issues Resolution Hearing, the Local Authority should inform the court',
    coverage: { rules: ['dispute-notice-before-irh'] },
  },
  {
    document: GUARDIAN,
    starts: 'In all cases where the child is to remain Looked After, following the completion',
    coverage: { rules: ['final-discussion', 'outstanding-issues-review'] },
  },
  {
    document: GUARDIAN,
    starts: "The content of discussions between the Children's Guardian and IRO should be recorded",
    coverage: { rules: ['discussion-recorded'] },
  },
  {
    document: GUARDIAN,
    starts:
      "In all cases where the child remains looked after, the Children's Guardian will confirm",
    coverage: { rules: ['final-documents-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts: 'Section 31A Care Plan;',
    coverage: { rules: ['final-documents-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts: "Children's Guardian report;",
    coverage: { rules: ['final-documents-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts: 'Copy of the final order;',
    coverage: { rules: ['final-documents-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts: 'Outline of contact arrangements (if not covered in the Care Plan).',
    coverage: { rules: ['final-documents-to-iro'] },
  },
  {
    document: GUARDIAN,
    starts:
      'This Protocol will be reviewed alongside any issues arising from the Dispute Resolution',
    coverage: { rules: ['link-meeting', 'link-meeting-review'] },
  },
  { document: GUARDIAN, starts: 'Last Updated: June 27, 2023', coverage: VERSION },
  { document: GUARDIAN, starts: 'v9', coverage: VERSION },
];

/** The entry that accounts for a sentence: the one whose beginning it starts with (longest wins). */
export function coverageOf(
  document: CoverageEntry['document'],
  sentence: string,
): CoverageEntry | undefined {
  let best: CoverageEntry | undefined;
  for (const e of COVERAGE)
    if (e.document === document && sentence.startsWith(e.starts))
      if (!best || e.starts.length > best.starts.length) best = e;
  return best;
}
