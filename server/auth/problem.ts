/** Auth answers are problems like any other, and are never cached by a proxy or the browser. */
import type { Response } from 'express';
import { Problem, sendProblem as send } from '../http/problem';

export function sendProblem(
  res: Response,
  status: number,
  code: string,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  send(
    res,
    new Problem({
      status,
      code,
      title,
      detail,
      headers: { 'Cache-Control': 'no-store', ...headers },
    }),
  );
}
