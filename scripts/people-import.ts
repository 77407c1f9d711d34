/**
 * `npm run people:import -- FILE.csv [--dry-run] [--db FILE] [--by PERSON_ID]`: loads the people
 * who use the product, with their roles and teams, into the directory. Sign-in maps a Teams
 * token's Entra object id to one of these people; nobody else gets in.
 *
 * The file is UTF-8 CSV (Excel's "CSV UTF-8"; a byte-order mark is fine) with a header row naming
 * these six columns, in this or any order:
 *
 *   id,displayName,email,entraObjectId,roles,teams
 *   iro.patel,Sam Patel,sam.patel@council.example,0f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b,iro;iro-
 * team-manager,north;south
 *   guardian.rivers,Jo Rivers,jo.rivers@cafcass.example,,guardian,
 *
 * - id: 1–100 letters, digits or `.` `_` `-`, starting with a letter or digit (e.g. `iro.patel`);
 *   what events and the audit trail record. Unique in the file, ignoring case.
 * - displayName: required, at most 200 characters.
 * - email: optional; an e-mail address when given.
 * - entraObjectId: optional; the person's Microsoft Entra object id (a GUID, stored lower-case).
 *   Without it the person cannot sign in through Teams. Unique in the file, and not held by
 *   someone in the store who is not in the file.
 * - roles: at least one of iro, iro-admin, iro-team-manager, lawyer, principal-lawyer,
 *   social-worker, permanency-progression-manager, head-of-service, guardian, childs-solicitor,
 *   separated by `;`. (`court` is only ever an addressee, not a role a person holds.)
 * - teams: team names (letters, digits, spaces, `.` `_` `-`) separated by `;`. May be empty only
 *   for people outside the council: those whose roles are all guardian or childs-solicitor.
 *
 * Cells are trimmed; empty lines (and lines of empty cells) are skipped. No cell may hold a control
 * character (U+0000–U+001F, so no tab or line break inside a cell either; U+007F–U+009F) or a
 * bidi override or isolate (U+202A–U+202E, U+2066–U+2069): they could rewrite the terminal this
 * prints to, or hide what a name really says, wherever it is shown later.
 *
 * Every row is checked before anything is written: if any is wrong, every problem is listed as
 * `FILE:LINE column: reason`, nothing is written and the exit code is 2. Otherwise the new and
 * changed people are written in one transaction together with one `people.imported` audit entry,
 * and a summary is printed: added N, changed M, unchanged K. Whatever the script prints of the
 * file, its name or the store shows those characters escaped (`\u001B`), never raw.
 *
 * People in the store who are not in the file are left as they are (the summary counts them):
 * the directory cannot remove anyone yet; deactivating people is a later feature.
 *
 * It writes to the store the server's settings name: the SQLite file in `LIAISON_DATA_DIR`, or
 * with `LIAISON_STORE=sharepoint` the SharePoint site (`LIAISON_SHAREPOINT_SITE`, through Graph
 * with the app's credentials). There each person is written by their id, so a run that stops
 * part-way is finished by running it again. The `people.imported` audit entry is sealed with the
 * server's key (LIAISON_SEAL_KEY, or the key file beside the data folder).
 *
 *   --dry-run   list what would change and write nothing (the database is opened read-only)
 *   --db FILE   a SQLite file instead of the configured store
 *   --by ID     who is importing, for the audit trail; default `os:<login name>`
 *
 * Exit 0 on success, 1 when writing failed (nothing was written), 2 on a usage or file problem.
 *
 * One command, its checks and its report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { Actor, Person } from '../core';
import {
  entraConflicts,
  importPeople,
  personId,
  personRecord,
  planImport,
  toPerson,
  type ImportPlan,
  type PersonChange,
} from '../server/people/people-admin';
import { loadSealKey } from '../server/audit/seal-key';
import { loadConfig, type Config } from '../server/config';
import { graphFromConfig } from '../server/graph/from-config';
import { openStore } from '../server/store/open-store';
import { sqliteStore, openDatabase } from '../server/store/sqlite/sqlite-store';
import { cellList, printable, readCsv } from './csv-file';
import { parseGroupsCsv } from './people-groups';
import { peopleFromGroups, type GroupMapping } from '../server/people/entra-groups';
import {
  DirectoryPermissionError,
  GroupNotFoundError,
  readGroup,
  type EntraGroup,
} from '../server/graph/graph-group-members';

export const CSV_COLUMNS = ['id', 'displayName', 'email', 'entraObjectId', 'roles', 'teams'];

export interface CsvPerson {
  /** The line of the file the person's row starts on (1 is the header). */
  line: number;
  person: Person;
}

export interface CsvResult {
  people: CsvPerson[];
  /** `FILE:LINE column: reason`, in file order; empty when every row is good. */
  problems: string[];
}

/** Reads and checks the whole file; never stops at the first problem. */
export function parsePeopleCsv(content: Buffer | string, file: string): CsvResult {
  const csv = readCsv(content, file, CSV_COLUMNS, 'people');
  const { problem, problems } = csv;
  const people: CsvPerson[] = [];
  const ids = new Map<string, { line: number; id: string }>();
  const objectIds = new Map<string, { line: number; id: string }>();

  for (const { line, record, refused } of csv.rows) {
    const input = {
      id: record.id ?? '',
      displayName: record.displayName ?? '',
      email: record.email || undefined,
      entraObjectId: record.entraObjectId || undefined,
      roles: cellList(record.roles),
      teams: cellList(record.teams),
    };
    const parsed = personRecord.safeParse(input);
    if (!parsed.success) {
      const reported = new Set(refused); // a refused cell is reported once, as refused
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? 'id');
        if (reported.has(column)) continue; // one problem per cell is enough to find it
        reported.add(column);
        const index = issue.path[1];
        const value =
          typeof index === 'number' && (column === 'roles' || column === 'teams')
            ? input[column][index]
            : undefined;
        // The operator's own file, so naming the bad entry of a list helps and leaks nothing.
        const reason =
          value === undefined || issue.message.startsWith(`'${value}'`)
            ? issue.message
            : `'${value}' ${issue.message}`;
        problem(line, column, reason);
      }
      continue;
    }
    if (refused.size > 0) continue;

    const person = toPerson(parsed.data.id, parsed.data);
    const key = person.id.toLowerCase();
    const first = ids.get(key);
    if (first) {
      problem(
        line,
        'id',
        first.id === person.id
          ? `'${person.id}' is already on line ${first.line}`
          : `'${person.id}' differs only in case from '${first.id}' on line ${first.line}`,
      );
      continue;
    }
    ids.set(key, { line, id: person.id });
    if (person.entraObjectId !== undefined) {
      const holder = objectIds.get(person.entraObjectId);
      if (holder) {
        problem(
          line,
          'entraObjectId',
          `already given to ${holder.id} on line ${holder.line} (one Entra account is one person)`,
        );
        continue;
      }
      objectIds.set(person.entraObjectId, { line, id: person.id });
    }
    people.push({ line, person });
  }
  return { people: problems.length > 0 ? [] : people, problems };
}

// ---- the command -------------------------------------------------------------------------------

interface Output {
  write(text: string): unknown;
}

const USAGE =
  'usage: npm run people:import -- (FILE.csv | --groups GROUPS.csv) [--dry-run] [--db FILE] [--by PERSON_ID]';

/** Who is to be imported, worked out against the people the store already holds. */
interface Incoming {
  people: Person[];
  /** Why it cannot be imported as it is: nothing is written. */
  problems: string[];
  /** Lines to print before the plan (e.g. members left out, and why). */
  notes: string[];
}

/** Where the people come from: a people file, or Entra groups named in a groups file. */
interface Source {
  /** How the audit trail and the summary name it, e.g. `the file`. */
  name: string;
  origin: string;
  incoming(existing: Person[]): Incoming;
}

export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  // Messages may name the file or quote an argument: those are escaped (printable) where they
  // are put in, not here, as a message may end with the usage on a line of its own.
  const fail = (message: string) => {
    err.write(`people:import: ${message}\n`);
    return 2;
  };

  let file: string;
  let options: {
    db: string | undefined;
    dryRun: boolean;
    by: string | undefined;
    groups: boolean;
  };
  let config: Config;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        groups: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        by: { type: 'string' },
        'remove-missing': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if (values['remove-missing'])
      return fail(
        '--remove-missing is not available: the directory cannot remove people yet (deactivation is a later feature)',
      );
    const files = [...positionals, ...(values.groups === undefined ? [] : [values.groups])];
    if (files.length !== 1) return fail(`give exactly one CSV file\n${USAGE}`);
    if (values.by !== undefined && !personId.safeParse(values.by).success)
      return fail('--by: must be a person id, e.g. hos.evans');
    file = files[0]!;
    options = {
      db: values.db,
      dryRun: values['dry-run'],
      by: values.by,
      groups: values.groups !== undefined,
    };
    // The server's own settings say which store to write to (LIAISON_STORE) and with which key;
    // `--db` names a SQLite file instead, its key beside its folder as the server keeps it.
    config = loadConfig(values.db ? { ...env, LIAISON_DATA_DIR: dirname(values.db) } : env);
  } catch (e) {
    return fail(`${printable((e as Error).message)}\n${USAGE}`);
  }

  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (e) {
    return fail(
      `cannot read ${printable(file)}: ${printable((e as NodeJS.ErrnoException).code ?? (e as Error).message)}`,
    );
  }
  const source = options.groups
    ? await groupsSource(content, file, config, err)
    : csvSource(content, file, err);
  if (typeof source === 'number') return source;
  const sqlite = options.db !== undefined || config.store.kind === 'sqlite';
  const dbPath = options.db ?? join(config.store.dataDir, 'liaison.db');

  if (options.dryRun) {
    // Read-only, and no file is made: a dry run leaves no trace, not even a new empty database.
    const store = sqlite
      ? existsSync(dbPath)
        ? sqliteStore(new Database(dbPath, { readonly: true, fileMustExist: true }), {
            now: () => Date.now(),
          })
        : undefined
      : (await openStore(config, graphFromConfig(config)?.app, { now: () => Date.now() })).store;
    try {
      const existing = store ? await store.people() : [];
      const incoming = source.incoming(existing);
      if (incoming.problems.length > 0) return reportProblems(incoming.problems, err);
      const plan = planImport(existing, incoming.people);
      out.write(describePlan(plan, incoming.notes));
      out.write(`dry run, nothing written: ${summary(plan, true, source.name)}\n`);
      return 0;
    } finally {
      await store?.close();
    }
  }

  // The import is audited: the entry is sealed with the server's key, as every other.
  const seal = loadSealKey(config.audit.sealKey);
  const actor: Actor = {
    personId: options.by ?? `os:${loginName()}`,
    surface: 'import',
    // Escaped: the audit trail is read on screens too.
    origin: source.origin,
  };
  if (!sqlite) {
    // SharePoint has no transaction: each person is written by a key, so a run that stops
    // part-way is finished by running it again.
    const { store } = await openStore(
      config,
      graphFromConfig(config)?.app,
      { now: () => Date.now() },
      seal,
    );
    try {
      const incoming = source.incoming(await store.people());
      if (incoming.problems.length > 0) return reportProblems(incoming.problems, err);
      const plan = await importPeople(store, incoming.people, actor);
      out.write(describePlan(plan, incoming.notes));
      out.write(
        `${summary(plan, false, source.name)} on the SharePoint site ${config.sharePointSite ?? ''}\n`,
      );
      return 0;
    } catch (e) {
      err.write(
        `people:import: stopped before the end; run it again, which is safe: ${printable((e as Error).message)}\n`,
      );
      return 1;
    } finally {
      await store.close();
    }
  }

  const db = openDatabase(dbPath);
  const store = sqliteStore(db, { now: () => Date.now() }, seal);
  try {
    // One IMMEDIATE transaction round the reads, the upserts and the audit entry (the store's own
    // transactions become savepoints inside it): all of it is written, or none.
    db.exec('BEGIN IMMEDIATE');
    const incoming = source.incoming(await store.people());
    if (incoming.problems.length > 0) {
      db.exec('ROLLBACK');
      return reportProblems(incoming.problems, err);
    }
    const plan = await importPeople(store, incoming.people, actor);
    db.exec('COMMIT');
    out.write(describePlan(plan, incoming.notes));
    out.write(`${summary(plan, false, source.name)}\n`);
    return 0;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    err.write(`people:import: nothing was written: ${printable((e as Error).message)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

/** The people file, checked whole before the store is opened; the exit code if it is wrong. */
function csvSource(content: Buffer, file: string, err: Output): Source | number {
  const parsed = parsePeopleCsv(content, file);
  if (parsed.problems.length > 0) return reportProblems(parsed.problems, err);
  return {
    name: 'the file',
    origin: `people:import ${printable(file)}`,
    incoming: (existing) => ({
      people: parsed.people.map((p) => p.person),
      problems: conflictProblems(existing, parsed.people, file),
      notes: [],
    }),
  };
}

/**
 * The groups file, and every group's members read through Graph before the store is opened; the
 * exit code if the file is wrong or a group cannot be read.
 */
async function groupsSource(
  content: Buffer,
  file: string,
  config: Config,
  err: Output,
): Promise<Source | number> {
  const parsed = parseGroupsCsv(content, file);
  if (parsed.problems.length > 0) return reportProblems(parsed.problems, err);
  const graph = graphFromConfig(config)?.app;
  if (!graph) {
    err.write(
      "people:import: --groups reads the groups through Microsoft Graph: set LIAISON_GRAPH_TENANT_ID, LIAISON_GRAPH_CLIENT_ID and the app's certificate or secret, as the server has them\n",
    );
    return 2;
  }
  const groups: { mapping: GroupMapping; group: EntraGroup }[] = [];
  for (const mapping of parsed.mappings) {
    try {
      groups.push({ mapping, group: await readGroup(graph, mapping.groupId) });
    } catch (e) {
      if (e instanceof GroupNotFoundError)
        return reportProblems([`${printable(file)}:${mapping.line} group: ${e.message}`], err);
      const configuration = e instanceof DirectoryPermissionError;
      err.write(
        `people:import: ${configuration ? '' : 'could not read the groups from Graph, nothing was written: '}${printable((e as Error).message)}\n`,
      );
      return configuration ? 2 : 1;
    }
  }
  return {
    name: 'the groups',
    origin: `people:import --groups ${printable(file)}`,
    incoming: (existing) => {
      const found = peopleFromGroups(groups, existing);
      return {
        people: found.people,
        problems: found.problems.map((p) => `${printable(file)}: ${p}`),
        notes: found.skipped.map((s) => `  leave out ${s}`),
      };
    },
  };
}

function reportProblems(problems: string[], err: Output): number {
  for (const p of problems) err.write(`${printable(p)}\n`);
  err.write(
    `people:import: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported\n`,
  );
  return 2;
}

/** Object ids in the file that someone in the store, who is not in the file, already holds. */
function conflictProblems(existing: Person[], rows: CsvPerson[], file: string): string[] {
  const lines = new Map(rows.map((r) => [r.person.id, r.line]));
  return entraConflicts(
    existing,
    rows.map((r) => r.person),
  ).map(
    (c) =>
      `${printable(file)}:${lines.get(c.person.id)} entraObjectId: already belongs to ${printable(c.holder.id)} in the store, who is not in the file`,
  );
}

function describePlan(plan: ImportPlan, notes: readonly string[] = []): string {
  const lines = [
    ...notes,
    ...plan.added.map((p) => `  add ${p.id}: ${describePerson(p)}`),
    ...plan.changed.map((c) => `  change ${c.after.id}: ${describeChange(c)}`),
  ];
  // People already in the store were not checked as the file is: escape what they hold too.
  return lines.map((l) => `${printable(l)}\n`).join('');
}

function describePerson(p: Person): string {
  return `${p.displayName}; roles ${p.roles.join(';')}; teams ${p.teams.join(';') || '(none)'}`;
}

function describeChange(c: PersonChange): string {
  const show = (v: string | string[] | undefined) =>
    Array.isArray(v) ? v.join(';') || '(none)' : (v ?? '(none)');
  return c.fields.map((f) => `${f} ${show(c.before[f])} → ${show(c.after[f])}`).join('; ');
}

function summary(plan: ImportPlan, dryRun: boolean, source: string): string {
  const counts = dryRun
    ? `would add ${plan.added.length}, change ${plan.changed.length}, leave ${plan.unchanged.length} unchanged`
    : `added ${plan.added.length}, changed ${plan.changed.length}, unchanged ${plan.unchanged.length}`;
  const missing = plan.notInImport.length;
  return missing === 0
    ? counts
    : `${counts}; ${missing} ${missing === 1 ? 'person' : 'people'} in the store ${missing === 1 ? 'is' : 'are'} not in ${source} and ${dryRun ? 'would be' : missing === 1 ? 'was' : 'were'} left as they are (deactivation is a later feature)`;
}

function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`people:import: ${printable((e as Error).message)}\n`);
      process.exitCode = 2;
    },
  );
}
