/**
 * A person pressing the same button twice — a double click, a retry without an idempotency key, a
 * card pressed again in another chat — must not record twice or tell managers twice. This says
 * whether an action on an obligation repeats what the same person already did, and which event
 * did it: the answer is then that event, and nothing new is recorded.
 */
import type { ObligationAction } from '../access/access-matrix';
import type { EventRef, Obligation } from './obligation';

export function repeatedAction(
  o: Obligation,
  action: ObligationAction,
  by: string,
  reason?: string,
): EventRef | undefined {
  switch (action) {
    case 'acknowledge':
      // Of the deadline as it is now: an acknowledgement of a moved deadline is asked for again.
      return o.acknowledgements.find((a) => a.by === by);
    case 'complete':
      return o.completed?.by === by ? o.completed : undefined;
    case 'waive':
      return o.waived?.by === by ? o.waived : undefined;
    case 'cannot-meet':
      // The same report again; a different reason is news and is recorded (and escalated).
      return o.cannotMeet?.by === by && o.cannotMeet.reason === reason?.trim()
        ? o.cannotMeet
        : undefined;
  }
}
