/**
 * Case references: one case whatever the letter case it is typed in. `caseIdOf` is what every
 * way in reads a reference through; the header schema (and so a case file) gives the id in
 * capitals; marks naming a lower-case reference's obligations still find them.
 */
import {
  caseHeaderSchema,
  caseIdOf,
  caseIdOfObligation,
  onCaseReference,
  refuse,
  validateCaseFile,
} from '../../../core';
import { HEADER, evaluate, obligation } from '../../support/cases';

describe('caseIdOf', () => {
  test('trims and puts the reference in capitals', () => {
    expect(caseIdOf('c-1011')).toBe('C-1011');
    expect(caseIdOf('  c-1011\t\n')).toBe('C-1011');
    expect(caseIdOf('C-1011')).toBe('C-1011');
    expect(caseIdOf('lcs-ab12')).toBe('LCS-AB12');
  });

  test('any letter case is the same case', () => {
    expect(new Set(['c-1011', 'C-1011', ' c-1011 '].map(caseIdOf))).toEqual(new Set(['C-1011']));
  });
});

describe('caseIdOfObligation', () => {
  test('is the part before the first colon, as written', () => {
    expect(caseIdOfObligation('C-1042:iro-alert')).toBe('C-1042');
    expect(caseIdOfObligation('C-1042:court-documents-upload:O-1')).toBe('C-1042');
    // A case opened before references were upper-cased keeps its stored id.
    expect(caseIdOfObligation('c-1011:first-review')).toBe('c-1011');
    expect(caseIdOfObligation('C-1042')).toBe('C-1042');
  });
});

describe('the case header', () => {
  const header = (id: unknown) => caseHeaderSchema.safeParse({ ...HEADER, id });

  test('gives the id in capitals, trimmed', () => {
    for (const id of ['c-1011', 'C-1011', ' c-1011 ']) {
      const parsed = header(id);
      expect(parsed.success && parsed.data.id).toBe('C-1011');
    }
  });

  test('still refuses what is not a reference', () => {
    for (const id of ['', ' ', 'c 1011', '-1011', 'C_1011', 'C-1011:x', 'c'.repeat(33), 42]) {
      expect(header(id).success).toBe(false);
    }
  });

  test('a case file read from disk gets the same id', () => {
    const read = validateCaseFile({ case: { ...HEADER, id: 'c-1042' }, events: [] });
    expect(read.ok && read.value.case.id).toBe('C-1042');
  });
});

test("a case file's marks naming its obligations in lower case still find them", () => {
  const result = evaluate(
    [
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
      {
        type: 'obligation.acknowledged',
        at: '2023-05-06T09:00:00+01:00',
        obligation: 'c-1042:order-notice-to-iro-service',
        by: 'sw.khan',
      },
    ],
    '2023-05-06T10:00:00+01:00',
    { header: { id: 'c-1042' } },
  );
  expect(result.case.id).toBe('C-1042');
  expect(result.warnings).toEqual([]);
  const notice = obligation(result, 'order-notice-to-iro-service');
  expect(notice.id).toBe('C-1042:order-notice-to-iro-service');
  expect(notice.acknowledgements).toEqual([
    { event: 2, at: '2023-05-06T09:00:00+01:00', by: 'sw.khan' },
  ]);
});

test('the rest of an obligation id is still compared exactly', () => {
  const result = evaluate(
    [
      { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' },
      { type: 'order.made', at: '2023-05-05T16:00:00+01:00', order: 'ICO' },
      {
        type: 'obligation.acknowledged',
        at: '2023-05-06T09:00:00+01:00',
        obligation: 'C-1042:Order-Notice-To-IRO-Service',
        by: 'sw.khan',
      },
    ],
    '2023-05-06T10:00:00+01:00',
  );
  expect(result.warnings).toHaveLength(1);
  expect(obligation(result, 'order-notice-to-iro-service').acknowledgements).toEqual([]);
});

describe('onCaseReference', () => {
  const stored = new Set(['C-1011', 'c-legacy']);
  const open = (id: string) =>
    stored.has(id) ? Promise.resolve(id) : Promise.reject(refuse('case-not-found', `no ${id}`));

  test('reads the reference in capitals, and as typed only when no case has the capitals', async () => {
    expect(await onCaseReference(' c-1011 ', open)).toBe('C-1011');
    expect(await onCaseReference('c-legacy', open)).toBe('c-legacy');
    await expect(onCaseReference('c-9999', open)).rejects.toMatchObject({ code: 'case-not-found' });
  });

  test('any other refusal stands: the case was found, something in it was not', async () => {
    const tried: string[] = [];
    const use = (id: string) => {
      tried.push(id);
      return Promise.reject(refuse('obligation-not-found', 'no such obligation'));
    };
    await expect(onCaseReference('c-1011', use)).rejects.toMatchObject({
      code: 'obligation-not-found',
    });
    expect(tried).toEqual(['C-1011']);
  });
});
