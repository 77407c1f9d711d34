/**
 * The Send IRO alert turns: the form (only on cases the person may alert on), the preview of the
 * dates the engine works out (a date typed in words or picked in the form), and sending it, once,
 * with the key the preview's button carries.
 */
import { randomUUID } from 'node:crypto';
import {
  caseIdOf,
  formatInstant,
  instantFromLondon,
  isLiaisonError,
  mayRecord,
  onCaseReference,
  parseBritishDateTime,
  parseInstant,
  toldOfAlertText,
  type Actor,
  type CaseRecord,
  type Person,
} from '../core';
import { isoDateOf } from '../core/time/london';
import type { Card } from './cards/render';
import {
  iroAlertFormCard,
  iroAlertPreviewCard,
  iroAlertSentCard,
  messageCard,
} from './cards/views';
import type { BotDeps } from './liaison-bot';
import { requestKey, text } from './turn-input';

/** The cases on which this person may send the IRO alert. */
async function alertableCases(deps: BotDeps, person: Person): Promise<CaseRecord[]> {
  const out: CaseRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.listCases({
      teams: person.teams,
      memberId: person.id,
      limit: 200,
      after,
    });
    out.push(...page.filter((c) => mayRecord(person, c, 'iro-alert.sent')));
    if (page.length < 200) return out;
    after = page[page.length - 1]!.header.id;
  }
}

export async function iroAlertForm(
  deps: BotDeps,
  person: Person,
  data: Record<string, unknown>,
  error?: string,
): Promise<Card> {
  const cases = await alertableCases(deps, person);
  if (!cases.length)
    return messageCard(
      'Send IRO alert',
      'Only Legal Services send the IRO alert, on cases they work on. You have none.',
    );
  // "Change" comes back with the instant it showed: split it into the form's fields again.
  const local = parseInstant(text(data.filingDue)).ok ? text(data.filingDue) : '';
  // Only a case the form offers can be chosen in it.
  const caseId = cases.find((c) => caseIdOf(c.header.id) === caseIdOf(text(data.caseId)))?.header
    .id;
  return iroAlertFormCard({
    cases,
    caseId,
    filingDate: text(data.filingDate) || local.slice(0, 10) || undefined,
    filingTime: text(data.filingTime) || local.slice(11, 16) || undefined,
    error,
  });
}

export async function previewIroAlert(
  deps: BotDeps,
  person: Person,
  actor: Actor,
  data: Record<string, unknown>,
): Promise<Card> {
  const caseId = text(data.caseId);
  // Typed after the command ("12/02/2027 4pm"), or from the form's date and time pickers.
  const typed = text(data.when);
  let filingDue: string | undefined;
  let understood: string | undefined;
  if (typed) {
    const read = parseBritishDateTime(typed, deps.clock.now());
    if (!read.ok) return iroAlertForm(deps, person, { caseId }, read.reason);
    if (read.instant === undefined)
      return iroAlertForm(
        deps,
        person,
        { caseId, filingDate: isoDateOf(read.day) },
        `I read the date as ${read.understood}. Give the filing time too, e.g. 4pm.`,
      );
    filingDue = formatInstant(read.instant);
    understood = `I read “${typed}” as ${read.understood}.`;
  } else filingDue = instantFromLondon(text(data.filingDate), text(data.filingTime));
  if (!caseId || !filingDue)
    return iroAlertForm(deps, person, data, 'Choose the case and give the filing date and time.');
  try {
    const due = filingDue;
    return await onCaseReference(caseId, async (id) => {
      const dates = await deps.operations.previewIroAlert(person, id, due, actor);
      const view = await deps.operations.getCase(person, id, actor);
      return iroAlertPreviewCard(view.case, dates, due, randomUUID(), understood);
    });
  } catch (e) {
    if (isLiaisonError(e) && e.kind === 'invalid')
      return iroAlertForm(deps, person, data, e.detail);
    throw e;
  }
}

export async function sendIroAlert(
  deps: BotDeps,
  person: Person,
  actor: Actor,
  data: Record<string, unknown>,
): Promise<Card> {
  const caseId = text(data.caseId);
  // Send comes only from a preview, which carries the key that makes a second press harmless.
  const idempotencyKey = requestKey(data.requestKey, 'iro-alert');
  if (!idempotencyKey)
    return iroAlertForm(deps, person, data, 'Preview the dates first, then send.');
  const sent = await deps.operations.sendIroAlert(
    person,
    caseId,
    { filingDue: text(data.filingDue), idempotencyKey },
    actor,
  );
  const notice = sent.replayed
    ? 'This IRO alert was already sent. Nothing was sent twice.'
    : `IRO alert sent. ${toldOfAlertText(sent.told ?? [])}`;
  const view = await deps.operations.getCase(person, caseId, actor);
  return iroAlertSentCard(view.case, sent, notice, deps.links.tab(caseId));
}
