/**
 * What an email offers the person it is for: the card as an Outlook actionable message inside the
 * council's tenant, a link that acknowledges the deadline outside it, or nothing to press.
 */
import {
  acknowledgeableBy,
  emailActionFor,
  insideTenant,
  messageObligation,
  type CaseRecord,
} from '../../../../core';
import { evaluate, obligation } from '../../../support/cases';
import { demoPerson } from '../../../support/demo-people';

const IRO = demoPerson('iro.patel');
const GUARDIAN = demoPerson('guardian.rivers');
const RECORD: Pick<CaseRecord, 'team' | 'members'> = {
  team: 'north',
  members: [
    { personId: 'iro.patel', role: 'iro' },
    { personId: 'guardian.rivers', role: 'guardian' },
  ],
};
const ISSUED = { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' };
const APPOINTED = {
  type: 'guardian.appointed',
  at: '2026-11-02T09:00:00+00:00',
  guardian: { name: 'Jo Rivers', id: 'guardian.rivers' },
};
const NOW = '2026-11-03T09:00:00+00:00';
/** The Guardian introduces themselves to the IRO service: the Guardian's to do. */
const introduction = (extra: { type: string; at: string }[] = []) =>
  obligation(evaluate([ISSUED, APPOINTED, ...extra], NOW), 'guardian-iro-introduction');

describe('who is inside the council’s tenant', () => {
  test('council staff who sign in through its Entra ID', () => {
    expect(insideTenant(IRO)).toBe(true);
  });

  test('not a Guardian or a child’s solicitor, even one invited as a guest with an object id', () => {
    expect(insideTenant(GUARDIAN)).toBe(false);
    expect(
      insideTenant({ ...GUARDIAN, entraObjectId: '0f0f0f0f-0000-4000-8000-000000000001' }),
    ).toBe(false);
    expect(insideTenant({ ...GUARDIAN, roles: ['childs-solicitor'] })).toBe(false);
  });

  test('not someone the council has never signed in (no Entra object id)', () => {
    expect(insideTenant({ ...IRO, entraObjectId: undefined })).toBe(false);
  });
});

describe('what the email offers', () => {
  const about = { id: 'C-1042:guardian-iro-introduction', due: '2026-11-09T23:59:59+00:00' };
  const both = { actionableMessages: true, acknowledgeLinks: true };

  test('inside the tenant: the card, once the council has an actionable-message provider', () => {
    expect(emailActionFor(IRO, { ...about, acknowledgeable: true }, both)).toBe(
      'actionable-message',
    );
    expect(emailActionFor(IRO, undefined, both)).toBe('actionable-message');
    expect(
      emailActionFor(IRO, undefined, { actionableMessages: false, acknowledgeLinks: true }),
    ).toBe('read-only');
  });

  test('outside it: a link, only for a deadline they may still acknowledge', () => {
    expect(emailActionFor(GUARDIAN, { ...about, acknowledgeable: true }, both)).toBe(
      'acknowledge-link',
    );
    expect(emailActionFor(GUARDIAN, { ...about, acknowledgeable: false }, both)).toBe('read-only');
    expect(emailActionFor(GUARDIAN, { id: about.id, acknowledgeable: true }, both)).toBe(
      'read-only',
    );
    expect(emailActionFor(GUARDIAN, undefined, both)).toBe('read-only');
    expect(
      emailActionFor(
        GUARDIAN,
        { ...about, acknowledgeable: true },
        { actionableMessages: true, acknowledgeLinks: false },
      ),
    ).toBe('read-only');
  });
});

describe('whether a deadline is the person’s to acknowledge', () => {
  test('the Guardian’s own open duty, not yet acknowledged', () => {
    const o = introduction();
    expect(acknowledgeableBy(GUARDIAN, RECORD, o)).toBe(true);
    expect(messageObligation(GUARDIAN, RECORD, o)).toEqual({
      id: 'C-1042:guardian-iro-introduction',
      due: '2026-11-09T23:59:59+00:00',
      acknowledgeable: true,
    });
  });

  test('not once they have acknowledged it', () => {
    const o = introduction([
      {
        type: 'obligation.acknowledged',
        at: '2026-11-02T10:00:00+00:00',
        obligation: 'C-1042:guardian-iro-introduction',
        by: 'guardian.rivers',
        due: '2026-11-09T23:59:59+00:00',
      } as { type: string; at: string },
    ]);
    expect(acknowledgeableBy(GUARDIAN, RECORD, o)).toBe(false);
  });

  test('not for someone whose part on the case does not acknowledge it, or who is not on it', () => {
    const o = introduction();
    expect(acknowledgeableBy(IRO, RECORD, o)).toBe(false);
    expect(acknowledgeableBy(GUARDIAN, { team: 'north', members: [] }, o)).toBe(false);
  });

  test('not once it is closed, nor one with no deadline', () => {
    const o = introduction();
    for (const status of ['met', 'waived', 'missed'] as const)
      expect(acknowledgeableBy(GUARDIAN, RECORD, { ...o, status })).toBe(false);
    expect(acknowledgeableBy(GUARDIAN, RECORD, { ...o, due: undefined })).toBe(false);
  });
});
