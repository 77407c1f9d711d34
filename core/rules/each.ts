/** The commonest shape of a duty: each time something happens, until the next thing is done. */
import type { EventType } from '../case-file';
import type { CaseFacts } from '../engine/case-facts';
import type { Occurrence } from './rule';

/** One occurrence per `trigger` event (keyed by it), met by the first `done` event after it. */
export function eachMetBy(f: CaseFacts, trigger: EventType, done: EventType): Occurrence[] {
  return f.ofType(trigger).map((t) => ({
    key: `e${t.seq}`,
    trigger: t,
    completion: f.first(done, t.index),
  }));
}
