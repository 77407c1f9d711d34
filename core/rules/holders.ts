/**
 * Duties the protocols attach to a person (the allocated IRO, the appointed Guardian) start again
 * for each new one: a re-allocation or a replacement is a new occurrence of the rule.
 */
import type { Fact } from '../engine/case-facts';
import { humanDay } from '../time/human';
import { londonDay } from '../time/london';
import type { Occurrence } from './rule';

/**
 * One occurrence per change of holder, in time order. The first keeps the rule's plain id (as
 * before anyone was replaced); later ones are keyed by the event that started them. One whose
 * holder changed again before it was done moved to the new holder: not applicable if it was not
 * yet due, missed if it was.
 */
export function perHolder(
  changes: readonly { trigger: Fact; completion: Fact | undefined; replaced: string }[],
  superseded: string,
): Occurrence[] {
  return changes.map(({ trigger, completion, replaced }, i) => {
    const next = changes[i + 1];
    const moved = next && (!completion || completion.index > next.trigger.index);
    // Fields written out, not spread: one object shape for every occurrence.
    return {
      key: i > 0 ? `e${trigger.seq}` : undefined,
      label: i > 0 ? `${replaced} ${humanDay(londonDay(trigger.at))}` : undefined,
      trigger,
      // Late by then, it stays a breach: the new holder's duty does not excuse the old one.
      notApplicable: moved ? superseded : undefined,
      ended: moved
        ? {
            at: next.trigger.at,
            label: `the duty passed on (${next.replaced} ${humanDay(londonDay(next.trigger.at))})`,
          }
        : undefined,
      completion: moved ? undefined : completion,
    };
  });
}
