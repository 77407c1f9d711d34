/**
 * The part of OData `$filter` a store on SharePoint list items needs, as Graph takes it on
 * `GET /sites/{site}/lists/{list}/items?$expand=fields&$filter=…`: comparisons `eq ne lt le gt ge`
 * and `startswith(…)` on `fields/{Name}` (the listitem-list page lists exactly these), joined by
 * `and` / `or` with parentheses, on string, number, boolean (`true`/`false`, or `1`/`0` as
 * SharePoint callers often write them), `null`, and date-time literals (quoted ISO 8601, as most
 * callers send them, or bare). Anything else is refused with Graph's 400 `invalidRequest`, so a
 * store cannot come to rely on something the double made up.
 *
 * Values compare as SharePoint compares them: text without regard to case (SharePoint's SQL
 * collation is case-insensitive), numbers as numbers, date-times as instants, and `null` as
 * OData defines it (`null eq null`, `x ne null` true; `lt`/`gt` with null false).
 *
 * `indexUse` models how SharePoint answers a filter on a list over the list view threshold: it
 * reads rows through one index — the first indexed condition of an `and` (the order matters, as
 * the PnP team's "Dealing with the 5k item limit" notes), every branch of an `or` — and then
 * checks the other conditions on those rows. If no index applies, or the index yields more rows
 * than the threshold, the query is refused (see sharepoint.ts for how).
 */
export type FieldValue = string | number | boolean | null;

export type ColumnKind = 'text' | 'note' | 'number' | 'dateTime' | 'boolean' | 'id';

export type Op = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'datetime'; value: string }
  | { type: 'null' };

export type FilterExpr =
  | { kind: 'and'; left: FilterExpr; right: FilterExpr }
  | { kind: 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'cmp'; field: string; op: Op; literal: Literal }
  | { kind: 'startswith'; field: string; literal: Literal };

/** A filter checked against the list's columns: the literal converted to the column's type. */
export type BoundExpr =
  | { kind: 'and'; left: BoundExpr; right: BoundExpr }
  | { kind: 'or'; left: BoundExpr; right: BoundExpr }
  | { kind: 'cmp'; field: string; column: ColumnKind; op: Op; value: FieldValue }
  | { kind: 'startswith'; field: string; column: ColumnKind; value: string };

export class FilterError extends Error {}

// ---- parsing -----------------------------------------------------------------------------

type Token =
  | { t: '(' | ')' | ',' }
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'datetime'; v: string };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: c });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterError('unterminated string literal');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ t: 'string', v: value });
    } else {
      const rest = text.slice(i);
      const date = DATETIME.exec(rest);
      if (date) {
        tokens.push({ t: 'datetime', v: date[0] });
        i += date[0].length;
        continue;
      }
      const number = /^-?\d+(?:\.\d+)?(?![\w/])/.exec(rest);
      if (number) {
        tokens.push({ t: 'number', v: Number(number[0]) });
        i += number[0].length;
        continue;
      }
      const word = /^[A-Za-z_][\w/.]*/.exec(rest);
      if (!word) throw new FilterError(`unexpected '${c}'`);
      tokens.push({ t: 'word', v: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

const OPS = new Set<Op>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

export function parseFilter(text: string): FilterExpr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new FilterError('unexpected end of the filter');
    return token;
  };
  const expect = (t: '(' | ')' | ',') => {
    const token = next();
    if (token.t !== t) throw new FilterError(`expected '${t}'`);
  };
  const isWord = (token: Token | undefined, v: string): boolean =>
    token?.t === 'word' && token.v.toLowerCase() === v;

  const field = (): string => {
    const token = next();
    if (token.t !== 'word' || !/^fields\/[A-Za-z_][\w]*$/.test(token.v)) {
      throw new FilterError(
        `only list item fields (fields/Name) can be filtered on, not '${describe(token)}'`,
      );
    }
    return token.v.slice('fields/'.length);
  };
  const literal = (): Literal => {
    const token = next();
    switch (token.t) {
      case 'string':
        return { type: 'string', value: token.v };
      case 'number':
        return { type: 'number', value: token.v };
      case 'datetime':
        return { type: 'datetime', value: token.v };
      case 'word': {
        const word = token.v.toLowerCase();
        if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
        if (word === 'null') return { type: 'null' };
        break;
      }
    }
    throw new FilterError(`expected a literal, found '${describe(token)}'`);
  };
  const primary = (): FilterExpr => {
    const token = peek();
    if (token?.t === '(') {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    if (isWord(token, 'startswith')) {
      next();
      expect('(');
      const name = field();
      expect(',');
      const value = literal();
      expect(')');
      if (value.type !== 'string') throw new FilterError('startswith takes a string');
      return { kind: 'startswith', field: name, literal: value };
    }
    if (token?.t === 'word' && tokens[pos + 1]?.t === '(') {
      throw new FilterError(`the function '${token.v}' is not supported`);
    }
    const name = field();
    const opToken = next();
    const op = opToken.t === 'word' ? (opToken.v.toLowerCase() as Op) : undefined;
    if (!op || !OPS.has(op)) {
      throw new FilterError(`expected a comparison operator, found '${describe(opToken)}'`);
    }
    return { kind: 'cmp', field: name, op, literal: literal() };
  };
  const and = (): FilterExpr => {
    let left = primary();
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): FilterExpr => {
    let left = and();
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (!tokens.length) throw new FilterError('the filter is empty');
  const expr = or();
  if (pos < tokens.length) throw new FilterError(`unexpected '${describe(tokens[pos]!)}'`);
  return expr;
}

function describe(token: Token): string {
  return 'v' in token ? String(token.v) : token.t;
}

export function fieldsOf(expr: BoundExpr, into = new Set<string>()): Set<string> {
  if (expr.kind === 'and' || expr.kind === 'or') {
    fieldsOf(expr.left, into);
    fieldsOf(expr.right, into);
  } else into.add(expr.field);
  return into;
}

// ---- binding to the list's columns -------------------------------------------------------

/** Converts each literal to its column's type; throws FilterError when it cannot. */
export function bindFilter(expr: FilterExpr, kindOf: (field: string) => ColumnKind): BoundExpr {
  if (expr.kind === 'and' || expr.kind === 'or') {
    return {
      kind: expr.kind,
      left: bindFilter(expr.left, kindOf),
      right: bindFilter(expr.right, kindOf),
    };
  }
  const column = kindOf(expr.field);
  if (expr.kind === 'startswith') {
    if (column !== 'text') throw new FilterError(`startswith needs a text column`);
    return {
      kind: 'startswith',
      field: expr.field,
      column,
      value: (expr.literal as { value: string }).value,
    };
  }
  return {
    kind: 'cmp',
    field: expr.field,
    column,
    op: expr.op,
    value: convertLiteral(expr.literal, column, expr.field),
  };
}

function convertLiteral(literal: Literal, column: ColumnKind, field: string): FieldValue {
  if (literal.type === 'null') return null;
  const bad = () =>
    new FilterError(`the value ${JSON.stringify(literalText(literal))} does not fit '${field}'`);
  switch (column) {
    case 'text':
    case 'note':
      if (literal.type === 'string' || literal.type === 'datetime') return literal.value;
      if (literal.type === 'number') return String(literal.value);
      throw bad();
    case 'number':
    case 'id': {
      const n =
        literal.type === 'number'
          ? literal.value
          : literal.type === 'string' && /^-?\d+(\.\d+)?$/.test(literal.value)
            ? Number(literal.value)
            : NaN;
      if (Number.isNaN(n)) throw bad();
      return n;
    }
    case 'dateTime': {
      if (literal.type !== 'string' && literal.type !== 'datetime') throw bad();
      const ms = Date.parse(literal.value);
      if (Number.isNaN(ms)) throw bad();
      return normaliseDateTime(ms);
    }
    case 'boolean':
      if (literal.type === 'boolean') return literal.value;
      if (literal.type === 'number' && (literal.value === 0 || literal.value === 1)) {
        return literal.value === 1;
      }
      throw bad();
  }
}

function literalText(literal: Literal): unknown {
  return literal.type === 'null' ? null : literal.value;
}

/** SharePoint keeps date-times to the second, in UTC, and returns them as `…Z`. */
export function normaliseDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// ---- evaluation --------------------------------------------------------------------------

export interface Row {
  id: number;
  fields: Record<string, FieldValue>;
}

export function valueOf(row: Row, field: string): FieldValue {
  if (field === 'ID' || field === 'id') return row.id;
  return row.fields[field] ?? null;
}

/** Orders two non-null values of a column's kind: negative, zero or positive. */
export function compareValues(a: FieldValue, b: FieldValue, column: ColumnKind): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  switch (column) {
    case 'text':
    case 'note': {
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'dateTime':
      return Date.parse(String(a)) - Date.parse(String(b));
    case 'boolean':
      return Number(a) - Number(b);
    default:
      return Number(a) - Number(b);
  }
}

export function matches(expr: BoundExpr, row: Row): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, row) && matches(expr.right, row);
    case 'or':
      return matches(expr.left, row) || matches(expr.right, row);
    case 'startswith': {
      const v = valueOf(row, expr.field);
      return v !== null && String(v).toLowerCase().startsWith(expr.value.toLowerCase());
    }
    case 'cmp': {
      const v = valueOf(row, expr.field);
      if (expr.value === null || v === null) {
        const bothNull = expr.value === null && v === null;
        if (expr.op === 'eq') return bothNull;
        if (expr.op === 'ne') return !bothNull;
        return false;
      }
      const c = compareValues(v, expr.value, expr.column);
      switch (expr.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'lt':
          return c < 0;
        case 'le':
          return c <= 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
      }
    }
  }
}

/**
 * The rows SharePoint would read through an index to answer the filter, or undefined when no
 * index applies and it would have to scan the list.
 */
export function indexUse(
  expr: BoundExpr,
  rows: Row[],
  indexed: (field: string) => boolean,
): Set<number> | undefined {
  switch (expr.kind) {
    case 'and':
      return indexUse(expr.left, rows, indexed) ?? indexUse(expr.right, rows, indexed);
    case 'or': {
      const left = indexUse(expr.left, rows, indexed);
      const right = left && indexUse(expr.right, rows, indexed);
      return left && right ? new Set([...left, ...right]) : undefined;
    }
    default:
      if (!indexed(expr.field)) return undefined;
      return new Set(rows.filter((row) => matches(expr, row)).map((row) => row.id));
  }
}
