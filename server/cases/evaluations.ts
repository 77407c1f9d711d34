/**
 * Each case's evaluation, kept while it holds: one per case version, until the instant the engine
 * says something changes (a future-dated event becomes known, a reminder or a deadline is reached,
 * an occasion ends, another hour of lateness). The case service owns one, so the API, the bot and
 * the dispatcher reading or acting on a case evaluate it once between changes, not once a call.
 * Per process: a change made by another instance has another version, and is evaluated afresh.
 */
import {
  evaluateCaseUntil,
  evaluateRule,
  formatInstant,
  type CaseEvaluation,
  type CaseEvent,
  type CaseRecord,
  type Clock,
  type EngineSettings,
  type Obligation,
  type RecordedEvent,
} from '../../core';

/** Cases kept; beyond it the least recently evaluated go (a council has a few thousand). */
const KEPT = 20_000;

interface Kept {
  version: number;
  /** It holds from the instant it was made (a clock set back is not trusted to it) … */
  from: number;
  /** … until this one. */
  stableUntil: number;
  evaluation: CaseEvaluation;
}

export class CaseEvaluations {
  private readonly kept = new Map<string, Kept>();
  /** Evaluations of a whole case so far, and of one rule for a question (tests count them). */
  runs = 0;
  ruleRuns = 0;

  constructor(
    private readonly settings: EngineSettings,
    private readonly clock: Clock,
    private readonly limit = KEPT,
  ) {}

  /** The case as its stored log stands, now (a log made up for a question goes to `after`). */
  of(record: CaseRecord, log: readonly RecordedEvent[]): CaseEvaluation {
    const now = this.clock.now();
    const caseId = record.header.id;
    const kept = this.kept.get(caseId);
    if (kept && kept.version === log.length && kept.from <= now && now < kept.stableUntil)
      return asAt(kept.evaluation, now);
    return this.run(
      record,
      log.map((e) => e.event),
      log.length === record.version ? log.length : undefined,
    );
  }

  /**
   * The case as its stored log stands, now, reading the log only when no kept evaluation holds:
   * for the jobs and reports that go over many cases and would otherwise read every log.
   */
  async current(
    record: CaseRecord,
    readLog: () => Promise<readonly RecordedEvent[]>,
  ): Promise<CaseEvaluation> {
    const now = this.clock.now();
    const kept = this.kept.get(record.header.id);
    if (kept && kept.version === record.version && kept.from <= now && now < kept.stableUntil)
      return asAt(kept.evaluation, now);
    return this.of(record, await readLog());
  }

  /**
   * The case as it would be with these events appended: kept as the next version's, which it
   * is once the append is made (`appended`).
   */
  after(record: CaseRecord, log: readonly RecordedEvent[], events: CaseEvent[]): CaseEvaluation {
    return this.run(record, [...log.map((e) => e.event), ...events], undefined);
  }

  /**
   * One duty of the case as it would be with events it does not have, as at an instant (the
   * comment window if the draft arrived on time): one rule applied, never kept.
   */
  whatIf(record: CaseRecord, events: CaseEvent[], at: number, ruleId: string): Obligation[] {
    this.ruleRuns++;
    return evaluateRule({ case: record.header, events }, this.settings, at, ruleId);
  }

  /** The append was made: what `after` gave is the evaluation of this version. */
  appended(record: CaseRecord, version: number, evaluation: CaseEvaluation): void {
    const pending = this.pending.get(evaluation);
    if (pending !== undefined) this.keep(record.header.id, { ...pending, version });
  }

  /** Stability of evaluations made by `after`, until `appended` says which version they are. */
  private readonly pending = new WeakMap<CaseEvaluation, Omit<Kept, 'version'>>();

  private run(record: CaseRecord, events: CaseEvent[], version: number | undefined) {
    this.runs++;
    const from = this.clock.now();
    const { evaluation, stableUntil } = evaluateCaseUntil(
      { case: record.header, events },
      this.settings,
      from,
    );
    const kept = { from, stableUntil, evaluation };
    if (version !== undefined) this.keep(record.header.id, { ...kept, version });
    else this.pending.set(evaluation, kept);
    return evaluation;
  }

  private keep(caseId: string, kept: Kept): void {
    this.kept.delete(caseId); // re-inserted last: the map's order is least recent first
    this.kept.set(caseId, kept);
    if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!);
  }
}

/** A kept evaluation as of now: the same obligations (it holds), evaluated at this instant. */
function asAt(evaluation: CaseEvaluation, now: number): CaseEvaluation {
  const at = formatInstant(now);
  return evaluation.evaluatedAt === at ? evaluation : { ...evaluation, evaluatedAt: at };
}
