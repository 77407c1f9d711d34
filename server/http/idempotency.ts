/**
 * Safe retries for every state-changing API request (`Idempotency-Key`, as Stripe and the IETF
 * draft "The Idempotency-Key HTTP Header Field" describe it):
 *
 * - the same key with the same request (method, address and body as the client sent them) within
 *   24 hours gets the first answer again — status and body, with `Idempotent-Replayed: true` —
 *   and nothing is done twice;
 * - the same key with a different request is a 409 `idempotency-key-reused`;
 * - while the first request with a key is still being worked on, a second is a 409
 *   `request-in-progress` with `Retry-After`.
 *
 * Keys are the caller's own: it runs after `authenticate`, and records are kept per person. The
 * answer is kept before it is sent, so an answer the client saw is always the one replayed. A
 * server error (5xx) is not kept: the client may retry it, and the use case's own key (passed to
 * the store with the events) still records the events once.
 */
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { IdempotencyRecords } from '../../core';
import { currentPerson } from '../auth';
import type { Logger } from '../logging';
import { contentHash } from '../store/audit-chain';
import { sendProblem } from './problem';
import { refuse } from '../../core';

/** How long a key's first answer is replayed. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long the first request may hold its key before another instance may take it over. */
const LEASE_MS = 60 * 1000;
const FORGET_EVERY_MS = 60 * 60 * 1000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, 'must be 8–100 letters, digits or ._:-');

export function idempotency(deps: {
  records: IdempotencyRecords;
  now: () => number;
  logger: Logger;
}): RequestHandler {
  let forgotAt = 0;
  return (req, res, next) => {
    const header = req.get('Idempotency-Key');
    if (!STATE_CHANGING.has(req.method) || header === undefined) {
      next();
      return;
    }
    const parsed = idempotencyKeySchema.safeParse(header);
    if (!parsed.success) {
      sendProblem(
        res,
        refuse('invalid-request', `Idempotency-Key: ${parsed.error.issues[0]!.message}`),
      );
      return;
    }
    const key = parsed.data;
    const scope = currentPerson(res).id;
    const fingerprint = contentHash({
      method: req.method,
      url: req.originalUrl,
      body: (req.body as unknown) ?? null,
    });
    const now = deps.now();
    if (now - forgotAt > FORGET_EVERY_MS) {
      forgotAt = now;
      deps.records
        .forget(new Date(now - REPLAY_WINDOW_MS).toISOString())
        .catch((err: unknown) =>
          deps.logger.warn({ err }, 'could not forget old idempotency keys'),
        );
    }
    deps.records
      .claim({
        scope,
        key,
        fingerprint,
        now: new Date(now).toISOString(),
        leaseUntil: new Date(now + LEASE_MS).toISOString(),
        freshFrom: new Date(now - REPLAY_WINDOW_MS).toISOString(),
      })
      .then((claim) => {
        if (claim.outcome === 'claimed') {
          keepAnswer(res, deps, { scope, key, fingerprint });
          next();
          return;
        }
        const first = claim.record;
        if (first.fingerprint !== fingerprint) {
          sendProblem(
            res,
            refuse(
              'idempotency-key-reused',
              'This Idempotency-Key was sent with a different request in the last 24 hours. Send a new key with a new request.',
            ),
          );
        } else if (first.answer === undefined) {
          res.setHeader('Retry-After', '1');
          sendProblem(
            res,
            refuse(
              'request-in-progress',
              'The first request with this Idempotency-Key is still being worked on. Try again in a moment.',
            ),
          );
        } else {
          res.setHeader('Idempotent-Replayed', 'true');
          res.status(first.answer.status);
          if (first.answer.contentType) res.setHeader('Content-Type', first.answer.contentType);
          res.end(first.answer.body);
        }
      })
      .catch(next);
  };
}

/**
 * Keeps the answer before it leaves (or lets the key go when there is none to keep): at
 * `res.end`, through which every answer passes — JSON, a problem, or a 204 without a body.
 */
function keepAnswer(
  res: Response,
  deps: { records: IdempotencyRecords; logger: Logger },
  claim: { scope: string; key: string; fingerprint: string },
): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let settled = false;
  const release = () => {
    if (settled) return;
    settled = true;
    deps.records
      .release(claim.scope, claim.key, claim.fingerprint)
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not release an idempotency key'));
  };
  // A request that ends without an answer (the client went away) gives the key back.
  res.on('close', release);
  // A streamed answer (a download) is not kept: those are reads, not changes.
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.write = ((...args: unknown[]) => {
    release();
    return write(...args);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    res.end = end as typeof res.end;
    const body =
      typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (settled || res.statusCode >= 500) {
      release();
      return end(chunk, ...rest);
    }
    settled = true;
    const answer = {
      status: res.statusCode,
      contentType: String(res.get('Content-Type') ?? ''),
      body,
    };
    deps.records.answer(claim.scope, claim.key, claim.fingerprint, answer).then(
      () => end(chunk, ...rest),
      (err: unknown) => {
        // Not kept, so not promised: the client is told to try again, with the same key.
        deps.logger.error({ err }, 'could not keep the answer to an idempotent request');
        deps.records.release(claim.scope, claim.key, claim.fingerprint).catch(() => undefined);
        res.removeHeader('Content-Length');
        res.setHeader('Retry-After', '1');
        sendProblem(
          res,
          refuse(
            'answer-not-kept',
            'The request may have been carried out, but its answer could not be kept. Send it again with the same Idempotency-Key.',
          ),
        );
      },
    );
    return res;
  }) as typeof res.end;
}
