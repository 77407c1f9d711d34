import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../core';
import { rulesMarkdown, withRulesTable } from '../../../scripts/rules-doc';

test('the rule table in README.md is the catalogue as it is (run `npm run docs:rules` after a change)', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  expect(withRulesTable(readme)).toBe(readme);
});

test('the table has a row per rule', () => {
  const table = rulesMarkdown();
  for (const rule of RULES) expect(table).toContain(`| \`${rule.id}\` | ${rule.pack} |`);
});
