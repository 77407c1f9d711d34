/**
 * The Adaptive Card templates (Adaptive Cards 1.5, Universal Actions) and the one way to fill
 * them: `adaptivecards-templating` with the card's data as `$root`. The same JSON goes to Teams
 * and Outlook.
 */
import { Template } from 'adaptivecards-templating';
import caseLink from './templates/case-link.json';
import caseSummary from './templates/case-summary.json';
import handover from './templates/handover.json';
import help from './templates/help.json';
import iroAlertForm from './templates/iro-alert-form.json';
import iroAlertPreview from './templates/iro-alert-preview.json';
import message from './templates/message.json';
import myDeadlines from './templates/my-deadlines.json';
import obligation from './templates/obligation.json';

/** An Adaptive Card as JSON. */
export type Card = Record<string, unknown>;

export const TEMPLATES = {
  handover,
  help,
  message,
  myDeadlines,
  caseSummary,
  caseLink,
  iroAlertForm,
  iroAlertPreview,
  obligation,
} as const;

export type TemplateName = keyof typeof TEMPLATES;

const compiled = new Map<TemplateName, Template>();

export function renderCard(name: TemplateName, data: object): Card {
  let template = compiled.get(name);
  if (!template) compiled.set(name, (template = new Template(TEMPLATES[name])));
  const card = template.expand({ $root: data }) as Card;
  // The schema link is for editors; hosts ignore it, so it is not sent.
  delete card.$schema;
  // A property whose `$when` is false expands to null (e.g. `refresh` with nobody to refresh
  // for); the schema has no null there, so it is left out.
  for (const [key, value] of Object.entries(card)) if (value === null) delete card[key];
  return card;
}
