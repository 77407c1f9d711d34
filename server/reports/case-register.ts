/**
 * The case register the IRO–Legal Services protocol asks for: every case with legal input, with
 * its lawyer, Guardian, IRO and social worker and how its duties stand, as an .xlsx workbook —
 * for a person (their teams' cases, or a lawyer's own), and monthly for both services. Audited
 * with the cases it lists. A child appears only by case id, case-system reference and initials:
 * never by name.
 */
import ExcelJS from 'exceljs';
import {
  TEAM_ROLES,
  UNDONE_STATUSES,
  formatInstant,
  parseInstant,
  refuse,
  rolesOnCase,
  type Actor,
  type AuditTrail,
  type CaseEvent,
  type CaseLog,
  type CaseRecord,
  type Clock,
  type Directory,
  type Person,
  type RecordedEvent,
  type Role,
} from '../../core';
import { isoDateOf, londonDay, toLocal } from '../../core/time/london';
import type { CaseEvaluations } from '../cases/evaluations';
import { casesOf, holdsTeamRole } from './report-scope';

/** The sentence of the IRO–Legal Services protocol that the case register implements. */
export const REGISTER_PROTOCOL_SENTENCE =
  'A spreadsheet of cases with legal input noting the details of respective lawyers, Guardians ' +
  'and IROs will be shared between the services and updated on a monthly basis. Legal Services ' +
  "will also provide details of the allocated Lawyer and Children's Guardian (if one has been " +
  'appointed) to the IRO administrator.';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

export class CaseRegister {
  constructor(
    private readonly deps: {
      store: Pick<CaseLog, 'readEvents' | 'listCases'> & Pick<AuditTrail, 'audit'>;
      directory: Pick<Directory, 'person' | 'people'>;
      evaluations: CaseEvaluations;
      clock: Clock;
    },
  ) {}

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
  async forPerson(person: Person, actor: Actor): Promise<Buffer> {
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
      generatedAt: this.deps.clock.now(),
      by: person.displayName,
      scope: [
        teamRole && person.teams.length ? `cases of team(s) ${person.teams.join(', ')}` : '',
        lawyer ? 'cases on which you are the allocated lawyer' : '',
      ]
        .filter(Boolean)
        .join('; and '),
    });
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await this.deps.store.audit({
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
  async forServices(month: string): Promise<{ content: Buffer; cases: number }> {
    const teams = [...new Set((await this.deps.directory.people()).flatMap((p) => p.teams))];
    const rows = await this.registerRows({ teams }, () => true);
    const workbook = buildRegisterWorkbook(rows, {
      generatedAt: this.deps.clock.now(),
      by: 'IRO Liaison, for Legal Services and the IRO service',
      scope: `every case with legal input, for ${month}`,
    });
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    await this.deps.store.audit({
      actor: { personId: 'system', surface: 'api' },
      action: 'report.case-register',
      detail: { month, cases: rows.map((r) => r.caseId) },
    });
    return { content, cases: rows.length };
  }

  /** The register's file name for today (London date). */
  filename(): string {
    return `case-register-${isoDateOf(londonDay(this.deps.clock.now()))}.xlsx`;
  }

  /** The register's rows: the cases of the query that may be shown and have legal input. */
  private async registerRows(
    query: { teams: string[]; memberId?: string },
    visible: (record: CaseRecord) => boolean,
  ): Promise<RegisterRow[]> {
    const now = this.deps.clock.now();
    const names = new Map<string, Promise<Person | undefined>>();
    const lookUp = (id: string) => {
      let found = names.get(id);
      if (!found) names.set(id, (found = this.deps.directory.person(id)));
      return found;
    };
    const rows: RegisterRow[] = [];
    for await (const record of casesOf(this.deps.store, query)) {
      if (!visible(record) || !hasLegalInput(record)) continue;
      const events = await this.deps.store.readEvents(record.header.id);
      rows.push(await this.registerRow(record, events, now, lookUp));
    }
    return rows;
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
    for (const o of this.deps.evaluations.of(record, recorded).obligations) {
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
