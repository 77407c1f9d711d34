/** The names the protocols give things: roles, packs, orders, documents, hearings. */

export const ROLES = [
  'iro',
  'iro-admin',
  'iro-team-manager',
  'lawyer',
  'principal-lawyer',
  'social-worker',
  'permanency-progression-manager',
  'head-of-service',
  'guardian',
  'childs-solicitor',
  'court',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles as people read them on cards and in the tab. */
export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  iro: 'IRO',
  'iro-admin': 'IRO administrator',
  'iro-team-manager': 'IRO Team Manager',
  lawyer: 'Lawyer',
  'principal-lawyer': 'Principal Lawyer',
  'social-worker': 'Social worker',
  'permanency-progression-manager': 'Permanency Progression Manager',
  'head-of-service': 'Head of Service',
  guardian: "Children's Guardian",
  'childs-solicitor': "Child's solicitor",
  court: 'Court',
};

/** A role in the middle of a sentence, with its article: "is not an IRO". */
export const A_ROLE: Readonly<Record<Role, string>> = {
  iro: 'an IRO',
  'iro-admin': 'an IRO administrator',
  'iro-team-manager': 'an IRO Team Manager',
  lawyer: 'a lawyer',
  'principal-lawyer': 'a Principal Lawyer',
  'social-worker': 'a social worker',
  'permanency-progression-manager': 'a Permanency Progression Manager',
  'head-of-service': 'a Head of Service',
  guardian: "a Children's Guardian",
  'childs-solicitor': "a child's solicitor",
  court: 'a court',
};

export const PACKS = ['iro-legal', 'iro-guardian', 'looked-after-reviews'] as const;
export type PackId = (typeof PACKS)[number];

export const ORDERS = ['ICO', 'EPO'] as const;
export const LPM_SOURCES = ['statutory-review', 'cpcc'] as const;
export const INITIAL_DOCUMENTS = [
  'application-form',
  'initial-sw-statement',
  'initial-care-plan',
  'sw-chronology',
] as const;
export type InitialDocument = (typeof INITIAL_DOCUMENTS)[number];
export const COURT_DOCUMENTS = ['order', 'directions', 'expert-report', 'guardian-report'] as const;
export const HEARINGS = ['CMH', 'FCMH', 'IRH', 'final'] as const;
export const FINAL_DOCUMENTS = [
  's31a-care-plan',
  'guardian-report',
  'final-order',
  'contact-arrangements',
] as const;
export type FinalDocument = (typeof FINAL_DOCUMENTS)[number];
/**
 * Dated items of the court's timetable the parties file or make available (the court's
 * directions set each date): the Local Authority's final evidence, assessments, the Guardian's
 * report.
 */
/**
 * Documents a checklist asks for only in some cases ("if one has been prepared", "if not covered
 * in the Care Plan"): the answer is recorded either way, never assumed.
 */
export const CONDITIONAL_DOCUMENTS = ['initial-care-plan', 'contact-arrangements'] as const;
export type ConditionalDocument = (typeof CONDITIONAL_DOCUMENTS)[number];
export const FILINGS = ['final-evidence', 'assessments', 'guardian-report'] as const;
export type Filing = (typeof FILINGS)[number];
export const DISCUSSION_MANNERS = ['in-person', 'phone', 'video', 'in-writing'] as const;
/** Where an event was recorded from, for the audit trail. */
export const SURFACES = [
  'tab',
  'bot',
  'outlook',
  'api',
  'mail',
  'calendar',
  'cli',
  'import',
  /** A signed acknowledgement link in an email, used without signing in (people outside the tenant). */
  'email-link',
] as const;
