/**
 * The use case "list the cases I may see": those a person is party to and, for team roles, their
 * teams' cases, a page at a time, filtered by reference, team, role and status, each with its
 * counts of open, due-soon and overdue obligations and its parties by name.
 *
 * Which obligations a case has, and which are closed, depends only on its log; open ones move from
 * open to due soon to overdue with the clock alone. So each case's timeline is kept per version,
 * and the counts for any later instant follow from it without evaluating the case again.
 */
import {
  instantOf,
  rolesOnCase,
  TEAM_ROLES,
  UNDONE_STATUSES,
  type Actor,
  type CaseListQuery,
  type CaseRecord,
  type CaseSummary,
  type Person,
} from '../../core';
import type { CaseContext } from './case-context';
import { partiesOf, peopleOn } from './case-parties';

/** When each still-open obligation of a case falls due (and becomes due soon), as of one version. */
interface OpenTimeline {
  version: number;
  open: { due?: number; dueSoonFrom?: number }[];
}

/** Cases whose timelines are kept in memory (the oldest is dropped beyond this). */
const TIMELINES_KEPT = 50_000;

export class CaseList {
  private readonly timelines = new Map<string, OpenTimeline>();

  constructor(private readonly ctx: CaseContext) {}

  async list(
    person: Person,
    query: CaseListQuery,
    actor: Actor,
  ): Promise<{ cases: CaseSummary[]; next?: string }> {
    const teamRoles = person.roles.some((r) => TEAM_ROLES.includes(r));
    const teams = teamRoles
      ? person.teams.filter((t) => query.team === undefined || t === query.team)
      : [];
    const out: Omit<CaseSummary, 'parties'>[] = [];
    let after = query.after;
    // Filters apply after evaluation, so read pages until this one is full or the cases run out.
    for (;;) {
      const page = await this.ctx.store.listCases({
        teams,
        memberId: person.id,
        limit: query.limit,
        after,
      });
      for (const record of page) {
        if (query.team !== undefined && record.team !== query.team) continue;
        // Before the evaluation below, so a search evaluates only the cases it finds.
        if (
          query.reference !== undefined &&
          !record.header.id.toUpperCase().includes(query.reference)
        )
          continue;
        if (query.role !== undefined && !rolesOnCase(person, record).has(query.role)) continue;
        const counts = await this.countsNow(record);
        if (query.status === 'open' && counts.open + counts.dueSoon + counts.overdue === 0)
          continue;
        if (query.status === 'due-soon' && counts.dueSoon === 0) continue;
        if (query.status === 'overdue' && counts.overdue === 0) continue;
        out.push({ case: record, counts });
        if (out.length === query.limit) return this.listed(out, actor, record.header.id);
      }
      if (page.length < query.limit) break;
      after = page[page.length - 1]!.header.id;
    }
    return this.listed(out, actor);
  }

  /**
   * A page of the list as it goes out, audited: the parties named with one directory lookup per
   * person on the page, not per case (the same few people are on most of a team's cases), and
   * without their e-mail addresses, which the case view gives and a list has no use for.
   */
  private async listed(
    page: Omit<CaseSummary, 'parties'>[],
    actor: Actor,
    next?: string,
  ): Promise<{ cases: CaseSummary[]; next?: string }> {
    const people = await peopleOn(
      this.ctx.directory,
      page.map((c) => c.case),
    );
    const cases = page.map(({ case: record, counts }) => ({
      case: record,
      counts,
      parties: partiesOf(record, people, { email: false }),
    }));
    await this.ctx.store.audit({
      actor,
      action: 'cases.listed',
      detail: { cases: cases.map((c) => c.case.header.id) },
    });
    return next === undefined ? { cases } : { cases, next };
  }

  /** A case's counts now, from its kept timeline while its log is unchanged. */
  private async countsNow(record: CaseRecord): Promise<CaseSummary['counts']> {
    const { store, evaluations, clock } = this.ctx;
    const id = record.header.id;
    let timeline = this.timelines.get(id);
    if (timeline?.version !== record.version) {
      const events = await store.readEvents(id);
      const evaluation = evaluations.of(record, events);
      timeline = {
        version: record.version,
        // A missed duty stays a breach: the dashboard counts it with the overdue.
        open: evaluation.obligations
          .filter((o) => UNDONE_STATUSES.has(o.status))
          .map((o) => ({
            due: o.due === undefined ? undefined : instantOf(o.due),
            dueSoonFrom: o.reminders[0] === undefined ? undefined : instantOf(o.reminders[0].at),
          })),
      };
      // An event dated a little ahead of the clock is not yet counted: do not keep that view.
      const last = events[events.length - 1];
      if (!last || instantOf(last.event.at) <= clock.now()) {
        this.timelines.delete(id);
        this.timelines.set(id, timeline);
        if (this.timelines.size > TIMELINES_KEPT)
          this.timelines.delete(this.timelines.keys().next().value!);
      }
    }
    return countAt(timeline, clock.now());
  }
}

/**
 * Counts as the dashboard shows them: obligations with a deadline that are open, due soon or
 * overdue (missed ones, past their deadline and never done, among the overdue).
 */
function countAt(timeline: OpenTimeline, now: number): CaseSummary['counts'] {
  const counts = { open: 0, dueSoon: 0, overdue: 0 };
  for (const o of timeline.open) {
    if (o.due === undefined) continue;
    if (now > o.due) counts.overdue++;
    else if (o.dueSoonFrom !== undefined && now >= o.dueSoonFrom) counts.dueSoon++;
    else counts.open++;
  }
  return counts;
}
