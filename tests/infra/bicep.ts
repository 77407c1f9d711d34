/**
 * Just enough of Bicep's syntax to check infra/azure.bicep without a compiler (none can be
 * installed from the npm registry where CI runs): a scanner that knows comments, strings and
 * `${...}` interpolation, the declarations, and the blocks of resources and object variables.
 *
 * It covers the subset the template uses (see the note at its top): one decorator per line above
 * its param, no loops, modules or multi-line strings. Anything outside that subset fails loudly
 * rather than passing unchecked.
 */

export type Token =
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'punct'; value: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: string; at: number }
  | { kind: 'nl'; at: number };

export interface Scan {
  tokens: Token[];
  /** Index in the source of each opening bracket outside strings → its closing bracket. */
  closing: Map<number, number>;
}

const PAIRS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
const CLOSERS = new Set(Object.values(PAIRS));
// Longest first, so `==` is not read as `=` twice.
const OPERATORS = [
  '==',
  '!=',
  '>=',
  '<=',
  '&&',
  '||',
  '??',
  '?.',
  '?',
  ':',
  '!',
  '<',
  '>',
  '=',
  ',',
  '.',
  '@',
  '+',
  '-',
  '*',
  '/',
  '%',
];

export class BicepSyntaxError extends Error {}

/** Tokens of the whole file; throws on unbalanced brackets or an unterminated string. */
export function scan(src: string): Scan {
  const tokens: Token[] = [];
  const closing = new Map<number, number>();
  const stack: { ch: string; at: number }[] = [];
  let i = 0;

  const open = (ch: string, at: number) => stack.push({ ch, at });
  const close = (ch: string, at: number) => {
    const top = stack.pop();
    if (!top || PAIRS[top.ch] !== ch)
      throw new BicepSyntaxError(`unbalanced '${ch}' at ${lineOf(src, at)}`);
    closing.set(top.at, at);
  };

  // Expression mode until end of input, or (inside an interpolation) its closing brace.
  const expression = (interpolation: boolean): void => {
    const depth = stack.length;
    while (i < src.length) {
      const ch = src[i] as string;
      if (ch === '\n') {
        tokens.push({ kind: 'nl', at: i });
        i++;
      } else if (/\s/.test(ch)) {
        i++;
      } else if (src.startsWith('//', i)) {
        while (i < src.length && src[i] !== '\n') i++;
      } else if (src.startsWith('/*', i)) {
        const end = src.indexOf('*/', i + 2);
        if (end < 0) throw new BicepSyntaxError(`unterminated comment at ${lineOf(src, i)}`);
        i = end + 2;
      } else if (src.startsWith("'''", i)) {
        throw new BicepSyntaxError(`multi-line string at ${lineOf(src, i)} (not in the subset)`);
      } else if (ch === "'") {
        string();
      } else if (/[A-Za-z_]/.test(ch)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
        tokens.push({ kind: 'ident', value: m[0], at: i });
        i += m[0].length;
      } else if (/[0-9]/.test(ch)) {
        const m = /^[0-9]+/.exec(src.slice(i)) as RegExpExecArray;
        tokens.push({ kind: 'number', value: m[0], at: i });
        i += m[0].length;
      } else if (ch in PAIRS) {
        open(ch, i);
        tokens.push({ kind: 'punct', value: ch, at: i });
        i++;
      } else if (CLOSERS.has(ch)) {
        if (interpolation && ch === '}' && stack.length === depth) {
          tokens.push({ kind: 'punct', value: '}', at: i });
          i++;
          return;
        }
        close(ch, i);
        tokens.push({ kind: 'punct', value: ch, at: i });
        i++;
      } else {
        const op = OPERATORS.find((o) => src.startsWith(o, i));
        if (!op) throw new BicepSyntaxError(`unexpected '${ch}' at ${lineOf(src, i)}`);
        tokens.push({ kind: 'punct', value: op, at: i });
        i += op.length;
      }
    }
    if (interpolation) throw new BicepSyntaxError('unterminated interpolation');
  };

  // A single-quoted string; its interpolations are scanned as expressions.
  const string = (): void => {
    const start = i;
    let text = '';
    i++;
    for (;;) {
      const ch = src[i];
      if (ch === undefined || ch === '\n')
        throw new BicepSyntaxError(`unterminated string at ${lineOf(src, start)}`);
      if (ch === '\\') {
        text += src[i + 1] ?? '';
        i += 2;
      } else if (ch === "'") {
        i++;
        break;
      } else if (src.startsWith('${', i)) {
        tokens.push({ kind: 'punct', value: '${', at: i });
        text += '${}';
        i += 2;
        expression(true);
      } else {
        text += ch;
        i++;
      }
    }
    tokens.push({ kind: 'string', value: text, at: start });
  };

  expression(false);
  const left = stack.pop();
  if (left) throw new BicepSyntaxError(`'${left.ch}' at ${lineOf(src, left.at)} is never closed`);
  return { tokens, closing };
}

export function lineOf(src: string, at: number): string {
  return `line ${src.slice(0, at).split('\n').length}`;
}

export interface Param {
  name: string;
  type: string;
  /** The default's source text, if any. */
  defaultText?: string;
  decorators: Map<string, string>;
}

export interface Declarations {
  params: Map<string, Param>;
  /** Name → the expression's source text (whole block for objects). */
  vars: Map<string, string>;
  resources: Map<string, { type: string; apiVersion: string; body: string }>;
  outputs: Map<string, { type: string; value: string }>;
}

/** The top-level declarations, read line by line (the subset keeps each one's head on a line). */
export function declarations(src: string, scanned: Scan): Declarations {
  const lines = src.split('\n');
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const blockFrom = (lineIndex: number, column: number): string => {
    const start = (offsets[lineIndex] as number) + column;
    const end = scanned.closing.get(start);
    if (end === undefined) throw new BicepSyntaxError(`no block at line ${lineIndex + 1}`);
    return src.slice(start, end + 1);
  };
  const result: Declarations = {
    params: new Map(),
    vars: new Map(),
    resources: new Map(),
    outputs: new Map(),
  };
  lines.forEach((line, n) => {
    let m: RegExpExecArray | null;
    if ((m = /^param (\w+) (\w+)(?: = (.+))?$/.exec(line))) {
      const decorators = new Map<string, string>();
      for (let k = n - 1; k >= 0 && (lines[k] as string).startsWith('@'); k--) {
        const d = /^@(\w+)\((.*)\)$/.exec(lines[k] as string);
        if (!d) throw new BicepSyntaxError(`decorator not on one line: line ${k + 1}`);
        decorators.set(d[1] as string, d[2] as string);
      }
      const param: Param = { name: m[1] as string, type: m[2] as string, decorators };
      if (m[3] !== undefined) param.defaultText = m[3];
      result.params.set(param.name, param);
    } else if ((m = /^var (\w+) = (.+)$/.exec(line))) {
      const value = m[2] as string;
      result.vars.set(
        m[1] as string,
        value === '{' ? blockFrom(n, line.length - 1) : value.replace(/\s+\/\/.*$/, ''),
      );
    } else if ((m = /^resource (\w+) '([^'@]+)@([^']+)' = (?:if \(.+\) )?\{$/.exec(line))) {
      result.resources.set(m[1] as string, {
        type: m[2] as string,
        apiVersion: m[3] as string,
        body: blockFrom(n, line.length - 1),
      });
    } else if ((m = /^output (\w+) (\w+) = (.+)$/.exec(line))) {
      result.outputs.set(m[1] as string, { type: m[2] as string, value: m[3] as string });
    } else if (/^(param|var|resource|output|module|import|type|func)\b/.test(line)) {
      throw new BicepSyntaxError(`declaration outside the subset: line ${n + 1}: ${line}`);
    }
  });
  return result;
}

/** `KEY: expression` entries at the top level of an object literal's source. */
export function objectEntries(block: string): Map<string, string> {
  const entries = new Map<string, string>();
  const lines = block.split('\n').slice(1, -1);
  const indent = /^\s*/.exec(lines.find((l) => l.trim() !== '') ?? '')?.[0].length ?? 0;
  for (const line of lines) {
    if (line.trim() === '' || line.trim().startsWith('//')) continue;
    if (/^\s*/.exec(line)?.[0].length !== indent) continue;
    const m = /^\s*([A-Za-z_]\w*): (.+)$/.exec(line);
    if (!m) throw new BicepSyntaxError(`not a one-line entry: ${line.trim()}`);
    entries.set(m[1] as string, m[2] as string);
  }
  return entries;
}

/** A string literal's text with `${...}` parts replaced by `interpolate(expression)`. */
export function renderString(literal: string, interpolate: (expression: string) => string): string {
  if (!/^'.*'$/.test(literal)) throw new BicepSyntaxError(`not a string literal: ${literal}`);
  let out = '';
  let i = 1;
  while (i < literal.length - 1) {
    if (literal[i] === '\\') {
      out += literal[i + 1] ?? '';
      i += 2;
    } else if (literal.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      for (; j < literal.length && depth > 0; j++) {
        if (literal[j] === '{') depth++;
        else if (literal[j] === '}') depth--;
      }
      out += interpolate(literal.slice(i + 2, j - 1));
      i = j;
    } else {
      out += literal[i];
      i++;
    }
  }
  return out;
}
