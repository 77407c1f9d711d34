/**
 * `/api/messages` for the Bot Framework, answering as the rest of the API does. The bot adapter
 * refuses a request (no or a bad token, a body that is not an activity, its own failure) with a
 * bare status, or its own JSON for a token it refuses, whose message can name the Bot Framework's
 * metadata address and a DNS error. Here such a refusal becomes `application/problem+json` with a
 * stable code and words of our own; the message goes to the log. Other answers the adapter gives
 * as JSON (an invoke's response, which Teams reads even when it is an error) pass through.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging';
import { sendProblem } from './problem';
import { refuse, type LiaisonError } from '../../core';

function problemFor(status: number): LiaisonError {
  if (status === 401 || status === 403)
    return refuse('bot-unauthorized', 'The request did not carry a valid Bot Framework token.');
  if (status === 405)
    return refuse('method-not-allowed', 'The Bot Framework posts activities here.');
  if (status < 500) return refuse('invalid-activity', 'The body is not a Bot Framework activity.');
  return refuse(
    'internal-error',
    'Something went wrong on our side. Quote the request id if you report it.',
  );
}

/** Statuses only the token check or the method check answer with: never an invoke's answer. */
const REFUSED_BEFORE_THE_TURN = new Set([401, 403, 405]);

export function botEndpoint(
  handle: (req: Request, res: Response) => Promise<void>,
  logger: Logger,
): RequestHandler {
  return async (req, res, next) => {
    // Not an activity at all: refused here, as the adapter would throw rather than answer 400.
    const body = req.body as { type?: unknown } | undefined;
    if (body === null || typeof body !== 'object' || typeof body.type !== 'string') {
      sendProblem(res, problemFor(400));
      return;
    }
    const send = res.send.bind(res);
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    let replaced = false;
    const refuse = (reason: unknown) => {
      replaced = true;
      restore();
      const status = res.statusCode;
      logger.warn(
        {
          status,
          reason: (typeof reason === 'string' ? reason : JSON.stringify(reason))?.slice(0, 500),
        },
        'the bot endpoint refused a request',
      );
      sendProblem(res, problemFor(status));
    };
    const restore = () => {
      res.send = send;
      res.end = end as typeof res.end;
    };
    res.send = ((body?: unknown) => {
      if (replaced) return res;
      const json = body !== null && typeof body === 'object' && !Buffer.isBuffer(body);
      if (res.statusCode >= 400 && (!json || REFUSED_BEFORE_THE_TURN.has(res.statusCode))) {
        refuse(body);
        return res;
      }
      restore();
      return send(body);
    }) as typeof res.send;
    res.end = ((...args: unknown[]) => {
      if (replaced) return res;
      if (res.statusCode >= 400 && !res.headersSent) {
        refuse(undefined);
        return res;
      }
      restore();
      return end(...args);
    }) as typeof res.end;
    try {
      await handle(req, res);
    } catch (e) {
      if (res.headersSent) return;
      restore();
      next(e);
    }
  };
}
