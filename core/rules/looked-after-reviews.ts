/**
 * Statutory review timing (pack `looked-after-reviews`): both protocols lean on it (minutes of
 * "all statutory reviews", "the first Looked After review"), so it is evaluated for every case.
 */
import type { CaseFacts, FactOf } from '../engine/case-facts';
import type { Occurrence, Rule } from './rule';

const REGULATION = 'care-planning-regulations-2010-reg-33' as const;
const CYCLE_REMINDERS = [{ businessDaysBefore: 10 }, { businessDaysBefore: 2 }];

/**
 * The reviews held, and which one is the first: the one marked `first`, else the first held after
 * the child became looked after within the log. Reviews of a child looked after before the log
 * began are later reviews unless marked.
 */
function reviewCycle(f: CaseFacts): { held: readonly FactOf<'review.held'>[]; firstIndex: number } {
  const held = f.ofType('review.held');
  let firstIndex = held.findIndex((r) => r.event.first === true);
  if (firstIndex < 0) {
    const from = f.lookedAfterFrom;
    firstIndex = from ? held.findIndex((r) => r.index > from.index) : -1;
  }
  return { held, firstIndex };
}

/**
 * The review due after `review`: held when `next` is. Reviews stop when the child stops being
 * looked after at the end of proceedings (with no review after it); one already overdue by then
 * stays missed.
 */
function reviewAfter(
  f: CaseFacts,
  review: FactOf<'review.held'>,
  next: FactOf<'review.held'> | undefined,
): Occurrence {
  const end = f.conclusion;
  const leftCare = !next && end && !end.event.remainsLookedAfter && end.index > review.index;
  return {
    key: `after-${review.event.review}`,
    label: `after review ${review.event.review}`,
    trigger: review,
    completion: next,
    notApplicable: leftCare
      ? 'The child stopped being looked after when proceedings concluded.'
      : undefined,
    ended: leftCare ? { at: end.at, label: 'the child stopped being looked after' } : undefined,
  };
}

export const lookedAfterReviewRules: Rule[] = [
  {
    id: 'first-review',
    pack: 'looked-after-reviews',
    title: "Hold the child's first looked-after review",
    source: {
      document: REGULATION,
      quotes: [
        'The responsible authority must first review C’s case within 20 working days of the date on which C becomes looked after.',
      ],
    },
    trigger:
      'The child becomes looked after (`looked-after.started`, or the first ICO/EPO if not already looked after).',
    responsible: ['iro'],
    recipients: ['social-worker'],
    deadline: { kind: 'after', convention: 'working-days', amount: 20 },
    completedBy: 'The first review is held (`review.held`).',
    reminders: CYCLE_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const from = f.lookedAfterFrom;
      if (!from) return [];
      const { held, firstIndex } = reviewCycle(f);
      const first = held[firstIndex];
      return [{ trigger: from, completion: first && first.index > from.index ? first : undefined }];
    },
  },
  {
    id: 'second-review',
    pack: 'looked-after-reviews',
    title: 'Hold the second looked-after review',
    source: {
      document: REGULATION,
      quotes: [
        'The second review must be carried out not more than three months after the first, and subsequent reviews must be carried out at intervals of not more than six months.',
      ],
    },
    trigger: 'The first review is held (`review.held`).',
    responsible: ['iro'],
    recipients: ['social-worker'],
    deadline: { kind: 'after', convention: 'calendar-months', amount: 3 },
    completedBy: 'The next review is held (`review.held`).',
    reminders: CYCLE_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const { held, firstIndex } = reviewCycle(f);
      const first = held[firstIndex];
      if (!first) return [];
      return [reviewAfter(f, first, held[firstIndex + 1])];
    },
  },
  {
    id: 'subsequent-review',
    pack: 'looked-after-reviews',
    title: 'Hold the next looked-after review',
    source: {
      document: REGULATION,
      quotes: [
        'The second review must be carried out not more than three months after the first, and subsequent reviews must be carried out at intervals of not more than six months.',
      ],
    },
    trigger: 'Any review other than the first is held (`review.held`).',
    responsible: ['iro'],
    recipients: ['social-worker'],
    deadline: { kind: 'after', convention: 'calendar-months', amount: 6 },
    completedBy: 'The next review is held (`review.held`).',
    reminders: CYCLE_REMINDERS,
    escalation: ['iro-team-manager'],
    scope: 'internal',
    occurrences: (f) => {
      const { held, firstIndex } = reviewCycle(f);
      return held.flatMap((review, i): Occurrence[] =>
        i === firstIndex ? [] : [reviewAfter(f, review, held[i + 1])],
      );
    },
  },
];
