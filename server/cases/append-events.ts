/**
 * The one way a use case records something: the events are checked against the log (timing,
 * sequence), the parties they name against the directory, and appended once at the version the
 * caller read, with every notice core says they cause (`appendNotices`) in the same write. A
 * request repeated with its idempotency key gets the first answer and records nothing.
 */
import {
  appendNotices,
  checkSequence,
  checkTiming,
  formatInstant,
  needsDirectory,
  refuse,
  type Actor,
  type CaseEvent,
  type CaseMember,
  type CaseRecord,
  type NewOutboxItem,
  type Person,
  type RecordedEvent,
  type RecordResult,
} from '../../core';
import { contentHash } from '../store/audit-chain';
import type { CaseContext } from './case-context';
import { partiesNamedBy } from './case-parties';
import { visibleCase } from './case-view';

export interface AppendInput {
  expectedVersion?: number;
  idempotencyKey?: string;
  /** The request as the client sent it: what the idempotency key stands for. */
  request: unknown;
  /** Notices the use case itself decided (saying an obligation cannot be met). */
  outbox?: NewOutboxItem[];
}

export type Appended = RecordResult & {
  record: CaseRecord;
  /** The log after the append (as it was, for a replay). */
  logAfter: RecordedEvent[];
  /** The case's members after the append. */
  members: CaseMember[];
};

export async function appendEvents(
  ctx: CaseContext,
  person: Person,
  caseId: string,
  events: CaseEvent[],
  input: AppendInput,
  actor: Actor,
  authorise: (record: CaseRecord) => void,
  /** The case and log the caller already read: appended at that version, or a conflict. */
  loaded?: { record: CaseRecord; log: RecordedEvent[] },
): Promise<Appended> {
  const { store, directory, evaluations, clock } = ctx;
  const record = loaded?.record ?? (await visibleCase(ctx, person, caseId));
  authorise(record);
  // Who recorded it is the verified caller, whatever the event said; where from, the route's.
  const parties = await partiesNamedBy(
    directory,
    record,
    events.map((e) => ({ ...e, by: person.id, surface: e.surface ?? actor.surface })),
  );
  events = parties.events;
  const now = clock.now();
  const log = loaded?.log ?? (await store.readEvents(caseId));
  const requestHash = contentHash(input.request);
  const replayed = (r: { version: number; events: RecordedEvent[] }): Appended => ({
    version: r.version,
    replayed: true,
    events: r.events,
    record,
    logAfter: log,
    members: record.members,
  });
  const prior = log.map((e) => e.event);
  for (const e of events) {
    const timing = checkTiming(prior, e, 'event', now);
    if (timing.length) throw refuse('invalid-event', `${timing[0]!.path}: ${timing[0]!.message}`);
    const sequence = checkSequence(prior, e, 'event');
    if (sequence.length) {
      // A request repeated with its key after the log has moved on is a replay, not a new
      // event out of order: the store answers with the first result (an impossible expected
      // version means it can never append here).
      if (input.idempotencyKey !== undefined) {
        const replay = await store.append({
          caseId,
          expectedVersion: -1,
          events,
          actor,
          idempotencyKey: input.idempotencyKey,
          requestHash,
        });
        if (replay.status === 'replayed') return replayed(replay);
        if (replay.status === 'key-reused') throw keyReused();
      }
      throw refuse('invalid-event', `${sequence[0]!.path}: ${sequence[0]!.message}`);
    }
    prior.push(e);
  }
  const expectedVersion = input.expectedVersion ?? record.version;
  const before = evaluations.of(record, log);
  const after = evaluations.after(record, log, events);
  const result = await store.append({
    caseId,
    expectedVersion,
    events,
    actor,
    idempotencyKey: input.idempotencyKey,
    requestHash,
    outbox: [
      ...appendNotices({
        record,
        members: parties.members,
        started: parties.started,
        ended: parties.ended,
        people: needsDirectory(parties) ? await directory.people() : [],
        before,
        after,
        at: formatInstant(now),
        by: person.id,
        version: expectedVersion + events.length,
        correction: events.some((e) => e.type === 'event.retracted'),
      }),
      ...(input.outbox ?? []),
    ],
    addMembers: parties.started,
    endMembers: parties.ended,
  });
  switch (result.status) {
    case 'appended':
      // What was evaluated is what was stored: it is this version's evaluation.
      if (sameEvents(result.events, events)) evaluations.appended(record, result.version, after);
      return {
        version: result.version,
        replayed: false,
        events: result.events,
        record,
        logAfter: [...log, ...result.events],
        members: parties.members,
      };
    case 'replayed':
      return replayed(result);
    case 'conflict':
      throw refuse(
        'version-conflict',
        `The case changed (now at version ${result.currentVersion}); reload and try again.`,
        { currentVersion: result.currentVersion },
      );
    case 'key-reused':
      throw keyReused();
    case 'not-found':
      throw refuse('case-not-found', `There is no case ${caseId}.`);
  }
}

function keyReused() {
  return refuse('idempotency-key-reused', 'This idempotency key was used for a different request.');
}

function sameEvents(stored: RecordedEvent[], evaluated: CaseEvent[]): boolean {
  return JSON.stringify(stored.map((e) => e.event)) === JSON.stringify(evaluated);
}
