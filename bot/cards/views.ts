/**
 * Every card the bot sends about cases and obligations, for the bot to take from one place. Each
 * card is a typed function of its own module, built from the elements in render.ts; what more
 * than one card says is said once, in words.ts.
 */
export { caseLinkCard, caseSummaryCard, handoverCard, myDeadlinesCard } from './case-cards';
export { helpCard } from './help-card';
export { iroAlertFormCard, iroAlertPreviewCard, iroAlertSentCard } from './iro-alert-cards';
export { messageCard } from './message-card';
export {
  NO_CHILD_NAME,
  obligationCard,
  requestKeys,
  type RecordingAction,
} from './obligation-card';
export { statusText } from './words';
