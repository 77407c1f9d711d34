/**
 * The obligation engine: case file + council settings + now → obligations. Pure and
 * deterministic: the same inputs always give the same output, whatever the host's clock or TZ.
 *
 * One file for the one evaluation loop (facts, rules, deadlines, statuses), which is read as a
 * whole.
 */
import { caseIdOf, caseIdOfObligation, instantOf, type CaseFile } from '../case-file';
import { MS_PER_HOUR, atTimeOfDay, formatInstant, londonDay } from '../time/london';
import { humanInstantAt } from '../time/human';
import {
  countDeadline,
  describeConvention,
  isBeforeConvention,
  subtractBusinessDays,
  type DayCounting,
  type DeadlineWarning,
} from '../conventions/conventions';
import type { EngineSettings } from '../council-config';
import { RULES } from '../rules/catalogue';
import type { Occurrence, ReminderPoint, Rule } from '../rules/rule';
import type { PackId, Role } from '../vocabulary';
import { CaseFacts, type Fact, type FactOf } from './case-facts';
import type {
  CaseEvaluation,
  DeadlineInfo,
  EventRef,
  Obligation,
  ObligationStatus,
} from './obligation';

const REMINDER_TIME_OF_DAY = 9 * MS_PER_HOUR;
const SERVICE_RULE_IDS = new Set(RULES.filter((r) => r.level === 'service').map((r) => r.id));

/** Packs a case's listed packs bring with them: both protocols lean on statutory review timing. */
export function activePacks(listed: readonly PackId[]): Set<PackId> {
  const packs = new Set<PackId>(listed);
  if (packs.has('iro-legal') || packs.has('iro-guardian')) packs.add('looked-after-reviews');
  return packs;
}

function ref(fact: Fact): EventRef {
  return { event: fact.seq, at: fact.atText, by: fact.event.by };
}

const REMINDER_STAGES = ['reminder-1', 'reminder-2', 'reminder-3', 'reminder-4', 'reminder-5'];

interface ComputedDeadline {
  due?: number;
  info: DeadlineInfo;
  warnings: DeadlineWarning[];
  /** Who is told instead, when a cap cut the window short. */
  escalation?: Role[];
}

type Terms = Pick<DeadlineInfo, 'kind' | 'setBy' | 'convention' | 'amount' | 'description'>;

/** What the deadline is before any counting: the protocol's, the council's, or the parties'. */
function termsFor(rule: Rule, occ: Occurrence, settings: EngineSettings): Terms {
  if (occ.courtOrdered !== undefined) {
    return {
      kind: 'before',
      setBy: 'court',
      convention: 'business-days-before',
      amount: 0,
      description: `the date the court directed: ${occ.courtOrdered}`,
    };
  }
  if (occ.scheduledDay) {
    return {
      kind: 'scheduled',
      setBy: 'council',
      description: `by ${occ.scheduledDay.description}`,
    };
  }
  if (occ.deadline) {
    const { convention, amount } = occ.deadline;
    const setBy = rule.deadline.kind === 'target' ? 'parties' : 'protocol';
    return {
      kind: 'after',
      setBy,
      convention,
      amount,
      description: describeConvention(convention, amount),
    };
  }
  return ruleTerms(rule, settings);
}

/** A rule's own deadline terms: the council's setting, else the protocol's or the default reading. */
export function ruleTerms(rule: Rule, settings: EngineSettings): Terms {
  const council = settings.rules.get(rule.id)?.deadline;
  const spec = rule.deadline;
  if (spec.kind === 'target') {
    if (council)
      return {
        kind: 'target',
        setBy: 'council',
        ...council,
        description: `council target: ${describeConvention(council.convention, council.amount, spec.default.anchor)}`,
      };
    const { convention, amount, anchor } = spec.default;
    return {
      kind: 'target',
      setBy: 'default',
      convention,
      amount,
      description: `default target — the protocol says "${spec.phrase}": ${describeConvention(convention, amount, anchor)}`,
    };
  }
  const { convention, amount } = council ?? spec;
  const setBy = council ? 'council' : 'protocol';
  if (spec.kind === 'after')
    return {
      kind: 'after',
      setBy,
      convention,
      amount,
      description: describeConvention(convention, amount),
    };
  const description =
    amount === 0 ? `before ${spec.anchor}` : describeConvention(convention, amount, spec.anchor);
  return { kind: 'before', setBy, convention, amount, description };
}

/**
 * Deadline descriptions repeat across cases: each is built once per settings, found by its rule
 * (and, for the few deadlines the parties agree, by their terms too).
 */
const infoCache = new WeakMap<
  EngineSettings,
  { byRule: Map<Rule, DeadlineInfo>; agreed: Map<string, DeadlineInfo> }
>();

function buildDeadlineInfo(rule: Rule, occ: Occurrence, settings: EngineSettings): DeadlineInfo {
  const terms = termsFor(rule, occ, settings);
  // Fields written out, not spread: one object shape for every deadline.
  return {
    kind: terms.kind,
    setBy: terms.setBy,
    convention: terms.convention,
    amount: terms.amount,
    description: terms.description,
    scope: rule.scope,
    calendarVersion: settings.calendar.version.id,
  };
}

function deadlineInfo(rule: Rule, occ: Occurrence, settings: EngineSettings): DeadlineInfo {
  // A date the court or the council set is the case's own.
  if (occ.scheduledDay || occ.courtOrdered !== undefined)
    return buildDeadlineInfo(rule, occ, settings);
  let cache = infoCache.get(settings);
  if (!cache) infoCache.set(settings, (cache = { byRule: new Map(), agreed: new Map() }));
  if (occ.deadline) {
    const key = `${rule.id}|${occ.deadline.convention}|${occ.deadline.amount}`;
    let info = cache.agreed.get(key);
    if (!info) cache.agreed.set(key, (info = buildDeadlineInfo(rule, occ, settings)));
    return info;
  }
  let info = cache.byRule.get(rule);
  if (!info) cache.byRule.set(rule, (info = buildDeadlineInfo(rule, occ, settings)));
  return info;
}

/** How days are counted for a rule: one object per settings and scope, not one per obligation. */
const countings = new WeakMap<EngineSettings, Map<Rule['scope'], DayCounting>>();

function countingFor(settings: EngineSettings, scope: Rule['scope']): DayCounting {
  let byScope = countings.get(settings);
  if (!byScope) countings.set(settings, (byScope = new Map<Rule['scope'], DayCounting>()));
  let counting = byScope.get(scope);
  if (!counting)
    byScope.set(
      scope,
      (counting = { calendar: settings.calendar, scope, endOfDay: settings.endOfDay }),
    );
  return counting;
}

function computeDeadline(
  rule: Rule,
  occ: Occurrence,
  settings: EngineSettings,
  counting: DayCounting,
): ComputedDeadline {
  let info = deadlineInfo(rule, occ, settings);
  let due: number | undefined;
  let warnings: DeadlineWarning[] = [];
  let escalation: Role[] | undefined;
  if (occ.scheduledDay) {
    due = atTimeOfDay(occ.scheduledDay.day, settings.endOfDay);
  } else if (info.convention !== undefined && info.amount !== undefined) {
    // Only an occurrence that does not apply lacks its anchor: then nothing is counted.
    const from = isBeforeConvention(info.convention) ? occ.anchor : occ.trigger.at;
    if (from !== undefined)
      ({ due, warnings } = countDeadline(info.convention, from, info.amount, counting));
  }

  if (due !== undefined && occ.cap && occ.cap.at < due) {
    warnings = [
      ...warnings,
      {
        code: 'compressed-window',
        message: `The full window would end ${humanInstantAt(due)}, after ${occ.cap.label}; it ends at ${humanInstantAt(occ.cap.at)} instead.`,
        fullWindowDue: formatInstant(due),
      },
    ];
    due = occ.cap.at;
    info = { ...info, description: `${info.description}; never later than ${occ.cap.label}` };
    escalation = occ.cap.escalation;
  }
  if (due !== undefined && due < occ.trigger.at) {
    warnings = [
      ...warnings,
      {
        code: 'anchor-passed',
        message: 'The deadline had already passed when the obligation arose.',
      },
    ];
  }
  return { due, info, warnings, escalation };
}

/** 09:00 on the business days the points name before the due day (or hours before it), after `trigger`. */
export function reminderInstants(
  points: readonly ReminderPoint[],
  trigger: number,
  due: number,
  counting: DayCounting,
): number[] {
  const out: number[] = [];
  for (const p of points) {
    let at: number;
    if ('hoursBefore' in p) {
      at = due - p.hoursBefore * MS_PER_HOUR;
    } else {
      const dueDay = londonDay(due);
      // "0 business days before" on a non-business due day means the business day before it.
      const day =
        p.businessDaysBefore === 0 && !counting.calendar.isBusinessDay(dueDay, counting.scope)
          ? subtractBusinessDays(dueDay, 1, counting)
          : subtractBusinessDays(dueDay, p.businessDaysBefore, counting);
      at = atTimeOfDay(day, REMINDER_TIME_OF_DAY);
    }
    if (!(at > trigger && at < due)) continue;
    // Kept in order as found (points are few, and usually already in order): no sort, which
    // would copy the list, on a path taken for every open obligation.
    let i = out.length;
    while (i > 0 && out[i - 1]! > at) i--;
    if (i > 0 && out[i - 1] === at) continue;
    for (let j = out.length; j > i; j--) out[j] = out[j - 1]!;
    out[i] = at;
  }
  return out;
}

export function evaluateCase(
  file: CaseFile,
  settings: EngineSettings,
  now: number,
): CaseEvaluation {
  return evaluateCaseUntil(file, settings, now).evaluation;
}

/**
 * One rule's obligations on a case, as at `now`: for a question about one duty (when would the
 * IRO's comments be due if the draft came on time?) without evaluating every other.
 */
export function evaluateRule(
  file: CaseFile,
  settings: EngineSettings,
  now: number,
  ruleId: string,
): Obligation[] {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluateCaseUntil(file, settings, now, [rule]).evaluation.obligations;
}

/** An evaluation, and until when it holds. */
export interface TimedEvaluation {
  evaluation: CaseEvaluation;
  /**
   * Until this instant (exclusive), evaluating the same file again gives the same obligations:
   * only `evaluatedAt` differs. The next instant at which an event dated in the future becomes
   * known, a reminder or a deadline is reached, an occasion ends, or (for something overdue) a
   * day of lateness is added, rounded down to the hour for the last.
   */
  stableUntil: number;
}

/** The next hour boundary after `now`: London's days begin on one, whatever its offset. */
const nextHour = (now: number) => (Math.floor(now / 3_600_000) + 1) * 3_600_000;

export function evaluateCaseUntil(
  file: CaseFile,
  settings: EngineSettings,
  now: number,
  /** The rules to apply: all of them, unless a question is about one (`evaluateRule`). */
  rules: readonly Rule[] = RULES,
): TimedEvaluation {
  // The earliest instant after now at which something below reads `now` differently.
  let stableUntil = Number.POSITIVE_INFINITY;
  const changesAt = (t: number) => {
    if (t > now && t < stableUntil) stableUntil = t;
  };
  // Events dated after `now` are not yet known.
  const facts = new CaseFacts(file.case, file.events, now);
  changesAt(facts.nextAt);

  const packs = activePacks(file.case.packs);
  const end = facts.conclusion;
  const context = { now, linkMeetingsFrom: settings.linkMeetingsFrom };

  // Acknowledgements, completions and waivers name obligations by id: the case's reference (in
  // any letter case, caseIdOf), then the rule and occurrence, compared exactly. They are matched
  // by that second part, the duty, so a case's own obligation ids are never hashed.
  const marks = facts.all.filter(isMark);
  const byDuty = new Map<string, Marks>();
  const marksOf: (Marks | undefined)[] = [];
  const caseKey = caseIdOf(file.case.id);
  for (const fact of marks) {
    const e = fact.event;
    const casePart = caseIdOfObligation(e.obligation);
    if (caseIdOf(casePart) !== caseKey) {
      marksOf.push(undefined);
      continue;
    }
    const duty = e.obligation.slice(casePart.length + 1);
    let entry = byDuty.get(duty);
    if (!entry) byDuty.set(duty, (entry = { acks: [], matched: false }));
    marksOf.push(entry);
    if (e.type === 'obligation.acknowledged') entry.acks.push(fact);
    else if (e.type === 'obligation.completed') entry.completed ??= fact;
    else if (e.type === 'obligation.cannot-meet') entry.cannotMeet = fact;
    else entry.waived ??= fact;
  }

  // Each occurrence becomes its obligation as it is found, matched with the marks read above.
  const obligations: Obligation[] = [];
  for (const rule of rules) {
    if (rule.level === 'service' || !packs.has(rule.pack)) continue;
    for (const occ of rule.occurrences(facts, context)) {
      // A duty of the proceedings ends with them, if it arose before they did.
      if (rule.endsWithProceedings && end && !occ.ended && occ.trigger.at < end.at)
        occ.ended = { at: end.at, label: 'proceedings concluded' };
      const id = occ.key ? `${file.case.id}:${rule.id}:${occ.key}` : `${file.case.id}:${rule.id}`;
      const entry = byDuty.size
        ? byDuty.get(occ.key ? `${rule.id}:${occ.key}` : rule.id)
        : undefined;
      if (entry) entry.matched = true;
      obligations.push(toObligation(rule, occ, id, settings, now, entry, changesAt));
    }
  }

  const warnings: CaseEvaluation['warnings'] = [];
  marks.forEach((fact, i) => {
    if (marksOf[i]?.matched) return;
    const e = fact.event;
    // The monthly register was once a duty of each case: marks on it stay in old logs, and are
    // history now that the service keeps one register (core/service/), not a mistake.
    if (SERVICE_RULE_IDS.has(e.obligation.split(':')[1] ?? '')) return;
    warnings.push({
      event: fact.seq,
      message: `${e.type} names "${e.obligation}", which is not an obligation of this case`,
    });
  });
  return {
    evaluation: {
      case: file.case,
      evaluatedAt: formatInstant(now),
      calendar: settings.calendar.version,
      obligations,
      warnings,
    },
    stableUntil,
  };
}

const MARKS = new Set<string>([
  'obligation.acknowledged',
  'obligation.completed',
  'obligation.waived',
  'obligation.cannot-meet',
]);

/** A person's mark on an obligation: acknowledged, completed, waived or cannot be met. */
function isMark(
  fact: Fact,
): fact is FactOf<
  | 'obligation.acknowledged'
  | 'obligation.completed'
  | 'obligation.waived'
  | 'obligation.cannot-meet'
> {
  return MARKS.has(fact.event.type);
}

/** The marks people made on one obligation, and whether it is one of the case's. */
interface Marks {
  acks: Fact[];
  completed?: Fact;
  waived?: Fact;
  cannotMeet?: Fact;
  matched: boolean;
}

/**
 * An acknowledgement is of the deadline as it stood (`due`); one of a deadline that has since
 * moved no longer counts, and is kept apart with the date it was of. (Older ones, and those of
 * an obligation without a deadline, name no date and count.)
 */
/**
 * Most obligations have no acknowledgement and no warning: one frozen empty list serves them all
 * (hundreds of thousands of obligations are made in a sweep; frozen, so none can be changed).
 */
const NO_ACKNOWLEDGEMENTS = Object.freeze({
  current: Object.freeze([]) as unknown as EventRef[],
  earlier: Object.freeze([]) as unknown as (EventRef & { due: string })[],
});
const NO_WARNINGS = Object.freeze([]) as unknown as DeadlineWarning[];
const NO_REMINDERS: readonly number[] = Object.freeze([]);
const NO_REMINDERS_DUE = Object.freeze([]) as unknown as Obligation['reminders'];

function acknowledged(
  facts: Fact[],
  due: number | undefined,
): { current: EventRef[]; earlier: (EventRef & { due: string })[] } {
  const current: EventRef[] = [];
  const earlier: (EventRef & { due: string })[] = [];
  for (const fact of facts) {
    const of = fact.event.type === 'obligation.acknowledged' ? fact.event.due : undefined;
    if (of === undefined || due === undefined || instantOf(of) === due) current.push(ref(fact));
    else earlier.push({ ...ref(fact), due: formatInstant(instantOf(of)) });
  }
  return { current, earlier };
}

/** Working days after the due day up to and including the day it ended, and calendar days. */
function lateness(
  due: number,
  until: number,
  calendar: EngineSettings['calendar'],
  scope: Rule['scope'],
): { workingDays: number; days: number } {
  const from = londonDay(due);
  const to = londonDay(until);
  return { workingDays: calendar.businessDaysAfter(from, to, scope), days: to - from };
}

function toObligation(
  rule: Rule,
  occ: Occurrence,
  id: string,
  settings: EngineSettings,
  now: number,
  marks: Marks | undefined,
  /** Told each instant at which what this reads of `now` changes. */
  changesAt: (t: number) => void,
): Obligation {
  const counting = countingFor(settings, rule.scope);
  const { due, info, warnings, escalation } = computeDeadline(rule, occ, settings, counting);
  const applicable = occ.notApplicable === undefined;

  // The earliest of the event the rule looks for and a person marking it complete.
  let completion = occ.completion;
  if (marks?.completed && (!completion || marks.completed.index < completion.index))
    completion = marks.completed;
  const waiver =
    marks?.waived && (!completion || marks.waived.index < completion.index)
      ? marks.waived
      : undefined;
  if (waiver) completion = undefined;

  // Reminders are for obligations still open; a met or waived one has none left to send.
  const open =
    applicable &&
    !completion &&
    !waiver &&
    due !== undefined &&
    !(occ.ended && now >= occ.ended.at);
  const reminders = open
    ? reminderInstants(
        settings.rules.get(rule.id)?.reminders ?? rule.reminders,
        occ.trigger.at,
        due,
        counting,
      )
    : NO_REMINDERS;

  // The occasion has ended (proceedings concluded, the review held, a new holder): what was not
  // done by then is missed if its time had come, and otherwise no longer asked for.
  const ended = occ.ended && now >= occ.ended.at ? occ.ended : undefined;
  if (occ.ended) changesAt(occ.ended.at);
  if (due !== undefined) changesAt(due + 1);
  if (reminders.length) changesAt(reminders[0]!);
  let status: ObligationStatus;
  let reason = occ.notApplicable;
  if (!applicable && !ended) status = 'not-applicable';
  else if (completion) status = due !== undefined && completion.at > due ? 'met-late' : 'met';
  else if (waiver) status = 'waived';
  else if (ended && due !== undefined && due <= ended.at) {
    status = 'missed';
    reason = `Not done by ${humanInstantAt(due)}, and then ${ended.label}.`;
  } else if (ended) {
    status = 'not-applicable';
    reason ??= `It was not yet due when ${ended.label}.`;
  } else if (due === undefined) status = 'open';
  else if (now > due) status = 'overdue';
  else if (reminders.length && now >= reminders[0]!) status = 'due-soon';
  else status = 'open';
  const counted = status !== 'not-applicable';

  const dueText = counted && due !== undefined ? formatInstant(due) : undefined;
  if (status === 'overdue') changesAt(nextHour(now));
  const lateUntil =
    status === 'overdue'
      ? now
      : status === 'missed'
        ? ended!.at
        : status === 'met-late'
          ? completion!.at
          : undefined;
  const acks = marks?.acks.length ? acknowledged(marks.acks, due) : NO_ACKNOWLEDGEMENTS;
  // One object shape for every obligation (absent fields are undefined, which JSON omits):
  // the engine makes hundreds of thousands of these.
  const obligation: Obligation = {
    id,
    rule: rule.id,
    pack: rule.pack,
    title: occ.label ? `${rule.title} (${occ.label})` : rule.title,
    responsible: occ.responsible ?? rule.responsible,
    recipients: occ.recipients ?? rule.recipients,
    trigger: {
      event: occ.trigger.seq,
      at: occ.trigger.atText,
      by: occ.trigger.event.by,
      type: occ.trigger.event.type,
    },
    due: dueText,
    deadline: info,
    status,
    late:
      lateUntil === undefined || due === undefined
        ? undefined
        : lateness(due, lateUntil, settings.calendar, rule.scope),
    reason: status === 'not-applicable' || status === 'missed' ? reason : undefined,
    completed: completion
      ? {
          event: completion.seq,
          at: completion.atText,
          by: completion.event.by,
          late: status === 'met-late',
        }
      : undefined,
    waived:
      waiver?.event.type === 'obligation.waived'
        ? {
            event: waiver.seq,
            at: waiver.atText,
            by: waiver.event.by,
            reason: waiver.event.reason,
          }
        : undefined,
    acknowledgements: acks.current,
    earlierAcknowledgements: acks.earlier.length ? acks.earlier : undefined,
    cannotMeet:
      marks?.cannotMeet?.event.type === 'obligation.cannot-meet'
        ? {
            event: marks.cannotMeet.seq,
            at: marks.cannotMeet.atText,
            by: marks.cannotMeet.event.by,
            reason: marks.cannotMeet.event.reason,
          }
        : undefined,
    reminders: reminders.length
      ? reminders.map((at, i) => ({
          stage: REMINDER_STAGES[i] ?? `reminder-${i + 1}`,
          at: formatInstant(at),
        }))
      : NO_REMINDERS_DUE,
    escalation: { to: escalation ?? rule.escalation, at: dueText },
    checklist: occ.checklist?.map((c) => ({
      item: c.item,
      label: c.label,
      required: c.required,
      condition: c.condition,
      done: c.done && ref(c.done),
    })),
    warnings: counted && warnings.length ? warnings : NO_WARNINGS,
    source: rule.source,
  };
  return obligation;
}
