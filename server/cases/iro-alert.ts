/**
 * The use case "Send IRO alert" (IRO and Legal Services Protocol: "The allocated lawyer will email
 * the IRO an alert"): the lawyer records the final-evidence filing deadline and the alert, and is
 * told when the draft must reach the IRO and when the 24-hour comment window would close; the
 * same dates as a preview that records nothing; and the dates of the alert last sent, which the
 * IRO's card shows. The case is loaded once and appended to once, through append-events.ts.
 */
import {
  audienceOf,
  formatInstant,
  instantOf,
  iroAlertRefusal,
  iroAlertWarnings,
  mayRecord,
  needsStandIns,
  parseInstant,
  refuse,
  type Actor,
  type CaseEvaluation,
  type CaseEvent,
  type CaseRecord,
  type IroAlertDates,
  type Person,
  type RecordedEvent,
  type Role,
  type TellsOfAlert,
} from '../../core';
import { appendEvents } from './append-events';
import type { CaseContext } from './case-context';
import { visibleCase } from './case-view';

export class IroAlert {
  constructor(private readonly deps: CaseContext) {}

  /**
   * The lawyer's "Send IRO alert": records the final-evidence filing deadline and the alert, and
   * says when the draft must reach the IRO and when the 24-hour comment window would close.
   */
  async send(
    person: Person,
    caseId: string,
    input: { filingDue: string; idempotencyKey?: string },
    actor: Actor,
  ): Promise<IroAlertDates & { version: number; replayed: boolean }> {
    const events = this.events(person, input.filingDue, actor.surface);
    const request = { filingDue: input.filingDue };
    const result = await appendEvents(
      this.deps,
      person,
      caseId,
      events,
      { ...input, request },
      actor,
      (record) => {
        if (!mayRecord(person, record, 'iro-alert.sent'))
          throw refuse('event-forbidden', 'Only Legal Services send the IRO alert.');
      },
    );
    const dates = this.dates(result.record, result.logAfter, input.filingDue);
    const record = { ...result.record, members: result.members };
    return {
      version: result.version,
      replayed: result.replayed,
      ...dates,
      told: await this.told(record),
    };
  }

  /**
   * Who hears of the alert: those the draft is addressed to (the IRO), or with no IRO on the
   * case, the IRO Team Managers and IRO administrators standing in, by name.
   */
  private async told(record: Pick<CaseRecord, 'team' | 'members'>): Promise<TellsOfAlert[]> {
    const people = needsStandIns(record) ? await this.deps.directory.people() : [];
    const draft = { responsible: [], recipients: ['iro'] as Role[] };
    const told: TellsOfAlert[] = [];
    for (const t of audienceOf(draft, record, people)) {
      const p =
        people.find((x) => x.id === t.personId) ?? (await this.deps.directory.person(t.personId));
      told.push({
        personId: t.personId,
        displayName: p?.displayName ?? t.personId,
        role: t.role,
        ...(t.standIn ? { standIn: t.standIn } : {}),
      });
    }
    return told;
  }

  /** The same answer as `send` would give now, recording nothing (the form's preview). */
  async preview(
    person: Person,
    caseId: string,
    filingDue: string,
    actor: Actor,
  ): Promise<IroAlertDates> {
    const record = await visibleCase(this.deps, person, caseId);
    if (!mayRecord(person, record, 'iro-alert.sent'))
      throw refuse('event-forbidden', 'Only Legal Services send the IRO alert.');
    const events = this.events(person, filingDue, actor.surface);
    const log = await this.deps.store.readEvents(caseId);
    const refusal = iroAlertRefusal(
      log.map((e) => e.event),
      instantOf(filingDue),
      this.deps.clock.now(),
    );
    if (refusal) throw refuse('invalid-event', `The IRO alert cannot go: ${refusal}.`);
    await this.deps.store.audit({ actor, action: 'iro-alert.previewed', caseId });
    const at = this.deps.clock.now();
    const logAfter: RecordedEvent[] = [
      ...log,
      ...events.map((event, i) => ({
        seq: log.length + i,
        event,
        recordedAt: formatInstant(at),
        recordedBy: person.id,
        surface: actor.surface,
      })),
    ];
    return {
      // The case as it would be: evaluated for the preview, never kept as the case's own.
      ...this.dates(record, logAfter, filingDue, this.deps.evaluations.after(record, log, events)),
      told: await this.told(record),
    };
  }

  async current(person: Person, caseId: string, actor: Actor): Promise<IroAlertDates | undefined> {
    const record = await visibleCase(this.deps, person, caseId);
    const log = await this.deps.store.readEvents(caseId);
    await this.deps.store.audit({ actor, action: 'iro-alert.read', caseId });
    return this.latest(record, log);
  }

  /** The dates of the last IRO alert in a log (the card that tells the IRO shows them). */
  latest(record: CaseRecord, log: RecordedEvent[]): IroAlertDates | undefined {
    for (let i = log.length - 1; i >= 0; i--) {
      const e = log[i]!.event;
      if (e.type === 'filing.scheduled' && e.filing === 'final-evidence')
        return this.dates(record, log, e.due);
    }
    return undefined;
  }

  private events(person: Person, filingDue: string, surface: Actor['surface']): CaseEvent[] {
    const due = parseInstant(filingDue);
    if (!due.ok || due.dateOnly) {
      throw refuse(
        'invalid-request',
        // What was sent is not quoted back: it may be anything, a child's name included.
        `filingDue: ${due.ok ? 'needs a time of day and an offset' : due.reason}`,
      );
    }
    const at = formatInstant(this.deps.clock.now());
    return [
      {
        type: 'filing.scheduled',
        at,
        filing: 'final-evidence',
        due: filingDue,
        by: person.id,
        surface,
      },
      { type: 'iro-alert.sent', at, by: person.id, surface },
    ];
  }

  private dates(
    record: CaseRecord,
    logAfter: RecordedEvent[],
    filingDue: string,
    /** The case with `logAfter` as its log, if the caller has it (a log not stored has to). */
    evaluation: CaseEvaluation = this.deps.evaluations.of(record, logAfter),
  ): IroAlertDates {
    const draft = evaluation.obligations.find((o) => o.rule === 'draft-final-evidence-to-iro');
    // The comment window if the draft arrives on time: the engine's own answer for that event.
    // (evaluated as at that moment: the engine ignores events later than "now").
    const ifOnTime = draft?.due
      ? this.deps.evaluations
          .whatIf(
            record,
            [...logAfter.map((e) => e.event), { type: 'draft.sent-to-iro', at: draft.due }],
            Math.max(this.deps.clock.now(), instantOf(draft.due)),
            'iro-comments-on-draft',
          )
          .find((o) => o.rule === 'iro-comments-on-draft')
      : undefined;
    return {
      filingDue: formatInstant(instantOf(filingDue)),
      draftToIroBy: draft?.due,
      commentsDueIfDraftOnTime: ifOnTime?.due,
      commentWindowCompressed:
        ifOnTime?.warnings.some((w) => w.code === 'compressed-window') ?? false,
      deadline: draft?.deadline,
      warnings: iroAlertWarnings(
        {
          filingDue: instantOf(filingDue),
          draftToIroBy: draft?.due === undefined ? undefined : instantOf(draft.due),
        },
        this.deps.clock.now(),
        this.deps.settings.calendar,
      ),
    };
  }
}
