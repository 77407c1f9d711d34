/**
 * The CSV files the people commands read (`people:import`'s people, and its `--groups` mapping):
 * UTF-8 (Excel's "CSV UTF-8"; a byte-order mark is fine) with a header row naming exactly the
 * command's columns, in any order. Cells are trimmed; empty lines (and lines of empty cells) are
 * skipped. No cell may hold a control character (U+0000–U+001F, so no tab or line break inside a
 * cell either; U+007F–U+009F) or a bidi override or isolate (U+202A–U+202E, U+2066–U+2069): they
 * could rewrite the terminal this prints to, or hide what a name really says, wherever it is
 * shown later. Every problem is reported as `FILE:LINE column: reason`, escaped for printing.
 */
import { parse, type InfoRecord } from 'csv-parse/sync';

const LF = 0x0a;

/**
 * Characters no cell may hold and nothing printed may carry raw: C0 controls (tab and line breaks
 * too), DEL, C1 controls, and the bidi overrides and isolates. Escape sequences and C1 controls
 * drive the terminal; NUL and the bidi characters make a name read other than it is.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it is for
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** The text with each unsafe character written as `\uXXXX`: safe to print anywhere. */
export function printable(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** How much of a refused cell a problem shows: enough to find it, not a whole pasted page. */
const SHOWN = 60;

/** Why a cell holding unsafe characters is refused, showing it escaped; undefined if it is fine. */
function unsafeReason(cell: string): string | undefined {
  const at = cell.search(UNSAFE);
  if (at === -1) return undefined;
  const code = printable(cell[at]!);
  const shown = cell.length > SHOWN ? `${cell.slice(0, SHOWN)}…` : cell;
  return (
    `'${printable(shown)}' has ${code} (character ${at + 1}); control characters, tabs, line ` +
    'breaks and bidi controls are not allowed'
  );
}

export interface CsvRow {
  /** The line of the file the row starts on (1 is the header). */
  line: number;
  /** Each cell by its column's name. */
  record: Record<string, string>;
  /** Columns whose cell was refused (and reported) for what it holds. */
  refused: ReadonlySet<string>;
}

export interface CsvFile {
  /** Rows with as many cells as the header (a short or long row is a problem instead). */
  rows: CsvRow[];
  /** `FILE:LINE column: reason`, in file order, escaped. */
  problems: string[];
  /** Adds a problem found later, about a row of this file. */
  problem: (line: number, column: string, reason: string) => void;
}

/**
 * Reads and checks the file's form; never stops at the first problem. `rows` names what the rows
 * are, for the message when there are none (e.g. `people`).
 */
export function readCsv(
  content: Buffer | string,
  file: string,
  columns: string[],
  rows: string,
): CsvFile {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const problems: string[] = [];
  // Everything in a problem may come from the file or its name: escaped, as it will be printed.
  const problem = (line: number, column: string, reason: string) =>
    problems.push(printable(`${file}:${line} ${column}: ${reason}`));
  const result: CsvFile = { rows: [], problems, problem };

  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    problem(1, '(file)', 'is not UTF-8 text; save it as "CSV UTF-8"');
    return result;
  }

  let header: string[] | undefined;
  let parsed: { record: Record<string, string>; info: InfoRecord }[];
  try {
    parsed = parse(buf, {
      columns: (names: string[]) => {
        header = names;
        return names;
      },
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // Short and long rows are reported below, with the rest, rather than ending the parse.
      relax_column_count: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (e) {
    const err = e as Error & { lines?: unknown };
    problem(typeof err.lines === 'number' ? err.lines : 1, '(file)', err.message);
    return result;
  }

  if (header === undefined) {
    problem(1, 'header', `the file is empty; the first line must be ${columns.join(',')}`);
    return result;
  }
  checkHeader(header, columns, (reason) => problem(1, 'header', reason));
  if (problems.length > 0) return result;
  if (parsed.length === 0) {
    problem(2, '(row)', `no ${rows} after the header`);
    return result;
  }

  const lineOf = lineFinder(buf);
  let end = buf.indexOf(LF) === -1 ? buf.length : buf.indexOf(LF) + 1;
  for (const { record, info } of parsed) {
    const line = lineOf(end);
    end = info.bytes;

    // Every cell of the row, in file order (a short or long row's are in its error).
    const raw: string[] = Array.isArray(info.error?.record)
      ? (info.error.record as string[])
      : header.map((name) => record[name] ?? '');
    const refused = new Set<string>();
    for (const [i, cell] of raw.entries()) {
      const column = header[i] ?? '(row)';
      const reason = unsafeReason(cell);
      if (reason === undefined || refused.has(column)) continue;
      refused.add(column);
      problem(line, column, reason);
    }

    const cells = raw.length;
    if (cells !== header.length) {
      problem(
        line,
        cells < header.length ? header[cells]! : '(row)',
        `the row has ${cells} cells but the header has ${header.length}` +
          (cells < header.length ? ` (a comma short: leave empty cells empty, e.g. ",,")` : ''),
      );
      continue;
    }
    result.rows.push({ line, record, refused });
  }
  return result;
}

function checkHeader(header: string[], columns: string[], report: (reason: string) => void) {
  const seen = new Set<string>();
  for (const name of header) {
    if (!columns.includes(name))
      report(
        name === ''
          ? 'has an empty column name (a trailing comma?)'
          : `unknown column '${name}' (the columns are ${columns.join(',')})`,
      );
    else if (seen.has(name)) report(`column '${name}' appears twice`);
    seen.add(name);
  }
  for (const name of columns) if (!seen.has(name)) report(`missing column '${name}'`);
}

/** `a; b;;c` → `['a', 'b', 'c']`. */
export function cellList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The line a record starts on, given where the previous one ended: csv-parse's own line count
 * goes wrong on CRLF inside quoted cells, so lines are counted here, from byte offsets, past any
 * blank lines (or lines of empty cells) that were skipped.
 */
function lineFinder(buf: Buffer): (offset: number) => number {
  let counted = 0;
  let line = 1;
  return (offset) => {
    let pos = offset;
    for (;;) {
      const next = buf.indexOf(LF, pos);
      const text = buf.subarray(pos, next === -1 ? buf.length : next).toString('utf8');
      if (next === -1 || !/^[\s,]*$/.test(text)) break;
      pos = next + 1;
    }
    for (; counted < pos; counted++) if (buf[counted] === LF) line++;
    return line;
  };
}
