/**
 * The obligation card's buttons: acknowledge, complete (with the card's small form and when it
 * happened), waive, say it cannot be met, refresh. Each answers with the card as it stands now,
 * saying what happened and who was told; a refusal says why and that nothing was changed.
 */
import type { TurnContext } from '@microsoft/agents-hosting';
import {
  caseIdOfObligation,
  humanInstant,
  instantFromLondon,
  isLiaisonError,
  obligationCardInput,
  showsIroAlert,
  type Actor,
  type Notice,
  type Person,
  type Stage,
} from '../core';
import type { Card } from './cards/render';
import { messageCard, obligationCard } from './cards/views';
import type { BotDeps } from './liaison-bot';
import { refusalText } from './refusals';
import { requestKey, text } from './turn-input';

const STAGES = new Set<Stage>(['new', 'moved', 'reminder', 'overdue', 'escalation', 'current']);

export async function obligationAction(
  deps: BotDeps,
  context: TurnContext,
  person: Person,
  actor: Actor,
  verb: string,
  data: Record<string, unknown>,
): Promise<Card> {
  const obligationId = text(data.obligationId);
  const stage = STAGES.has(data.view as Stage) ? (data.view as Stage) : 'current';
  const ops = deps.operations;
  // The key the card rendered into this button: pressed twice, the button records once. A card
  // posted before buttons carried keys still works, without one.
  const idempotencyKey = requestKey(data.requestKey, 'card');
  const keyed = idempotencyKey ? { idempotencyKey } : {};
  let notice: Notice | undefined;
  try {
    switch (verb) {
      case 'acknowledgeObligation': {
        const r = await ops.actOnObligation(person, obligationId, 'acknowledge', keyed, actor);
        notice = r.changed
          ? { text: 'You acknowledged this.', tone: 'good' }
          : { text: 'You had already acknowledged this. Nothing changed.', tone: 'warning' };
        break;
      }
      case 'completeObligation': {
        // The card's own fields, and when it happened, are not the completion's inputs.
        const inputs = Object.fromEntries(
          Object.entries(data).filter(([k]) => !CARD_FIELDS.has(k)),
        );
        const on = text(data.happenedOn);
        const time = text(data.happenedAt);
        const at = on || time ? instantFromLondon(on, time) : undefined;
        if ((on || time) && !at) {
          notice = {
            text: 'Give both the date and the time it happened, or neither for just now. Nothing was changed.',
            tone: 'attention',
          };
          break;
        }
        const r = await ops.actOnObligation(
          person,
          obligationId,
          'complete',
          at ? { inputs, at, ...keyed } : { inputs, ...keyed },
          actor,
        );
        notice = !r.changed
          ? ALREADY_RECORDED
          : {
              text: at
                ? `Recorded as done ${humanInstant(at)}. Thank you.`
                : 'Recorded. Thank you.',
              tone: 'good',
            };
        break;
      }
      case 'waiveObligation': {
        const r = await ops.actOnObligation(
          person,
          obligationId,
          'waive',
          { reason: text(data.waiverReason), ...keyed },
          actor,
        );
        notice = r.changed ? { text: 'Waived, with your reason.', tone: 'good' } : ALREADY_RECORDED;
        break;
      }
      case 'reportCannotMeet': {
        const r = await ops.actOnObligation(
          person,
          obligationId,
          'cannot-meet',
          { reason: text(data.cannotMeetReason), ...keyed },
          actor,
        );
        notice = r.changed
          ? { text: cannotMeetTold(r.told ?? []), tone: 'good' }
          : {
              text: 'That was already recorded, with your reason. Nobody was told twice.',
              tone: 'warning',
            };
        break;
      }
    }
  } catch (e) {
    if (!isLiaisonError(e) || e.kind === 'not-found') throw e;
    await deps.store.audit({
      actor,
      action: 'card.refused',
      caseId: caseIdOfObligation(obligationId),
      detail: { verb, obligation: obligationId, code: e.code },
    });
    // The same button of the same card, pressed again with something else filled in: the
    // first press stands.
    notice =
      e.code === 'idempotency-key-reused'
        ? {
            text: 'That button was already pressed on this card, and what it recorded stands. Nothing was changed.',
            tone: 'warning',
          }
        : {
            text: `${refusalText(e)} Nothing was changed.`,
            tone: 'attention',
          };
  }
  return obligationCardFor(deps, context, person, actor, obligationId, { stage, notice });
}

/** The obligation's card as it stands now, for this person. */
async function obligationCardFor(
  deps: BotDeps,
  context: TurnContext,
  person: Person,
  actor: Actor,
  obligationId: string,
  options: { stage: Stage; notice?: Notice },
): Promise<Card> {
  const caseId = caseIdOfObligation(obligationId);
  const view = await deps.operations.getCase(person, caseId, actor);
  const obligation = view.evaluation.obligations.find((o) => o.id === obligationId);
  if (!obligation)
    return messageCard('Not found', 'That obligation is no longer part of the case.');
  return obligationCard(
    obligationCardInput({
      record: view.case,
      obligation,
      stage: options.stage,
      viewer: person,
      directory: await deps.directory.people(),
      now: deps.clock.now(),
      tabUrl: deps.links.tab(caseId),
      alert: showsIroAlert(obligation)
        ? await deps.operations.currentIroAlert(person, caseId, actor)
        : undefined,
      notice: options.notice,
      refreshUserIds: context.activity.from?.id ? [context.activity.from.id] : [],
    }),
  );
}

/** What saying it cannot be met did: who was told, by name. */
function cannotMeetTold(told: readonly { displayName: string }[]): string {
  if (!told.length)
    return 'Recorded, with your reason. Nobody holds the role the protocol names to be told; ask your manager.';
  const names = told.map((t) => t.displayName);
  const list =
    names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `Recorded, with your reason: ${list} ${told.length === 1 ? 'has' : 'have'} been told.`;
}

/** A completion card's own fields: not the completion's inputs. */
const CARD_FIELDS = new Set(['obligationId', 'view', 'happenedOn', 'happenedAt', 'requestKey']);

/** Done already (the same button pressed again, or the same thing asked twice): it stands. */
const ALREADY_RECORDED: Notice = {
  text: 'That was already recorded. Nothing was recorded twice.',
  tone: 'warning',
};
