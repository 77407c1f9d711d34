/**
 * Every JSON answer (and every problem) is written to the socket as text, with its Content-Length
 * counted in UTF-8 bytes, never turned into a Buffer first.
 *
 * Express's `res.send` makes a Buffer of any text of 1,000 characters or more. A Buffer's memory is
 * outside V8's heap and counts as "external memory"; at a steady read rate, answers of tens of
 * kilobytes (a case's page, a page of the case list, a person's deadlines) add up to enough of it
 * that V8 starts a full garbage collection of the whole heap, most of it the kept case evaluations,
 * every few seconds, and requests wait while it marks. Text given to `res.end` is encoded as it is
 * written, outside that count.
 *
 * What `res.send` would otherwise do for these answers is done here: the type with its charset
 * and the length. (ETags are off, so there is no freshness check to make; Node sends no body for
 * a HEAD request.)
 */
import type { Express, Response } from 'express';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Ends the answer with JSON text already written out. */
export function endWithJsonText(res: Response, text: string, type = JSON_TYPE): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Makes `res.json` on this app end with text through `endWithJsonText` (Express's `app.response`
 * is the prototype of the app's responses), so every route's JSON answer is written one way.
 */
export function writeJsonAsText(app: Express): void {
  app.response.json = function json(this: Response, body: unknown) {
    // JSON.stringify gives undefined for undefined, which Express's res.json sends as no body.
    endWithJsonText(this, JSON.stringify(body) ?? '');
    return this;
  };
}
