/**
 * `liaison`: the protocol engine from the command line.
 *   liaison obligations --case FILE [--now ISO] [--config FILE] [--format json|table]
 *   liaison rules [--pack ID] [--format json|table]
 * Bad input prints one message naming the field and exits 2; output is written only when complete.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DOCUMENT_TITLES,
  PACKS,
  RULES,
  evaluateCase,
  holdersByName,
  partiesNamedInLog,
  type Holder,
  humanInstant,
  parseInstant,
  resolveCouncilConfig,
  validateCaseFile,
  type CaseEvaluation,
  type Rule,
} from '../core';
import { table } from './format';

export class UsageError extends Error {}

const USAGE = `usage:
  liaison obligations --case FILE [--now ISO-8601] [--config FILE] [--format json|table]
  liaison rules [--pack ${PACKS.join('|')}] [--format json|table]`;

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    // Say where, never what: the text around the error could be a child's name.
    const at = /position (\d+)/.exec((e as Error).message);
    throw new UsageError(
      `${what} ${path} is not valid JSON${at ? ` (${lineAndColumn(text, Number(at[1]))})` : ''}`,
    );
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

function format(value: string | undefined): 'json' | 'table' {
  if (value === undefined || value === 'json' || value === 'table') return value ?? 'json';
  throw new UsageError(`--format must be json or table, not "${value}"`);
}

type Named = CaseEvaluation['obligations'][number] & { assignees: Holder[] };

function obligationsTable(
  result: Omit<CaseEvaluation, 'obligations'> & { obligations: Named[] },
): string {
  const rows = [...result.obligations]
    .sort(
      (a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.id.localeCompare(b.id),
    )
    .map((o) => [
      o.status,
      humanInstant(o.due),
      o.id.slice(result.case.id.length + 1),
      o.assignees.map((h) => h.displayName ?? h.role).join(', '),
      shortDeadline(o),
    ]);
  const short = (o: Named) => o.id.slice(result.case.id.length + 1);
  // The court's dates, soonest first, with who keeps each and whether it was kept.
  const timetable = result.obligations
    .filter((o) => o.rule === 'court-timetable' && o.due)
    .sort((a, b) => a.due!.localeCompare(b.due!))
    .map(
      (o) =>
        `  ${humanInstant(o.due)}  ${o.title.replace(/^Keep to the court timetable \((.*)\)$/, '$1')} — ${o.assignees.map((h) => h.displayName ?? h.role).join(', ')} (${o.status})\n`,
    );
  const notes = result.obligations.flatMap((o) => [
    ...(o.status === 'missed' && o.reason ? [`  ${short(o)}: ${o.reason}\n`] : []),
    ...o.warnings.map((w) => `  ${short(o)}: ${w.message}\n`),
  ]);
  return (
    `Case ${result.case.id} (${result.case.childRef}, ${result.case.childInitials}) at ${humanInstant(result.evaluatedAt)}\n` +
    `Calendar: ${result.calendar.description} [${result.calendar.id}]\n\n` +
    table(['status', 'due', 'obligation', 'responsible', 'deadline'], rows) +
    (timetable.length ? `\nCourt timetable:\n${timetable.join('')}` : '') +
    (notes.length ? `\nNotes:\n${notes.join('')}` : '') +
    result.warnings.map((w) => `warning: events[${w.event}]: ${w.message}\n`).join('')
  );
}

function shortDeadline(o: CaseEvaluation['obligations'][number]): string {
  const d = o.deadline;
  if (d.kind === 'scheduled') return d.description;
  if (d.setBy === 'court') return 'court-ordered date';
  const by = {
    protocol: '',
    default: ' (default target)',
    council: ' (council)',
    parties: ' (agreed)',
    court: '',
  }[d.setBy];
  return `${d.amount} ${d.convention}${by}`;
}

function rulesTable(rules: readonly Rule[]): string {
  return table(
    ['pack', 'rule', 'responsible', 'deadline'],
    rules.map((r) => [
      r.pack,
      r.id,
      r.responsible.join(', '),
      r.deadline.kind === 'target'
        ? `default target: ${r.deadline.default.amount} ${r.deadline.default.convention}${r.deadline.default.anchor ? ` (${r.deadline.default.anchor})` : ''} — the protocol says "${r.deadline.phrase}"`
        : `${r.deadline.amount} ${r.deadline.convention}${r.deadline.kind === 'before' ? ` (${r.deadline.anchor})` : ''}`,
    ]),
  );
}

/** Runs one command and returns what to print; throws UsageError for bad input. */
export function run(argv: string[], clock: () => number = Date.now): string {
  const [command, ...rest] = argv;
  if (command === 'obligations') {
    const { values } = parseArgs({
      args: rest,
      options: {
        case: { type: 'string' },
        now: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string' },
      },
      strict: true,
    });
    if (!values.case) throw new UsageError('--case FILE is required');
    const fmt = format(values.format);
    let now = clock();
    if (values.now !== undefined) {
      const parsed = parseInstant(values.now);
      if (!parsed.ok) throw new UsageError(`--now: "${values.now}" ${parsed.reason}`);
      now = parsed.instant;
    }
    const settings = resolveCouncilConfig(values.config ? readJson(values.config, 'config') : {});
    if (!settings.ok)
      throw new UsageError(
        settings.issues.map((i) => `${values.config}: ${i.path}: ${i.message}`).join('\n'),
      );
    const file = validateCaseFile(readJson(values.case, 'case file'));
    if (!file.ok)
      throw new UsageError(
        file.issues.map((i) => `${values.case}: ${i.path}: ${i.message}`).join('\n'),
      );
    const evaluation = evaluateCase(file.value, settings.value, now);
    // Who is on the hook, by name, from the parties the file's events name.
    const parties = partiesNamedInLog(file.value.events);
    const result = {
      ...evaluation,
      obligations: evaluation.obligations.map((o) => ({
        ...o,
        assignees: holdersByName(o.responsible, parties),
        addressees: holdersByName(o.recipients, parties),
      })),
    };
    return fmt === 'json' ? `${JSON.stringify(result, null, 2)}\n` : obligationsTable(result);
  }
  if (command === 'rules') {
    const { values } = parseArgs({
      args: rest,
      options: { pack: { type: 'string' }, format: { type: 'string' } },
      strict: true,
    });
    const fmt = format(values.format);
    if (values.pack !== undefined && !(PACKS as readonly string[]).includes(values.pack)) {
      throw new UsageError(`--pack must be one of ${PACKS.join(', ')}, not "${values.pack}"`);
    }
    const rules = RULES.filter((r) => values.pack === undefined || r.pack === values.pack);
    if (fmt === 'table') return rulesTable(rules);
    const catalogue = rules.map((r) => ({
      id: r.id,
      pack: r.pack,
      title: r.title,
      trigger: r.trigger,
      responsible: r.responsible,
      recipients: r.recipients,
      deadline: r.deadline,
      completedBy: r.completedBy,
      reminders: r.reminders,
      escalation: r.escalation,
      scope: r.scope,
      source: { ...r.source, title: DOCUMENT_TITLES[r.source.document] },
    }));
    return `${JSON.stringify(catalogue, null, 2)}\n`;
  }
  throw new UsageError(
    command === undefined ? 'a command is required' : `unknown command "${command}"`,
  );
}

export function main(argv: string[]): number {
  try {
    process.stdout.write(run(argv));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(
        `liaison: ${(e as Error).message}\n${e instanceof UsageError ? '' : `${USAGE}\n`}`,
      );
      return 2;
    }
    process.stderr.write(`liaison: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
