/**
 * The obligation engine: case file + council settings + now → obligations. Pure and
 * deterministic: the same inputs always give the same output, whatever the host's clock or TZ.
 */
import type { CaseFile } from '../case-file';
import { MS_PER_HOUR, atTimeOfDay, formatInstant, londonDay } from '../time/london';
import {
  countDeadline,
  describeConvention,
  subtractBusinessDays,
  type DayCounting,
  type DeadlineWarning,
} from '../conventions/conventions';
import type { EngineSettings } from '../council-config';
import { RULES } from '../rules/catalogue';
import type { Occurrence, ReminderPoint, Rule } from '../rules/rule';
import type { PackId } from '../vocabulary';
import { CaseFacts, type Fact } from './case-facts';
import type {
  CaseEvaluation,
  DeadlineInfo,
  EventRef,
  Obligation,
  ObligationStatus,
} from './obligation';

const REMINDER_TIME_OF_DAY = 9 * MS_PER_HOUR;

/** Packs a case's listed packs bring with them: both protocols lean on statutory review timing. */
export function activePacks(listed: readonly PackId[]): Set<PackId> {
  const packs = new Set<PackId>(listed);
  if (packs.has('iro-legal') || packs.has('iro-guardian')) packs.add('looked-after-reviews');
  return packs;
}

function ref(fact: Fact): EventRef {
  const by = fact.event.by;
  return by === undefined
    ? { event: fact.index, at: formatInstant(fact.at) }
    : { event: fact.index, at: formatInstant(fact.at), by };
}

interface ComputedDeadline {
  due?: number;
  info: DeadlineInfo;
  warnings: DeadlineWarning[];
}

function computeDeadline(rule: Rule, occ: Occurrence, settings: EngineSettings): ComputedDeadline {
  const counting: DayCounting = {
    calendar: settings.calendar,
    scope: rule.scope,
    endOfDay: settings.endOfDay,
  };
  const base = { scope: rule.scope, calendarVersion: settings.calendar.version.id };
  const council = settings.rules.get(rule.id)?.deadline;
  let due: number | undefined;
  let warnings: DeadlineWarning[] = [];
  let info: DeadlineInfo;

  if (occ.scheduledDay) {
    due = atTimeOfDay(occ.scheduledDay.day, settings.endOfDay);
    info = {
      ...base,
      kind: 'scheduled',
      setBy: 'council',
      description: `by ${occ.scheduledDay.description}`,
    };
  } else if (occ.deadline) {
    ({ due, warnings } = countDeadline(
      occ.deadline.convention,
      occ.trigger.at,
      occ.deadline.amount,
      counting,
    ));
    const setBy = rule.deadline.kind === 'target' ? 'parties' : 'protocol';
    info = {
      ...base,
      kind: 'after',
      setBy,
      ...occ.deadline,
      description: describeConvention(occ.deadline.convention, occ.deadline.amount),
    };
  } else if (rule.deadline.kind === 'target') {
    if (council) {
      ({ due, warnings } = countDeadline(
        council.convention,
        occ.trigger.at,
        council.amount,
        counting,
      ));
      info = {
        ...base,
        kind: 'target',
        setBy: 'council',
        ...council,
        description: `council target: ${describeConvention(council.convention, council.amount)}`,
      };
    } else {
      info = {
        ...base,
        kind: 'target',
        setBy: 'none',
        description: `No time limit in the protocol ("${rule.deadline.phrase}"); the council has not set a target, so it is never reported late.`,
      };
    }
  } else {
    const spec = rule.deadline;
    const chosen = council ?? { convention: spec.convention, amount: spec.amount };
    const setBy = council ? 'council' : 'protocol';
    if (spec.kind === 'before') {
      // Only an occurrence that does not apply lacks an anchor: describe it, count nothing.
      const anchor = occ.anchor;
      if (anchor)
        ({ due, warnings } = countDeadline(chosen.convention, anchor.at, chosen.amount, counting));
      const label = anchor?.label ?? spec.anchor;
      const description =
        chosen.amount === 0
          ? `before ${label}`
          : describeConvention(chosen.convention, chosen.amount, label);
      info = { ...base, kind: 'before', setBy, ...chosen, description };
    } else {
      ({ due, warnings } = countDeadline(
        chosen.convention,
        occ.trigger.at,
        chosen.amount,
        counting,
      ));
      info = {
        ...base,
        kind: 'after',
        setBy,
        ...chosen,
        description: describeConvention(chosen.convention, chosen.amount),
      };
    }
  }

  if (due !== undefined && occ.cap && occ.cap.at < due) {
    warnings = [
      ...warnings,
      {
        code: 'compressed-window',
        message: `The full window would end ${formatInstant(due)}, after ${occ.cap.label}; it ends at ${formatInstant(occ.cap.at)} instead.`,
        fullWindowDue: formatInstant(due),
      },
    ];
    due = occ.cap.at;
    info = { ...info, description: `${info.description}; never later than ${occ.cap.label}` };
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
  return { due, info, warnings };
}

function reminderInstants(
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
    if (at > trigger && at < due) out.push(at);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

export function evaluateCase(
  file: CaseFile,
  settings: EngineSettings,
  now: number,
): CaseEvaluation {
  // Evaluate the log as it stood at `now`: events are in time order, so that is a prefix.
  let end = file.events.length;
  const facts0 = new CaseFacts(file.case, file.events);
  while (end > 0 && facts0.all[end - 1]!.at > now) end--;
  const facts =
    end === file.events.length ? facts0 : new CaseFacts(file.case, file.events.slice(0, end));

  const packs = activePacks(file.case.packs);
  const context = { now, linkMeetingsFrom: settings.linkMeetingsFrom };
  const drafts: { rule: Rule; occ: Occurrence; id: string }[] = [];
  for (const rule of RULES) {
    if (!packs.has(rule.pack)) continue;
    for (const occ of rule.occurrences(facts, context)) {
      drafts.push({
        rule,
        occ,
        id: [file.case.id, rule.id, ...(occ.key ? [occ.key] : [])].join(':'),
      });
    }
  }

  // Acknowledgements, completions and waivers name obligations by id.
  const byObligation = new Map<string, { acks: Fact[]; completed?: Fact; waived?: Fact }>();
  const warnings: CaseEvaluation['warnings'] = [];
  const known = new Set(drafts.map((d) => d.id));
  for (const fact of facts.all) {
    const e = fact.event;
    if (
      e.type !== 'obligation.acknowledged' &&
      e.type !== 'obligation.completed' &&
      e.type !== 'obligation.waived'
    )
      continue;
    if (!known.has(e.obligation)) {
      warnings.push({
        event: fact.index,
        message: `${e.type} names "${e.obligation}", which is not an obligation of this case`,
      });
      continue;
    }
    let entry = byObligation.get(e.obligation);
    if (!entry) byObligation.set(e.obligation, (entry = { acks: [] }));
    if (e.type === 'obligation.acknowledged') entry.acks.push(fact);
    else if (e.type === 'obligation.completed') entry.completed ??= fact;
    else entry.waived ??= fact;
  }

  const obligations = drafts.map(({ rule, occ, id }) =>
    toObligation(rule, occ, id, settings, now, byObligation.get(id)),
  );
  return {
    case: file.case,
    evaluatedAt: formatInstant(now),
    calendar: settings.calendar.version,
    obligations,
    warnings,
  };
}

function toObligation(
  rule: Rule,
  occ: Occurrence,
  id: string,
  settings: EngineSettings,
  now: number,
  marks: { acks: Fact[]; completed?: Fact; waived?: Fact } | undefined,
): Obligation {
  const { due, info, warnings } = computeDeadline(rule, occ, settings);
  const counting: DayCounting = {
    calendar: settings.calendar,
    scope: rule.scope,
    endOfDay: settings.endOfDay,
  };
  const applicable = occ.notApplicable === undefined;
  const reminderPoints = settings.rules.get(rule.id)?.reminders ?? rule.reminders;
  const reminders =
    applicable && due !== undefined
      ? reminderInstants(reminderPoints, occ.trigger.at, due, counting)
      : [];

  // The earliest of the event the rule looks for and a person marking it complete.
  let completion = occ.completion;
  if (marks?.completed && (!completion || marks.completed.index < completion.index))
    completion = marks.completed;
  const waiver =
    marks?.waived && (!completion || marks.waived.index < completion.index)
      ? marks.waived
      : undefined;
  if (waiver) completion = undefined;

  let status: ObligationStatus;
  if (!applicable) status = 'not-applicable';
  else if (completion) status = due !== undefined && completion.at > due ? 'met-late' : 'met';
  else if (waiver) status = 'waived';
  else if (due === undefined) status = 'open';
  else if (now > due) status = 'overdue';
  else if (reminders.length && now >= reminders[0]!) status = 'due-soon';
  else status = 'open';

  const obligation: Obligation = {
    id,
    rule: rule.id,
    pack: rule.pack,
    title: occ.label ? `${rule.title} (${occ.label})` : rule.title,
    responsible: rule.responsible,
    recipients: occ.recipients ?? rule.recipients,
    trigger: { ...ref(occ.trigger), type: occ.trigger.event.type },
    deadline: info,
    status,
    acknowledgements: (marks?.acks ?? []).map(ref),
    reminders: reminders.map((at, i) => ({ stage: `reminder-${i + 1}`, at: formatInstant(at) })),
    escalation:
      applicable && due !== undefined
        ? { to: rule.escalation, at: formatInstant(due) }
        : { to: rule.escalation },
    warnings: applicable ? warnings : [],
    source: rule.source,
  };
  if (applicable && due !== undefined) obligation.due = formatInstant(due);
  if (!applicable) obligation.reason = occ.notApplicable;
  if (completion) obligation.completed = { ...ref(completion), late: status === 'met-late' };
  if (waiver && waiver.event.type === 'obligation.waived')
    obligation.waived = { ...ref(waiver), reason: waiver.event.reason };
  if (occ.checklist) {
    obligation.checklist = occ.checklist.map(({ done, ...item }) =>
      done ? { ...item, done: ref(done) } : item,
    );
  }
  return obligation;
}
