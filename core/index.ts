/** The domain core's public surface, for the outer layers. */
export * from './case-file';
export * from './council-config';
export * from './vocabulary';
export {
  BusinessCalendar,
  type CalendarScope,
  type CalendarSettings,
  type CalendarVersion,
} from './calendar/business-calendar';
export {
  vendoredSnapshot,
  type FeedDivision,
  type HolidaySnapshot,
} from './calendar/bank-holidays';
export * from './conventions/conventions';
export {
  evaluateCase,
  evaluateCaseUntil,
  evaluateRule,
  activePacks,
  type TimedEvaluation,
} from './engine/evaluate';
export * from './engine/obligation';
export * from './engine/repeated-action';
export { RULES, RULES_BY_ID } from './rules/catalogue';
export * from './rules/completion';
export * from './rules/coverage';
export { DOCUMENT_TITLES, type Rule, type DeadlineSpec, type ProtocolSource } from './rules/rule';
export { formatInstant, parseInstant } from './time/london';
export { humanDuration, humanInstant, instantFromLondon, lateText } from './time/human';
export * from './ports/case-store';
export * from './ports/case-operations';
export * from './ports/directory';
export type * from './ports/clock';
export type * from './ports/notifier';
export * from './access/access-matrix';
export * from './parties/parties';
export * from './notices/handover';
export * from './notices/obligation-notices';
export * from './notices/told';
export * from './notices/iro-contact';
export * from './notices/cards';
export * from './notices/append-notices';
export * from './signals/case-mail';
export * from './signals/case-calendar';
export type * from './ports/mail-signals';
export type * from './ports/calendar-signals';
export * from './ports/signal-store';
export * from './ports/deadline-calendar-store';
export type * from './ports/mailbox-status';
export type * from './ports/service-log';
export * from './service/service-duties';
export * from './service/service-notices';
export type * from './ports/register-publisher';
export * from './rules/iro-alert';
export * from './time/british';
export * from './event-words';
export * from './reports/late-now';
export * from './ports/digest-preferences';
export * from './ports/idempotency-records';
export type * from './ports/audit-anchor';
export * from './notices/weekly-digest';
export * from './notices/audit-check';
export * from './notices/email-actions';
export * from './notices/acknowledgement-link';
export * from './errors';
