/**
 * Auth answers are problems like any other, with the status their code's kind has (core/errors.ts),
 * the title and challenge RFC 6750 asks for, and never cached by a proxy or the browser.
 */
import type { Response } from 'express';
import { refuse, type ErrorCode } from '../../core';
import { problemOf, sendProblem as send } from '../http/problem';

export function sendProblem(
  res: Response,
  code: ErrorCode,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  send(
    res,
    problemOf(refuse(code, detail), {
      title,
      headers: { 'Cache-Control': 'no-store', ...headers },
    }),
  );
}
