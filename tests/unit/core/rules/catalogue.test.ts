/** The catalogue matches the design brief, and every rule quotes its protocol verbatim. */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, DOCUMENT_TITLES } from '../../../../core';

const ROOT = join(__dirname, '../../../..');

/**
 * The brief's catalogue (ids are stable: other systems and councils' settings use them), and the
 * rules added since so that every duty sentence of both protocols is enforced.
 */
const BRIEF_CATALOGUE: Record<string, string[]> = {
  'iro-legal': [
    'lpm-recommendation-notice',
    'lpm-progression',
    'lpm-reasons-to-iro',
    'iro-social-work-meeting',
    'order-notice-to-iro-service',
    'iro-allocation-reply',
    'iro-details-to-court',
    'lpm-referral-iro-details',
    'lpm-iro-views',
    'standard-directions-to-iro',
    'legal-details-to-iro-admin',
    'guardian-details-to-iro',
    'initial-documents-to-iro',
    'court-documents-upload',
    'review-minutes-to-lawyer',
    'previous-reviews-request',
    'iro-concern-escalation',
    'concern-legal-advice',
    'final-evidence-alert',
    'iro-views-for-final-care-plan',
    'draft-final-evidence-to-iro',
    'iro-comments-on-draft',
    'disagreement-escalation',
    'disagreement-reported-to-managers',
    'court-timetable',
    'case-register-update',
  ],
  'iro-guardian': [
    'guardian-iro-introduction',
    'guardian-name-to-iro',
    'iro-guardian-contact',
    'guardian-care-plan-concerns',
    'initial-review-contact',
    'guardian-invited-to-review',
    'review-record-to-guardian',
    'review-record-requirement-on-record',
    'iro-guardian-discussion',
    'discussion-recorded',
    'dispute-notice-before-irh',
    'final-discussion',
    'outstanding-issues-review',
    'final-documents-to-iro',
    'link-meeting',
    'link-meeting-review',
  ],
  'looked-after-reviews': ['first-review', 'second-review', 'subsequent-review'],
};

test('every rule of the catalogue is there, in its pack, once', () => {
  const byPack: Record<string, string[]> = {};
  for (const r of RULES) (byPack[r.pack] ??= []).push(r.id);
  expect(byPack).toEqual(BRIEF_CATALOGUE);
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  const text = readFileSync(join(ROOT, 'protocols', `${rule.source.document}.txt`), 'utf8');
  test.each(rule.source.quotes)('quotes its source verbatim: %s', (quote) => {
    expect(text).toContain(quote);
  });
  test('names who is responsible, who is told, and who hears when it is late', () => {
    expect(rule.responsible.length).toBeGreaterThan(0);
    expect(rule.recipients.length).toBeGreaterThan(0);
    expect(rule.escalation.length).toBeGreaterThan(0);
    expect(rule.trigger.length).toBeGreaterThan(10);
    expect(rule.completedBy.length).toBeGreaterThan(10);
    expect(DOCUMENT_TITLES[rule.source.document]).toBeDefined();
  });
});

test('the vendored protocols are the texts in shared/ word for word', () => {
  const shared = join(ROOT, '..', 'shared', 'protocols');
  if (!existsSync(shared)) return; // a checkout without shared/ beside it has only the vendored copies
  for (const name of ['iro-legal-services-protocol.txt', 'iro-childrens-guardian-protocol.txt']) {
    expect(readFileSync(join(ROOT, 'protocols', name), 'utf8')).toBe(
      readFileSync(join(shared, name), 'utf8'),
    );
  }
});
