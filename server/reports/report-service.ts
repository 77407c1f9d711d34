/**
 * Management reports: the on-time rate of the protocols' obligations, and the monthly case
 * register the IRO–Legal Services protocol asks for. Reports are for the people who act for a
 * whole team or service (TEAM_ROLES); everyone else is refused, and every report is audited with
 * the cases it drew on.
 *
 * A child appears only by case id, case-system reference and initials: never by name.
 */
import ExcelJS from 'exceljs';
import {
  RULES,
  RULES_BY_ID,
  TEAM_ROLES,
  evaluateCase,
  formatInstant,
  parseInstant,
  rolesOnCase,
  type Actor,
  type CaseEvent,
  type CaseRecord,
  type AuditTrail,
  type CaseLog,
  type Clock,
  type Directory,
  type EngineSettings,
  type Obligation,
  type PackId,
  type Person,
  type RecordedEvent,
  type Role,
  UNDONE_STATUSES,
  refuse,
} from '../../core';
import type { ComplianceCounts, ComplianceReport } from '../../core/api/reports';
import { addCalendarMonths } from '../../core/conventions/conventions';
import {
  dayFromIsoDate,
  isIsoDate,
  isoDateOf,
  londonDay,
  startOfDay,
  toLocal,
} from '../../core/time/london';
import { letRequestsIn } from '../background';

/** Cases read per page from the store. */
const PAGE = 500;
/** The longest period a compliance report covers, in days. */
export const MAX_PERIOD_DAYS = 366;
/** The default period: this many calendar months up to and including today. */
export const DEFAULT_PERIOD_MONTHS = 3;

/** The sentence of the IRO–Legal Services protocol that the case register implements. */
export const REGISTER_PROTOCOL_SENTENCE =
  'A spreadsheet of cases with legal input noting the details of respective lawyers, Guardians ' +
  'and IROs will be shared between the services and updated on a monthly basis. Legal Services ' +
  "will also provide details of the allocated Lawyer and Children's Guardian (if one has been " +
  'appointed) to the IRO administrator.';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ComplianceQuery {
  /** YYYY-MM-DD, a London day; default: three calendar months before `to`. */
  from?: string;
  /** YYYY-MM-DD, a London day, not included; default: tomorrow (so today is included). */
  to?: string;
  /** One of the caller's teams; default: all of them. */
  team?: string;
}

/** The register's columns, in order. None of them holds (or is called) a name of the child. */
export const REGISTER_COLUMNS = [
  { header: 'Case', key: 'caseId', width: 12 },
  { header: 'Child ref', key: 'childRef', width: 16 },
  { header: 'Initials', key: 'initials', width: 10 },
  { header: 'Team', key: 'team', width: 12 },
  { header: 'Stage', key: 'stage', width: 16 },
  { header: 'Allocated lawyer', key: 'lawyer', width: 30 },
  { header: 'Lawyer email', key: 'lawyerEmail', width: 32 },
  { header: "Children's Guardian", key: 'guardian', width: 30 },
  { header: 'Guardian email', key: 'guardianEmail', width: 32 },
  { header: 'IRO', key: 'iro', width: 26 },
  { header: 'IRO email', key: 'iroEmail', width: 32 },
  { header: 'Social worker', key: 'socialWorker', width: 30 },
  { header: 'Social worker email', key: 'socialWorkerEmail', width: 32 },
  { header: 'Overdue', key: 'overdue', width: 10 },
  { header: 'Due soon', key: 'dueSoon', width: 10 },
  { header: 'Open', key: 'open', width: 8 },
  { header: 'Last updated', key: 'updated', width: 18 },
] as const;

export type Stage = 'pre-proceedings' | 'proceedings' | 'concluded';

type RegisterRow = Record<(typeof REGISTER_COLUMNS)[number]['key'], string | number | Date>;

interface Contact {
  name: string;
  email?: string;
}

/** An obligation with a deadline as a report counts it; `open` becomes overdue with the clock. */
interface DueOutcome {
  rule: string;
  pack: PackId;
  title: string;
  due: number;
  status: 'open' | 'met' | 'met-late' | 'waived' | 'not-applicable';
}

/** Cases whose outcomes are kept in memory (the oldest is dropped beyond this). */
const OUTCOMES_KEPT = 50_000;

export class ReportService {
  private readonly outcomes = new Map<string, { version: number; items: DueOutcome[] }>();

  constructor(
    private readonly store: Pick<CaseLog, 'readEvents' | 'listCases'> & Pick<AuditTrail, 'audit'>,
    private readonly directory: Directory,
    private readonly settings: EngineSettings,
    private readonly clock: Clock,
  ) {}

  /**
   * How many of the obligations that fell due in the period were met on time, per rule, per team
   * and in total, over the cases of the caller's teams (or the one team asked for).
   */
  async compliance(
    person: Person,
    query: ComplianceQuery,
    actor: Actor,
  ): Promise<ComplianceReport> {
    if (!holdsTeamRole(person)) {
      throw refuse(
        'report-forbidden',
        'Reports are for the IRO administrator, managers and the Principal Lawyer.',
      );
    }
    let teams = [...person.teams];
    if (query.team !== undefined) {
      if (!person.teams.includes(query.team))
        throw refuse('report-forbidden', 'team: you may report only on your own teams.');
      teams = [query.team];
    }
    const now = this.clock.now();
    const period = resolvePeriod(query, now);

    const byRule = new Map<string, { pack: PackId; title: string; tally: Tally }>();
    const byTeam = new Map<string, Tally>(teams.map((t) => [t, new Tally()]));
    // The trend: each calendar month of the period, by when things fell due.
    const byMonth = new Map<string, Tally>();
    for (let day = dayFromIsoDate(period.from); day < dayFromIsoDate(period.to); day++) {
      const month = isoDateOf(day).slice(0, 7);
      if (!byMonth.has(month)) byMonth.set(month, new Tally());
    }
    const total = new Tally();
    const cases: string[] = [];
    for await (const record of this.casesOf({ teams })) {
      // Only cases the caller sees through a team role: reports are not about personal caseloads.
      if (!teams.includes(record.team) || !holdsTeamRole(person, record)) continue;
      cases.push(record.header.id);
      for (const o of await this.dueOutcomes(record, now)) {
        if (o.due < period.start || o.due >= period.end) continue;
        let rule = byRule.get(o.rule);
        if (!rule) {
          const title = RULES_BY_ID.get(o.rule)?.title ?? o.title;
          byRule.set(o.rule, (rule = { pack: o.pack, title, tally: new Tally() }));
        }
        const status = o.status === 'open' && now > o.due ? 'overdue' : o.status;
        const month = byMonth.get(isoDateOf(londonDay(o.due)).slice(0, 7))!;
        for (const tally of [rule.tally, byTeam.get(record.team)!, month, total]) tally.add(status);
      }
    }

    await this.store.audit({
      actor,
      action: 'report.compliance',
      detail: { from: period.from, to: period.to, teams, cases },
    });
    const order = new Map(RULES.map((r, i) => [r.id, i]));
    return {
      period: {
        from: period.from,
        to: period.to,
        start: formatInstant(period.start),
        end: formatInstant(period.end),
      },
      generatedAt: formatInstant(now),
      scope: { teams, cases: cases.length },
      byRule: [...byRule.entries()]
        .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
        .map(([rule, { pack, title, tally }]) => ({ rule, pack, title, ...tally.counts() })),
      byTeam: [...byTeam.entries()].map(([team, tally]) => ({ team, ...tally.counts() })),
      byMonth: [...byMonth.entries()].map(([month, tally]) => ({ month, ...tally.counts() })),
      total: total.counts(),
    };
  }

  /**
   * The monthly register of cases with legal input, as an .xlsx workbook.
   *
   * Who gets which rows: a person with a team role (IRO administrator, IRO team manager,
   * Principal Lawyer, Permanency Progression Manager, Head of Service) gets every case of their
   * teams; a lawyer gets the cases they are the allocated lawyer on, because Legal Services keep
   * the register and send it to the IRO administrator. Anyone else is refused.
   *
   * A case "has legal input" when it carries the IRO–Legal Services pack or has an allocated
   * lawyer.
   */
  async caseRegister(person: Person, actor: Actor): Promise<Buffer> {
    const teamRole = holdsTeamRole(person);
    const lawyer = person.roles.includes('lawyer');
    if (!teamRole && !lawyer) {
      throw refuse(
        'report-forbidden',
        'The case register is for Legal Services, the IRO administrator and managers.',
      );
    }
    const rows = await this.registerRows(
      {
        teams: teamRole ? person.teams : [],
        memberId: lawyer ? person.id : undefined,
      },
      (record) => {
        const roles = rolesOnCase(person, record);
        return (
          TEAM_ROLES.some((r) => roles.has(r)) ||
          record.members.some((m) => m.personId === person.id && m.role === 'lawyer')
        );
      },
    );
    const workbook = buildRegisterWorkbook(rows, {
      generatedAt: this.clock.now(),
      by: person.displayName,
      scope: [
        teamRole && person.teams.length ? `cases of team(s) ${person.teams.join(', ')}` : '',
        lawyer ? 'cases on which you are the allocated lawyer' : '',
      ]
        .filter(Boolean)
        .join('; and '),
    });
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await this.store.audit({
      actor,
      action: 'report.case-register',
      detail: { cases: rows.map((r) => r.caseId) },
    });
    return buffer;
  }

  /**
   * The month's register for both services: every case with legal input, of every team anyone in
   * the directory belongs to. Produced by the service-duties job, audited as the system's.
   */
  async serviceRegister(month: string): Promise<{ content: Buffer; cases: number }> {
    const teams = [...new Set((await this.directory.people()).flatMap((p) => p.teams))];
    const rows = await this.registerRows({ teams }, () => true);
    const workbook = buildRegisterWorkbook(rows, {
      generatedAt: this.clock.now(),
      by: 'IRO Liaison, for Legal Services and the IRO service',
      scope: `every case with legal input, for ${month}`,
    });
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    await this.store.audit({
      actor: { personId: 'system', surface: 'api' },
      action: 'report.case-register',
      detail: { month, cases: rows.map((r) => r.caseId) },
    });
    return { content, cases: rows.length };
  }

  /** The register's rows: the cases of the query that may be shown and have legal input. */
  private async registerRows(
    query: { teams: string[]; memberId?: string },
    visible: (record: CaseRecord) => boolean,
  ): Promise<RegisterRow[]> {
    const now = this.clock.now();
    const names = new Map<string, Promise<Person | undefined>>();
    const lookUp = (id: string) => {
      let found = names.get(id);
      if (!found) names.set(id, (found = this.directory.person(id)));
      return found;
    };
    const rows: RegisterRow[] = [];
    for await (const record of this.casesOf(query)) {
      if (!visible(record) || !hasLegalInput(record)) continue;
      const events = await this.store.readEvents(record.header.id);
      rows.push(await this.registerRow(record, events, now, lookUp));
    }
    return rows;
  }

  /** The register's file name for today (London date). */
  caseRegisterFilename(): string {
    return `case-register-${isoDateOf(londonDay(this.clock.now()))}.xlsx`;
  }

  private async registerRow(
    record: CaseRecord,
    recorded: RecordedEvent[],
    now: number,
    lookUp: (id: string) => Promise<Person | undefined>,
  ): Promise<RegisterRow> {
    const events = recorded.map((e) => e.event);
    const members = async (role: Role): Promise<Contact[]> => {
      const out: Contact[] = [];
      for (const m of record.members.filter((x) => x.role === role)) {
        const p = await lookUp(m.personId);
        out.push(p ? { name: p.displayName, email: p.email } : { name: m.personId });
      }
      return out;
    };
    const named = async (
      party: { name: string; id?: string; email?: string } | undefined,
      role: Role,
    ): Promise<Contact[]> => {
      if (!party) return members(role);
      const p = party.id ? await lookUp(party.id) : undefined;
      return [{ name: p?.displayName ?? party.name, email: party.email ?? p?.email }];
    };
    const guardian = await named(lastOf(events, 'guardian.appointed')?.guardian, 'guardian');
    const iro = await named(lastOf(events, 'iro.allocated')?.iro, 'iro');
    const lawyers = await members('lawyer');
    const socialWorkers = await members('social-worker');

    // The same three counts, in the same words, as the dashboard: every duty not done that has
    // a deadline is overdue (a missed one among them), due soon, or open (not yet due soon).
    let open = 0;
    let dueSoon = 0;
    let overdue = 0;
    for (const o of this.evaluate(record, recorded, now)) {
      if (!UNDONE_STATUSES.has(o.status) || o.due === undefined) continue;
      if (o.status === 'overdue' || o.status === 'missed') overdue++;
      else if (o.status === 'due-soon') dueSoon++;
      else open++;
    }
    const updated = parseInstant(record.updatedAt);
    return {
      caseId: record.header.id,
      childRef: record.header.childRef,
      initials: record.header.childInitials,
      team: record.team,
      stage: stageOf(events),
      lawyer: joinNames(lawyers),
      lawyerEmail: joinEmails(lawyers),
      guardian: joinNames(guardian),
      guardianEmail: joinEmails(guardian),
      iro: joinNames(iro),
      iroEmail: joinEmails(iro),
      socialWorker: joinNames(socialWorkers),
      socialWorkerEmail: joinEmails(socialWorkers),
      overdue,
      dueSoon,
      open,
      // Excel dates have no zone: write London wall-clock time.
      updated: updated.ok ? new Date(toLocal(updated.instant)) : record.updatedAt,
    };
  }

  /**
   * The obligations of a case that have a deadline, with how each stands as of its log's
   * version. As on the dashboard, which obligations exist and which are closed depends only on
   * the log; an open one becomes overdue with the clock alone. So a case is evaluated once per
   * version, not once per report (a report over 10,000 cases took seconds of the event loop).
   */
  private async dueOutcomes(record: CaseRecord, now: number): Promise<DueOutcome[]> {
    const id = record.header.id;
    const kept = this.outcomes.get(id);
    if (kept?.version === record.version) return kept.items;
    const events = await this.store.readEvents(id);
    const items: DueOutcome[] = [];
    for (const o of this.evaluate(record, events, now)) {
      const due = o.due === undefined ? undefined : parseInstant(o.due);
      if (!due?.ok) continue;
      // A missed duty is one not done by its deadline: counted with the overdue, as the
      // clock makes it (the occasion that ends it, a review or hearing, may still be ahead).
      const status = UNDONE_STATUSES.has(o.status) ? 'open' : (o.status as DueOutcome['status']);
      items.push({ rule: o.rule, pack: o.pack, title: o.title, due: due.instant, status });
    }
    // An event dated a little ahead of the clock is not yet counted: do not keep that view.
    const last = events[events.length - 1];
    if (!last || Date.parse(last.event.at) <= now) {
      this.outcomes.delete(id);
      this.outcomes.set(id, { version: record.version, items });
      if (this.outcomes.size > OUTCOMES_KEPT)
        this.outcomes.delete(this.outcomes.keys().next().value!);
    }
    return items;
  }

  private evaluate(record: CaseRecord, events: RecordedEvent[], now: number): Obligation[] {
    return evaluateCase(
      { case: record.header, events: events.map((e) => e.event) },
      this.settings,
      now,
    ).obligations;
  }

  /** Every case matching the query, page by page. */
  private async *casesOf(query: {
    teams: string[];
    memberId?: string;
  }): AsyncGenerator<CaseRecord> {
    let after: string | undefined;
    for (;;) {
      const page = await this.store.listCases({ ...query, limit: PAGE, after });
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.header.id;
      // The store answers at once (SQLite), so a report over thousands of cases would hold the
      // event loop for seconds: between pages, everyone else's requests go first.
      await letRequestsIn();
    }
  }
}

/** True when the person holds a team role (on the case's team, when a case is given). */
function holdsTeamRole(person: Person, record?: Pick<CaseRecord, 'team' | 'members'>): boolean {
  if (!record) return person.roles.some((r) => TEAM_ROLES.includes(r));
  const roles = rolesOnCase(person, record);
  return TEAM_ROLES.some((r) => roles.has(r));
}

function hasLegalInput(record: CaseRecord): boolean {
  return (
    record.header.packs.includes('iro-legal') || record.members.some((m) => m.role === 'lawyer')
  );
}

/** Concluded once proceedings conclude; in proceedings from the application or an order. */
export function stageOf(events: readonly CaseEvent[]): Stage {
  if (events.some((e) => e.type === 'proceedings.concluded')) return 'concluded';
  if (events.some((e) => e.type === 'application.issued' || e.type === 'order.made'))
    return 'proceedings';
  return 'pre-proceedings';
}

function lastOf<K extends CaseEvent['type']>(
  events: readonly CaseEvent[],
  type: K,
): Extract<CaseEvent, { type: K }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === type) return e as Extract<CaseEvent, { type: K }>;
  }
  return undefined;
}

function joinNames(contacts: Contact[]): string {
  return contacts.map((c) => c.name).join('; ');
}

function joinEmails(contacts: Contact[]): string {
  return contacts
    .map((c) => c.email)
    .filter((e): e is string => !!e)
    .join('; ');
}

class Tally {
  met = 0;
  metLate = 0;
  overdue = 0;
  waived = 0;
  open = 0;

  add(status: DueOutcome['status'] | 'overdue'): void {
    switch (status) {
      case 'met':
        this.met++;
        break;
      case 'met-late':
        this.metLate++;
        break;
      case 'overdue':
        this.overdue++;
        break;
      case 'waived':
        this.waived++;
        break;
      case 'open':
        this.open++;
        break;
      case 'not-applicable':
        break;
    }
  }

  counts(): ComplianceCounts {
    const decided = this.met + this.metLate + this.overdue;
    return {
      met: this.met,
      metLate: this.metLate,
      overdue: this.overdue,
      waived: this.waived,
      open: this.open,
      onTimeRate: decided === 0 ? null : this.met / decided,
    };
  }
}

// ---- the period ------------------------------------------------------------------------------

interface Period {
  from: string;
  to: string;
  start: number;
  end: number;
}

function invalid(field: 'from' | 'to', message: string) {
  return refuse('invalid-request', `${field}: ${message}`, {
    errors: [{ path: field, message }],
  });
}

/** The London day number of a YYYY-MM-DD date, or a 400 naming the field. */
function dayOfField(field: 'from' | 'to', text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalid(field, 'must be a date YYYY-MM-DD');
  // London time is computed from the rules in force since 1996.
  if (!isIsoDate(text) || text < '1996')
    throw invalid(field, 'must be a real calendar date from 1996 on');
  return dayFromIsoDate(text);
}

/**
 * From and to are London calendar days, `to` not included. Defaults: `to` is tomorrow (so today
 * is included) and `from` is three calendar months before `to`.
 */
export function resolvePeriod(query: { from?: string; to?: string }, now: number): Period {
  const fromGiven = query.from !== undefined;
  const toGiven = query.to !== undefined;
  const toDay = toGiven ? dayOfField('to', query.to!) : londonDay(now) + 1;
  const fromDay = fromGiven
    ? dayOfField('from', query.from!)
    : addCalendarMonths(toDay, -DEFAULT_PERIOD_MONTHS);
  // Name the field the caller gave: that is the one to change.
  const blame: 'from' | 'to' = toGiven ? 'to' : 'from';
  if (fromDay >= toDay)
    throw invalid(blame, 'must make the period end after it starts (to > from)');
  if (toDay - fromDay > MAX_PERIOD_DAYS)
    throw invalid(blame, `the period may span at most ${MAX_PERIOD_DAYS} days`);
  return {
    from: isoDateOf(fromDay),
    to: isoDateOf(toDay),
    start: startOfDay(fromDay),
    end: startOfDay(toDay),
  };
}

// ---- the workbook ----------------------------------------------------------------------------

function buildRegisterWorkbook(
  rows: RegisterRow[],
  about: { generatedAt: number; by: string; scope: string },
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'IRO Liaison';
  workbook.created = new Date(about.generatedAt);
  workbook.modified = new Date(about.generatedAt);

  const sheet = workbook.addWorksheet('Cases', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  sheet.columns = REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('updated').numFmt = 'yyyy-mm-dd hh:mm';
  for (const row of rows) sheet.addRow(row);
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, rows.length + 1), column: REGISTER_COLUMNS.length },
  };

  const info = workbook.addWorksheet('About');
  info.columns = [
    { key: 'what', width: 22 },
    { key: 'value', width: 100 },
  ];
  const lines: [string, string][] = [
    ['Report', 'Case register: cases with legal input'],
    ['Generated', formatInstant(about.generatedAt)],
    ['Generated by', about.by],
    ['Cases', `${rows.length} (${about.scope || 'none'})`],
    ['Implements', `IRO–Legal Services protocol: "${REGISTER_PROTOCOL_SENTENCE}"`],
    [
      'Columns',
      'Stage is derived from the case log (pre-proceedings, proceedings, concluded). Open ' +
        'obligations counts everything not yet met or waived, overdue ones included. A blank ' +
        "Children's Guardian or IRO means none has been appointed or allocated yet. Last " +
        'updated is London time.',
    ],
    [
      'Handling',
      'OFFICIAL-SENSITIVE: personal data about children in care proceedings. Children appear ' +
        'only by reference and initials. Share only between Legal Services and the IRO service, ' +
        'and replace it with the next monthly copy.',
    ],
  ];
  for (const [what, value] of lines) info.addRow({ what, value });
  info.getColumn('what').font = { bold: true };
  info.getColumn('value').alignment = { wrapText: true, vertical: 'top' };
  return workbook;
}
