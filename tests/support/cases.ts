/** Builders for acceptance tests: a case file from a few events, evaluated at a given time. */
import {
  evaluateCase,
  parseInstant,
  resolveCouncilConfig,
  validateCaseFile,
  type CaseEvaluation,
  type CaseHeader,
  type EngineSettings,
  type HolidaySnapshot,
  type Obligation,
} from '../../core';

export type EventInput = { type: string; at: string } & Record<string, unknown>;

export const HEADER: CaseHeader = {
  id: 'C-1042',
  childRef: 'LCS-123456',
  childInitials: 'A.B.',
  lookedAfterBeforeProceedings: false,
  packs: ['iro-legal', 'iro-guardian'],
};

export function caseFile(events: EventInput[], header: Partial<CaseHeader> = {}) {
  const result = validateCaseFile({ case: { ...HEADER, ...header }, events });
  if (!result.ok) throw new Error(`invalid test case: ${JSON.stringify(result.issues)}`);
  return result.value;
}

export function settings(config: unknown = {}, snapshot?: HolidaySnapshot): EngineSettings {
  const result = resolveCouncilConfig(config, snapshot);
  if (!result.ok) throw new Error(`invalid test config: ${JSON.stringify(result.issues)}`);
  return result.value;
}

export function instant(text: string): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(`bad instant in test: ${text}`);
  return parsed.instant;
}

export function evaluate(
  events: EventInput[],
  now: string,
  options: { header?: Partial<CaseHeader>; config?: unknown; settings?: EngineSettings } = {},
): CaseEvaluation {
  return evaluateCase(
    caseFile(events, options.header),
    options.settings ?? settings(options.config),
    instant(now),
  );
}

/** The obligation with this id (without the case prefix); fails the test if there is none. */
export function obligation(result: CaseEvaluation, id: string): Obligation {
  const found = result.obligations.find((o) => o.id === `${result.case.id}:${id}`);
  if (!found) {
    throw new Error(`no obligation ${id}; have ${result.obligations.map((o) => o.id).join(', ')}`);
  }
  return found;
}

export function ids(result: CaseEvaluation): string[] {
  return result.obligations.map((o) => o.id.slice(result.case.id.length + 1));
}
