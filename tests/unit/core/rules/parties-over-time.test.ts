/**
 * Parties over time, as the protocols read: the duties attached to *the* allocated IRO and *the*
 * appointed Guardian start again for a new one, and the old one's undone duty moves on.
 */
import { evaluate } from '../../../support/cases';

const ISSUED = { type: 'application.issued', at: '2023-05-04T11:00:00+01:00' };
const iro = (id: string, at: string) => ({ type: 'iro.allocated', at, iro: { name: id, id } });
const guardian = (id: string, at: string) => ({
  type: 'guardian.appointed',
  at,
  guardian: { name: id, id },
});
const NOW = '2023-07-03T09:00:00+01:00';
const of = (rule: string, events: Parameters<typeof evaluate>[0]) =>
  evaluate(events, NOW).obligations.filter((o) => o.rule === rule);

describe('an IRO re-allocated during proceedings: "Legal Services will be responsible for notifying the Court and CAFCASS … of the name and contact details for the allocated IRO"', () => {
  test('the court, told of the first IRO, is told again of the new one', () => {
    const events = [
      ISSUED,
      iro('iro.patel', '2023-05-12T14:00:00+01:00'),
      { type: 'court.notified-of-iro', at: '2023-05-15T10:00:00+01:00' },
      iro('iro.smith', '2023-06-05T09:30:00+01:00'),
    ];
    const found = of('iro-details-to-court', events);
    expect(found.map((o) => [o.id, o.status, o.title])).toEqual([
      ['C-1042:iro-details-to-court', 'met', expect.not.stringContaining('re-allocated') as string],
      [
        'C-1042:iro-details-to-court:e3',
        'overdue',
        "Notify the court and CAFCASS (or the child's solicitor) of the allocated IRO (IRO re-allocated Mon 5 Jun 2023)",
      ],
    ]);
    // Told of the new IRO: met.
    const told = of('iro-details-to-court', [
      ...events,
      { type: 'court.notified-of-iro', at: '2023-06-06T10:00:00+01:00' },
    ]);
    expect(told.map((o) => o.status)).toEqual(['met', 'met']);
  });

  test('an IRO re-allocated before the court was told: the court is told of the new IRO only', () => {
    const found = of('iro-details-to-court', [
      ISSUED,
      iro('iro.patel', '2023-05-12T14:00:00+01:00'),
      iro('iro.smith', '2023-05-19T09:30:00+01:00'),
      { type: 'court.notified-of-iro', at: '2023-05-22T10:00:00+01:00' },
    ]);
    expect(found.map((o) => [o.status, o.reason])).toEqual([
      [
        'not-applicable',
        'The IRO was re-allocated before the court was told: the court is told of the new IRO.',
      ],
      ['met', undefined],
    ]);
  });

  test('an IRO replaced before proceedings began: only the IRO at the start is told of, with the plain id', () => {
    const found = of('iro-details-to-court', [
      { type: 'looked-after.started', at: '2023-03-01T10:00:00+00:00' },
      iro('iro.patel', '2023-03-02T14:00:00+00:00'),
      iro('iro.smith', '2023-04-02T14:00:00+01:00'),
      ISSUED,
    ]);
    expect(found.map((o) => [o.id, o.status])).toEqual([
      ['C-1042:iro-details-to-court', 'overdue'],
    ]);
  });

  test('the new IRO and the Guardian make contact afresh', () => {
    const found = of('iro-guardian-contact', [
      ISSUED,
      iro('iro.patel', '2023-05-12T14:00:00+01:00'),
      guardian('guardian.rivers', '2023-05-15T12:00:00+01:00'),
      { type: 'iro-guardian.contact-made', at: '2023-05-17T12:00:00+01:00' },
      iro('iro.smith', '2023-06-05T09:30:00+01:00'),
    ]);
    expect(found.map((o) => [o.id, o.status])).toEqual([
      ['C-1042:iro-guardian-contact', 'met'],
      ['C-1042:iro-guardian-contact:e4', 'overdue'],
    ]);
    expect(found[1]!.title).toMatch(/\(IRO re-allocated Mon 5 Jun 2023\)$/);
  });
});

describe('a replacement Guardian: "Allocated lawyer will inform the IRO service, via the allocated IRO, once a Children\'s Guardian is appointed … together with their contact details"', () => {
  test("the replacement Guardian's details go to the IRO; the first Guardian's, not yet due when they were replaced, are no longer owed", () => {
    const found = of('guardian-details-to-iro', [
      ISSUED,
      guardian('guardian.rivers', '2023-05-15T12:00:00+01:00'),
      guardian('guardian.hale', '2023-05-18T12:00:00+01:00'),
    ]);
    expect(found.map((o) => [o.id, o.status])).toEqual([
      ['C-1042:guardian-details-to-iro', 'not-applicable'],
      ['C-1042:guardian-details-to-iro:e2', 'overdue'],
    ]);
    expect(found[1]!.title).toMatch(/\(Guardian replaced Thu 18 May 2023\)$/);
  });

  test("the first Guardian's details, already late when they were replaced, stay a breach: missed, never not-applicable", () => {
    const found = of('guardian-details-to-iro', [
      ISSUED,
      guardian('guardian.rivers', '2023-05-15T12:00:00+01:00'),
      guardian('guardian.hale', '2023-06-01T12:00:00+01:00'),
    ]);
    expect(found[0]).toMatchObject({
      status: 'missed',
      due: '2023-05-22T23:59:59+01:00',
      reason:
        'Not done by Mon 22 May 2023, 23:59, and then the duty passed on (Guardian replaced Thu 1 Jun 2023).',
    });
  });

  test("the first Guardian's details already sent: that stays met, and the new one's are owed", () => {
    const found = of('guardian-details-to-iro', [
      ISSUED,
      guardian('guardian.rivers', '2023-05-15T12:00:00+01:00'),
      { type: 'guardian-details.sent-to-iro', at: '2023-05-16T12:00:00+01:00' },
      guardian('guardian.hale', '2023-06-01T12:00:00+01:00'),
    ]);
    expect(found.map((o) => o.status)).toEqual(['met', 'overdue']);
  });
});
