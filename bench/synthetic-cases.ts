/** Deterministic synthetic case files shaped like real care proceedings (about 30 events each). */
import { formatInstant, type CaseFile } from '../core';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: a small seeded PRNG, so every run benchmarks the same cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCase(n: number, random: () => number): CaseFile {
  const start = Date.UTC(2019, 0, 1) + Math.floor(random() * 7 * 365) * DAY + 9 * HOUR;
  let t = start;
  const events: Record<string, unknown>[] = [];
  const add = (type: string, gapHours: number, extra: Record<string, unknown> = {}) => {
    t += Math.max(1, Math.round(gapHours * (0.5 + random()))) * HOUR;
    events.push({ type, at: formatInstant(t), ...extra });
  };
  add('application.issued', 1);
  add('order.made', 20, { order: 'ICO' });
  add('iro-service.notified', 30, { by: 'lawyer' });
  add('iro.allocated', 60, { iro: { name: 'IRO Officer', email: 'iro@council.example' } });
  add('document.sent-to-iro', 10, { document: 'application-form' });
  add('document.sent-to-iro', 10, { document: 'initial-sw-statement' });
  add('document.sent-to-iro', 10, { document: 'sw-chronology' });
  add('court.notified-of-iro', 24);
  add('standard-directions.received', 24);
  add('standard-directions.sent-to-iro', 4);
  add('guardian.appointed', 48, {
    guardian: { name: 'Guardian', email: 'guardian@cafcass.example' },
  });
  add('guardian-details.sent-to-iro', 24);
  add('review.scheduled', 12, { review: 'R1', on: formatInstant(t + 12 * DAY) });
  add('guardian.invited-to-review', 24, { review: 'R1' });
  add('iro-guardian.contact-made', 24);
  add('discussion-frequency.agreed', 24, { every: 'P1M' });
  add('review.held', 200, { review: 'R1' });
  add('review.minutes-sent-to-lawyer', 72, { review: 'R1' });
  add('review.record-sent-to-guardian', 2, { review: 'R1' });
  add('court-document.received', 100, { document: 'expert-report', ref: `X${n}` });
  add('court-document.uploaded', 60, { ref: `X${n}` });
  add('iro-guardian.discussion-held', 300);
  add('filing.scheduled', 200, { filing: 'final-evidence', due: formatInstant(t + 30 * DAY) });
  add('iro-alert.sent', 2);
  add('obligation.acknowledged', 20, { obligation: `C-${n}:final-evidence-alert`, by: 'iro' });
  if (random() < 0.3) add('dispute.raised', 100);
  add('hearing.scheduled', 48, { hearing: 'IRH', on: formatInstant(t + 40 * DAY) });
  add('review.held', 900, { review: 'R2' });
  add('draft.sent-to-iro', 24);
  if (random() < 0.8) add('iro.comments-returned', 30);
  return {
    case: {
      id: `C-${n}`,
      childRef: `LCS-${100000 + n}`,
      childInitials: 'A.B.',
      lookedAfterBeforeProceedings: random() < 0.2,
      packs: ['iro-legal', 'iro-guardian'],
    },
    events: events as CaseFile['events'],
  };
}
