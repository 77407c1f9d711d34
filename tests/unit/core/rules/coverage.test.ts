/**
 * Every sentence of both vendored protocols is enforced by a rule, delivered by a notice rule,
 * or explained; the table names only rules that exist; docs/protocol-coverage.md is current.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COVERAGE,
  PROTOCOLS,
  RULES,
  RULES_BY_ID,
  coverageOf,
  protocolSentences,
} from '../../../../core';
import { coverageMarkdown, protocolText } from '../../../../scripts/coverage-doc';

const ROOT = join(__dirname, '../../../..');

describe.each(PROTOCOLS)('%s', (document) => {
  const sentences = protocolSentences(protocolText(document));

  test('has the sentences the protocol has (a sanity check on the splitting)', () => {
    const legal = document === 'iro-legal-services-protocol';
    expect(sentences.length).toBe(legal ? 54 : 39);
    expect(sentences).toContain(
      legal ? 'They will return it 24 hours later with any comments.' : 'Copy of the final order;',
    );
  });

  test.each(sentences.map((s, i) => [i + 1, s]))(
    'sentence %i is enforced or explained: %s',
    (_n, sentence) => {
      const entry = coverageOf(document, sentence);
      expect(entry).toBeDefined();
      const c = entry!.coverage;
      if ('explained' in c) expect(c.explained.length).toBeGreaterThan(5);
      else expect((c.rules?.length ?? 0) + (c.notices?.length ?? 0)).toBeGreaterThan(0);
    },
  );

  test('every entry of the table names a sentence of the protocol (none is stale)', () => {
    for (const e of COVERAGE.filter((x) => x.document === document))
      expect([e.starts, sentences.some((s) => s.startsWith(e.starts))]).toEqual([e.starts, true]);
  });
});

test('the table names only rules of the catalogue, and every rule enforces some sentence', () => {
  const named = new Set<string>();
  for (const e of COVERAGE)
    if ('rules' in e.coverage)
      for (const id of e.coverage.rules ?? []) {
        expect([id, RULES_BY_ID.has(id)]).toEqual([id, true]);
        named.add(id);
      }
  // The statutory review rules come from the regulations, not the two protocols.
  const protocolRules = RULES.filter((r) => r.pack !== 'looked-after-reviews').map((r) => r.id);
  expect(protocolRules.filter((id) => !named.has(id))).toEqual([]);
});

test('a rule that quotes a sentence is named for it in the table', () => {
  for (const rule of RULES) {
    if (rule.pack === 'looked-after-reviews') continue;
    const document = rule.source.document as (typeof PROTOCOLS)[number];
    const sentences = protocolSentences(protocolText(document));
    for (const quote of rule.source.quotes) {
      // The sentence the quote is (or is part of).
      const sentence = sentences.find((s) => s.includes(quote) || quote.includes(s))!;
      const c = coverageOf(document, sentence)!.coverage;
      expect([rule.id, quote, 'rules' in c && (c.rules ?? []).includes(rule.id)]).toEqual([
        rule.id,
        quote,
        true,
      ]);
    }
  }
});

test('docs/protocol-coverage.md is the table as it is (run `npm run docs:coverage` after a change)', () => {
  expect(readFileSync(join(ROOT, 'docs', 'protocol-coverage.md'), 'utf8')).toBe(coverageMarkdown());
});
