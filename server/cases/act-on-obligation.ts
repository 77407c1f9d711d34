/**
 * The use case "act on an obligation": acknowledge it, complete it (with the events the protocol
 * expects, from a short form), waive it with a reason, or say it cannot be met (the managers the
 * rule escalates to hear at once). The case is loaded and evaluated once, and appended to once at
 * that version; the same action repeated answers as the first did and records nothing.
 */
import {
  caseIdOfObligation,
  completionEvents,
  formatInstant,
  holdersOf,
  isLiaisonError,
  mayActOn,
  mayRecord,
  LIVE_STATUSES,
  parseInstant,
  refuse,
  repeatedAction,
  type Actor,
  type CaseEvent,
  type CaseRecord,
  type NewOutboxItem,
  type Obligation,
  type ObligationAction,
  type Person,
} from '../../core';
import { appendEvents } from './append-events';
import type { CaseContext } from './case-context';
import { visibleCase } from './case-view';

export interface ObligationInput {
  reason?: string;
  inputs?: Record<string, unknown>;
  at?: string;
  idempotencyKey?: string;
}

export interface ObligationActed {
  obligation: Obligation;
  version: number;
  changed: boolean;
  /** Who was told at once (saying it cannot be met tells the managers the rule names). */
  told?: { personId: string; displayName: string }[];
}

export async function actOnObligation(
  ctx: CaseContext,
  person: Person,
  obligationId: string,
  action: ObligationAction,
  input: ObligationInput,
  actor: Actor,
): Promise<ObligationActed> {
  const caseId = caseIdOfObligation(obligationId);
  const record = await visibleCase(ctx, person, caseId).catch((e: unknown) => {
    throw isLiaisonError(e) && e.kind === 'not-found'
      ? refuse('obligation-not-found', `There is no obligation ${obligationId}.`)
      : e;
  });
  const log = await ctx.store.readEvents(caseId);
  const current = ctx.evaluations.of(record, log).obligations.find((o) => o.id === obligationId);
  if (!current) throw refuse('obligation-not-found', `There is no obligation ${obligationId}.`);
  if (!mayActOn(person, record, current, action))
    throw refuse(
      'obligation-forbidden',
      `Your role on this case does not ${action} this obligation.`,
    );
  const at = input.at === undefined ? formatInstant(ctx.clock.now()) : happenedAt(input.at);
  // Done twice (a double press, a retry without a key): the first answer, nothing recorded.
  if (repeatedAction(current, action, person.id, input.reason)) {
    return {
      obligation: current,
      version: record.version,
      changed: false,
      ...(action === 'cannot-meet'
        ? { told: (await cannotMeetAudience(ctx, record, current)).told }
        : {}),
    };
  }
  if (!LIVE_STATUSES.has(current.status) && action !== 'acknowledge')
    throw refuse('obligation-closed', `The obligation is already ${current.status}.`, {
      status: current.status,
    });
  let events: CaseEvent[];
  let outbox: NewOutboxItem[] = [];
  let told: ObligationActed['told'];
  if (action === 'waive' || action === 'cannot-meet') {
    const reason = input.reason?.trim();
    if (!reason)
      throw refuse(
        'invalid-request',
        `reason: ${action === 'waive' ? 'a waiver' : 'saying it cannot be met'} needs a reason`,
      );
    events = [
      {
        type: action === 'waive' ? 'obligation.waived' : 'obligation.cannot-meet',
        at,
        obligation: obligationId,
        by: person.id,
        reason,
        surface: actor.surface,
      },
    ];
    // The managers the rule escalates to hear at once, not when it falls overdue.
    if (action === 'cannot-meet') {
      const audience = await cannotMeetAudience(ctx, record, current);
      told = audience.told;
      outbox = audience.ids.map((recipient) => ({
        key: `${obligationId}:cannot-meet:${at}:${recipient}`,
        caseId,
        recipient,
        kind: 'obligation.escalation',
        payload: { obligation: obligationId, rule: current.rule, stage: 'cannot-meet' },
        availableAt: at,
      }));
    }
  } else if (action === 'complete') {
    events = await completion(ctx, person, record, current, input.inputs ?? {}, at, actor);
  } else {
    events = [
      {
        type: 'obligation.acknowledged',
        at,
        obligation: obligationId,
        by: person.id,
        // Of the deadline as it is now: if it moves, the acknowledgement is asked for again.
        ...(current.due ? { due: current.due } : {}),
        surface: actor.surface,
      },
    ];
  }
  // Appended at the version just judged: if the case moved on meanwhile, that is a conflict.
  const result = await appendEvents(
    ctx,
    person,
    caseId,
    events,
    {
      ...input,
      outbox,
      request: { obligationId, action, reason: input.reason, inputs: input.inputs, at: input.at },
    },
    actor,
    () => undefined,
    { record, log },
  );
  const after = ctx.evaluations
    .of(record, result.logAfter)
    .obligations.find((o) => o.id === obligationId)!;
  return {
    obligation: after,
    version: result.version,
    changed: !result.replayed,
    ...(told ? { told } : {}),
  };
}

/** Who hears at once that an obligation cannot be met: the managers it escalates to. */
async function cannotMeetAudience(ctx: CaseContext, record: CaseRecord, o: Obligation) {
  const people = await ctx.directory.people();
  const ids = holdersOf(record, o.escalation.to, people);
  // By name (the id only for someone no longer in the directory).
  const told = ids.map((id) => ({
    personId: id,
    displayName: people.find((p) => p.id === id)?.displayName ?? id,
  }));
  return { ids, told };
}

/**
 * The events that complete an obligation: what the protocol expects for its rule (with the
 * fields the person gave), each of which the person must be allowed to record.
 */
async function completion(
  ctx: CaseContext,
  person: Person,
  record: CaseRecord,
  obligation: Obligation,
  inputs: Record<string, unknown>,
  at: string,
  actor: Actor,
): Promise<CaseEvent[]> {
  const names = new Map([[person.id, person.displayName]]);
  if (typeof inputs.iro === 'string') {
    const iro = await ctx.directory.person(inputs.iro);
    if (iro?.roles.includes('iro')) names.set(iro.id, iro.displayName);
  }
  const done = completionEvents(obligation, inputs, {
    at,
    by: person.id,
    nameOf: (id) => names.get(id),
  });
  if (!done.ok) throw refuse('invalid-request', `inputs: ${done.message}`);
  for (const e of done.events)
    if (e.type !== 'obligation.completed' && !mayRecord(person, record, e.type))
      throw refuse('event-forbidden', `Your role on this case does not record "${e.type}".`);
  return done.events.map((e) => ({ ...e, surface: actor.surface }));
}

/** When something happened, as a person gave it (`at`): an instant with a time and an offset. */
function happenedAt(text: string): string {
  const parsed = parseInstant(text);
  if (!parsed.ok || parsed.dateOnly)
    throw refuse(
      'invalid-request',
      `at: ${parsed.ok ? 'needs a time of day and an offset' : parsed.reason}`,
    );
  return text;
}
