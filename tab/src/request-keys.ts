/**
 * Idempotency keys for buttons that ask the server to do one thing (acknowledge this obligation):
 * one key per thing asked, kept while its request is unanswered, so the same button pressed again
 * meanwhile, or the thing asked again after the connection dropped, sends the same key and the
 * server does it once. Once the server has answered (done, or refused with its reason), the key
 * is dropped: pressing again is asking again.
 */
import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from './api';

export interface RequestKeys {
  /** The key for asking `what`: the one still unanswered, or a new one. */
  keyFor(what: string): string;
  /** The request for `what` came back: `e`, if it failed. A key with no answer is kept. */
  settled(what: string, e?: unknown): void;
}

export function requestKeys(): RequestKeys {
  const keys = new Map<string, string>();
  return {
    keyFor(what) {
      let key = keys.get(what);
      if (!key) keys.set(what, (key = newIdempotencyKey()));
      return key;
    },
    settled(what, e) {
      // A failure without an answer (the network) may have been done: the retry says so.
      if (e === undefined || e instanceof ApiError) keys.delete(what);
    },
  };
}

/** `requestKeys` that last as long as the component. */
export function useRequestKeys(): RequestKeys {
  const ref = useRef<RequestKeys | undefined>(undefined);
  return (ref.current ??= requestKeys());
}
