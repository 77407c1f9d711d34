/** The rule catalogue: every rule of the three packs, by stable id. */
import { iroGuardianRules } from './iro-guardian';
import { iroLegalRules } from './iro-legal';
import { lookedAfterReviewRules } from './looked-after-reviews';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  ...iroLegalRules,
  ...iroGuardianRules,
  ...lookedAfterReviewRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
