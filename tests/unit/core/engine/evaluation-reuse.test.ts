/**
 * What lets the server evaluate a case once between changes. How long an evaluation holds: evaluating the same case file at any instant before `stableUntil`
 * gives the same obligations (only `evaluatedAt` moves on), and the bound is not lazily far off:
 * at it, something does change for a good share of cases. Checked over synthetic cases at many
 * instants through their lives, including future-dated events, reminders, deadlines and lateness.
 * And one rule applied alone (for a question about one duty) agrees with the whole evaluation.
 */
import { evaluateCaseUntil, evaluateRule, type CaseEvaluation } from '../../../../core';
import { prng, syntheticCase } from '../../../../bench/synthetic-cases';
import { settings } from '../../../support/cases';

const SETTINGS = settings();
const withoutTime = (e: CaseEvaluation) => ({ ...e, evaluatedAt: undefined });

test('evaluating again before stableUntil gives the same obligations; at it, often not', () => {
  const random = prng(7);
  let checked = 0;
  let changedAtBound = 0;
  for (let n = 0; n < 25; n++) {
    const file = syntheticCase(n, random);
    const first = Date.parse(file.events[0]!.at);
    for (let k = 0; k < 10; k++) {
      // Through the case's life and a little after it, at random instants.
      const now = first + Math.floor(random() * 400 * 86_400_000);
      const { evaluation, stableUntil } = evaluateCaseUntil(file, SETTINGS, now);
      expect(stableUntil).toBeGreaterThan(now);
      if (!Number.isFinite(stableUntil)) continue;
      for (const t of [now + 1, Math.floor((now + stableUntil) / 2), stableUntil - 1]) {
        const again = evaluateCaseUntil(file, SETTINGS, t);
        expect(withoutTime(again.evaluation)).toEqual(withoutTime(evaluation));
        expect(again.stableUntil).toBe(stableUntil);
        checked++;
      }
      const atBound = evaluateCaseUntil(file, SETTINGS, stableUntil).evaluation;
      if (JSON.stringify(withoutTime(atBound)) !== JSON.stringify(withoutTime(evaluation)))
        changedAtBound++;
    }
  }
  expect(checked).toBeGreaterThan(300);
  // An hourly bound while something is overdue changes nothing most hours; the rest do.
  expect(changedAtBound).toBeGreaterThan(10);
});

test('an event dated in the future is known from its instant: the evaluation holds until then', () => {
  const file = syntheticCase(1, prng(3));
  const last = file.events.at(-1)!;
  const before = Date.parse(last.at) - 60_000;
  const { stableUntil } = evaluateCaseUntil(file, SETTINGS, before);
  expect(stableUntil).toBeLessThanOrEqual(Date.parse(last.at));
});

test('one rule applied alone gives that rule’s obligations as the whole evaluation does', () => {
  const random = prng(11);
  let compared = 0;
  for (let n = 0; n < 20; n++) {
    const file = syntheticCase(n, random);
    const now = Date.parse(file.events.at(-1)!.at) + Math.floor(random() * 60) * 86_400_000;
    const whole = evaluateCaseUntil(file, SETTINGS, now).evaluation.obligations;
    for (const rule of [
      'iro-comments-on-draft',
      'draft-final-evidence-to-iro',
      'order-notice-to-iro-service',
    ]) {
      expect(evaluateRule(file, SETTINGS, now, rule)).toEqual(whole.filter((o) => o.rule === rule));
      compared++;
    }
  }
  expect(compared).toBe(60);
});
