/**
 * Who is told of an obligation, and when: when it comes into being, and when a deadline someone
 * acknowledged moves (they must acknowledge the new date). Pure: the caller loads the case and
 * the people, and puts what this returns in the outbox with the events that caused it.
 */
import { NO_IRO_STAND_INS, standsInForIro } from '../access/access-matrix';
import { instantOf } from '../case-file';
import { LIVE_STATUSES, type CaseEvaluation, type Obligation } from '../engine/obligation';
import type { CaseMember, CaseRecord, NewOutboxItem } from '../ports/case-store';
import type { Person } from '../ports/directory';
import { RULES_BY_ID } from '../rules/catalogue';
import type { Role } from '../vocabulary';

/** Why someone other than the party is told: with no IRO allocated, the IRO service stands in. */
export type StandIn = 'no-iro';

export interface Told {
  personId: string;
  as: 'responsible' | 'recipient';
  /** The role they are told as (the party's, or the stand-in's). */
  role: Role;
  standIn?: StandIn;
}

/**
 * The parties an obligation is on (responsible) or addressed to (recipient). With no IRO on the
 * case, what is addressed to the IRO goes to the case team's IRO Team Managers and IRO
 * administrators, as the IRO and Legal Services Protocol asks when the IRO cannot be contacted.
 */
export function audienceOf(
  o: Pick<Obligation, 'responsible' | 'recipients'>,
  c: Pick<CaseRecord, 'team' | 'members'>,
  people: readonly Person[],
): Told[] {
  const told = new Map<string, Told>();
  for (const m of c.members) {
    if (o.responsible.includes(m.role))
      told.set(m.personId, { personId: m.personId, as: 'responsible', role: m.role });
    else if (o.recipients.includes(m.role) && !told.has(m.personId))
      told.set(m.personId, { personId: m.personId, as: 'recipient', role: m.role });
  }
  if (standsInForIro(c, o)) {
    for (const p of people) {
      const role = NO_IRO_STAND_INS.find((r) => p.roles.includes(r));
      if (role && p.teams.includes(c.team) && !told.has(p.id))
        told.set(p.id, { personId: p.id, as: 'recipient', role, standIn: 'no-iro' });
    }
  }
  return [...told.values()];
}

/** Whether the case has no IRO, so that telling of an obligation needs the directory. */
export function needsStandIns(c: Pick<CaseRecord, 'members'>): boolean {
  return !c.members.some((m) => m.role === 'iro');
}

interface NoticeInput {
  record: Pick<CaseRecord, 'header' | 'team'>;
  /** The case's parties after the change. */
  members: CaseMember[];
  people: readonly Person[];
  before: Pick<CaseEvaluation, 'obligations'>;
  after: Pick<CaseEvaluation, 'obligations'>;
  at: string;
  /** Who made the change: not told of what they did themselves. */
  by: string;
}

interface MovedInput extends NoticeInput {
  /** Tell of every deadline that moved, acknowledged or not (a retraction corrects the record). */
  unacknowledgedToo?: boolean;
}

/**
 * An obligation that the events bring into being is announced to the people it is on and to
 * those it is addressed to (the IRO hears of the IRO alert through the draft it will receive).
 */
export function newObligationNotices(input: NoticeInput): NewOutboxItem[] {
  const known = new Set(input.before.obligations.map((o) => o.id));
  const c = { team: input.record.team, members: input.members };
  return input.after.obligations
    .filter((o) => !known.has(o.id) && LIVE_STATUSES.has(o.status))
    .flatMap((o) =>
      audienceOf(o, c, input.people).map((t) => ({
        key: `${o.id}:new:${t.personId}`,
        caseId: input.record.header.id,
        recipient: t.personId,
        kind: 'obligation.new',
        payload: {
          obligation: o.id,
          rule: o.rule,
          due: o.due,
          as: t.as,
          ...(t.standIn ? { standIn: t.standIn } : {}),
        },
        availableAt: input.at,
      })),
    );
}

/**
 * A deadline that someone had acknowledged moved (a new filing date, a moved review, a late
 * record, a retraction): everyone it is on or addressed to hears what changed, and is asked to
 * acknowledge the new date. One notice per person per new date.
 */
export function movedDeadlineNotices(input: MovedInput): NewOutboxItem[] {
  const was = new Map(input.before.obligations.map((o) => [o.id, o]));
  const c = { team: input.record.team, members: input.members };
  const items: NewOutboxItem[] = [];
  for (const o of input.after.obligations) {
    const b = was.get(o.id);
    if (!b?.due || !o.due || !LIVE_STATUSES.has(o.status)) continue;
    if (!b.acknowledgements.length && !input.unacknowledgedToo) continue;
    if (instantOf(b.due) === instantOf(o.due)) continue;
    for (const t of audienceOf(o, c, input.people)) {
      if (t.personId === input.by) continue;
      items.push({
        key: `${o.id}:moved:${o.due}:${t.personId}`,
        caseId: input.record.header.id,
        recipient: t.personId,
        kind: 'obligation.moved',
        payload: {
          obligation: o.id,
          rule: o.rule,
          stage: 'moved',
          from: b.due,
          due: o.due,
          as: t.as,
          ...(t.standIn ? { standIn: t.standIn } : {}),
        },
        availableAt: input.at,
      });
    }
  }
  return items;
}

/**
 * Who is reminded before a deadline: those it is on, and for a date every party must keep in
 * mind (the court's timetable) those it is for as well.
 */
export function remindedRoles(o: Pick<Obligation, 'rule' | 'responsible' | 'recipients'>): Role[] {
  return RULES_BY_ID.get(o.rule)?.remindEveryone
    ? [...new Set([...o.responsible, ...o.recipients])]
    : o.responsible;
}
