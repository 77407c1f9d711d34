/**
 * A case's event log, indexed for the questions the rules ask: when did the child become looked
 * after, when did proceedings start, which event first completed something after a trigger.
 */
import { canonicalText } from '../time/london';
import {
  instantOf,
  type CaseEvent,
  type CaseHeader,
  type EventOf,
  type EventType,
} from '../case-file';

export interface Fact<E extends CaseEvent = CaseEvent> {
  /** Position in time order (`at`, ties by recording order): what "after" and "before" mean. */
  index: number;
  /**
   * Position in recording order: stable, because the log is append-only, so it names an event
   * (and a repeated obligation) however late earlier events are recorded.
   */
  seq: number;
  at: number;
  /** `at` as ISO 8601 with the London offset. */
  atText: string;
  event: E;
}
export type FactOf<K extends EventType> = Fact<EventOf<K>>;

/** What `ofType` gives for a type the log does not have: one list for all, which none may change. */
const NONE: readonly Fact[] = Object.freeze([]);

export class CaseFacts {
  readonly all: Fact[];
  /** When the first event dated after `asOf` happens, and becomes a fact; infinity if none is. */
  readonly nextAt: number;
  private readonly byType = new Map<EventType, Fact[]>();

  /**
   * The log (in recording order) read in the order things happened, as it stood at `asOf`: an
   * event may be recorded late, after events that happened later than it.
   */
  constructor(
    readonly header: CaseHeader,
    events: readonly CaseEvent[],
    asOf = Number.POSITIVE_INFINITY,
  ) {
    // A retracted event never happened; the retraction itself is a correction, not a fact.
    let retracted: Set<number> | undefined;
    for (const e of events)
      if (e.type === 'event.retracted') (retracted ??= new Set()).add(e.retracts);
    const facts: Fact[] = [];
    for (let seq = 0; seq < events.length; seq++) {
      const event = events[seq]!;
      if (event.type === 'event.retracted' || retracted?.has(seq)) continue;
      const at = instantOf(event.at);
      facts.push({ index: seq, seq, at, atText: canonicalText(event.at, at), event });
    }
    // Stable: events at the same instant stay in recording order.
    if (facts.some((f, i) => i > 0 && f.at < facts[i - 1]!.at)) facts.sort((a, b) => a.at - b.at);
    let nextAt = Number.POSITIVE_INFINITY;
    while (facts.length && facts[facts.length - 1]!.at > asOf) nextAt = facts.pop()!.at;
    this.nextAt = nextAt;
    facts.forEach((f, i) => (f.index = i));
    this.all = facts;
    for (const fact of this.all) {
      const list = this.byType.get(fact.event.type);
      if (list) list.push(fact);
      else this.byType.set(fact.event.type, [fact]);
    }
  }

  ofType<K extends EventType>(type: K): readonly FactOf<K>[] {
    return (this.byType.get(type) ?? NONE) as readonly FactOf<K>[];
  }

  /** The first event of a type after a position in the log, optionally matching a test. */
  first<K extends EventType>(
    type: K,
    after = -1,
    test?: (e: EventOf<K>) => boolean,
  ): FactOf<K> | undefined {
    for (const f of this.ofType(type)) {
      if (f.index > after && (!test || test(f.event))) return f;
    }
    return undefined;
  }

  last<K extends EventType>(type: K, test?: (e: EventOf<K>) => boolean): FactOf<K> | undefined {
    const list = this.ofType(type);
    for (let i = list.length - 1; i >= 0; i--) {
      const f = list[i]!;
      if (!test || test(f.event)) return f;
    }
    return undefined;
  }

  /**
   * When the child became looked after within this log: a `looked-after.started` event, or the
   * first ICO/EPO if the child was not already looked after. Undefined if that predates the log.
   */
  get lookedAfterFrom(): Fact | undefined {
    const started = this.first('looked-after.started');
    if (started) return started;
    if (this.header.lookedAfterBeforeProceedings) return undefined;
    return this.first('order.made');
  }

  /**
   * Whether the child was already looked after when an event happened. Instants, not log
   * positions: a start recorded at the very instant of the order that made the child looked
   * after is that order's doing, not an earlier state.
   */
  lookedAfterBefore(fact: Fact): boolean {
    if (this.header.lookedAfterBeforeProceedings) return true;
    const started = this.first('looked-after.started');
    return !!started && started.at < fact.at;
  }

  /** Proceedings start with the application being issued or an order being made, whichever is first. */
  get proceedingsStart(): Fact | undefined {
    const issued = this.first('application.issued');
    const order = this.first('order.made');
    if (!issued) return order;
    if (!order) return issued;
    return issued.index < order.index ? issued : order;
  }

  get conclusion(): FactOf<'proceedings.concluded'> | undefined {
    return this.first('proceedings.concluded');
  }

  get guardianAppointed(): FactOf<'guardian.appointed'> | undefined {
    return this.first('guardian.appointed');
  }

  /** Whether proceedings were running at a position in the log. */
  duringProceedings(fact: Fact): boolean {
    const start = this.proceedingsStart;
    const end = this.conclusion;
    return !!start && start.index <= fact.index && (!end || fact.index < end.index);
  }
}

/** The later of two facts (by log position), ignoring missing ones. */
export function later(a: Fact | undefined, b: Fact | undefined): Fact | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.index >= b.index ? a : b;
}
