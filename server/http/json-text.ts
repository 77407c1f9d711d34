/**
 * Every JSON answer (and every problem) is written to the socket as text, with its Content-Length
 * counted in UTF-8 bytes, never turned into a Buffer first.
 *
 * Express's `res.send` makes a Buffer of any text of 1,000 characters or more. A Buffer's memory is
 * outside V8's heap and counts as "external memory". Case pages (about 60 KB each) read at a
 * steady 300 a second added up to enough of it that V8 started a full garbage collection of the
 * whole heap, most of it the kept case evaluations, every 5 seconds or so, and requests waited
 * while it marked. Other answers of that size (a page of the case list is about 20 KB, a person's
 * deadlines more) add to the same count. Text given to `res.end` is encoded as it is written,
 * outside it.
 *
 * What `res.send` would otherwise do for these answers is done here: the type with its charset
 * and the length. (ETags are off, so there is no freshness check to make; Node sends no body for
 * a HEAD request.)
 */
import type { Express, Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';

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
    // As Express's res.json: a type the route set stands (with UTF-8 named, as res.send would),
    // and JSON.stringify's undefined for undefined is sent as no body.
    const set = this.get('Content-Type');
    const type = !set ? JSON_TYPE : /;\s*charset=/i.test(set) ? set : `${set}; charset=utf-8`;
    endWithJsonText(this, JSON.stringify(body) ?? '', type);
    return this;
  };
}
