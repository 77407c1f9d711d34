/**
 * A link that acknowledges one deadline for one person: what it names, how long it lasts, and
 * what a use of it may do as the case stands — once, before it expires, while the deadline is
 * the one it was sent for and the person still acknowledges it on the case.
 */
import {
  acknowledgementLink,
  linkStanding,
  parseAcknowledgementLink,
  type AcknowledgementLink,
  type CaseRecord,
  type Person,
  type RecordedEvent,
  type Surface,
} from '../../../../core';
import { caseFile, evaluate, instant, obligation } from '../../../support/cases';
import { demoPerson } from '../../../support/demo-people';

const GUARDIAN = demoPerson('guardian.rivers');
const RECORD: Pick<CaseRecord, 'team' | 'members'> = {
  team: 'north',
  members: [{ personId: 'guardian.rivers', role: 'guardian' }],
};
const ID = 'C-1042:guardian-iro-introduction';
const DUE = '2026-11-09T23:59:59+00:00';
const SENT = '2026-11-03T09:00:00+00:00';
const EVENTS = [
  { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' },
  {
    type: 'guardian.appointed',
    at: '2026-11-02T09:00:00+00:00',
    guardian: { name: 'Jo Rivers', id: 'guardian.rivers' },
  },
];

const LINK: AcknowledgementLink = {
  obligation: ID,
  person: 'guardian.rivers',
  due: DUE,
  expires: '2026-11-10T09:00:00+00:00',
};

describe('what a link names', () => {
  test('the obligation, the person, the deadline as sent, and when it stops working', () => {
    const about = { id: ID, due: DUE, acknowledgeable: true };
    expect(acknowledgementLink(GUARDIAN, about, instant(SENT), 7)).toEqual(LINK);
    // Over the clocks going back: seven days of 24 hours, written in London's offset then.
    expect(acknowledgementLink(GUARDIAN, about, instant('2026-10-20T09:00:00+01:00'), 7)).toEqual({
      ...LINK,
      expires: '2026-10-27T08:00:00+00:00',
    });
  });

  test('none for a deadline the person may not acknowledge, or an obligation with none', () => {
    expect(acknowledgementLink(GUARDIAN, { id: ID, due: DUE, acknowledgeable: false }, 0, 7)).toBe(
      undefined,
    );
    expect(acknowledgementLink(GUARDIAN, { id: ID, acknowledgeable: true }, 0, 7)).toBe(undefined);
  });

  test('read back: exactly its four fields, each of its form, or nothing', () => {
    expect(parseAcknowledgementLink({ ...LINK })).toEqual(LINK);
    for (const bad of [
      null,
      [],
      'link',
      { ...LINK, extra: 1 },
      { ...LINK, due: '2026-11-09' },
      { ...LINK, expires: 'soon' },
      { ...LINK, person: 'guardian rivers' },
      { ...LINK, obligation: 'no-case-part' },
      { obligation: ID, person: 'guardian.rivers', due: DUE },
    ])
      expect(parseAcknowledgementLink(bad)).toBe(undefined);
  });
});

/** The case's log as the store keeps it: each event with who recorded it, when and from where. */
function logOf(
  events: { type: string; at: string }[],
  surfaces: Record<number, Surface> = {},
): RecordedEvent[] {
  return caseFile(events).events.map((event, seq) => ({
    seq,
    event,
    recordedAt: event.at,
    recordedBy: 'lawyer.jones',
    surface: surfaces[seq] ?? 'api',
  }));
}

function standingAt(
  now: string,
  extra: { type: string; at: string }[] = [],
  options: { surfaces?: Record<number, Surface>; person?: Person | undefined } = {},
) {
  const events = [...EVENTS, ...extra];
  return linkStanding(LINK, {
    at: instant(now),
    person: 'person' in options ? options.person : GUARDIAN,
    record: RECORD,
    obligation: evaluate(events, now).obligations.find((o) => o.id === ID),
    log: logOf(events, options.surfaces),
  });
}

const acknowledged = (at: string, due = DUE) =>
  ({ type: 'obligation.acknowledged', at, obligation: ID, by: 'guardian.rivers', due }) as {
    type: string;
    at: string;
  };

describe('what a use of the link may do', () => {
  test('acknowledge the deadline, while it is open, theirs and as sent', () => {
    const standing = standingAt('2026-11-04T10:00:00+00:00');
    expect(standing.kind).toBe('ready');
    expect(standing.kind === 'ready' && standing.obligation.id).toBe(ID);
  });

  test('once: the acknowledgement it recorded spends it, and says when, even after it expires', () => {
    const used = [acknowledged('2026-11-04T10:00:00+00:00')];
    const surfaces = { 2: 'email-link' as const };
    expect(standingAt('2026-11-04T10:05:00+00:00', used, { surfaces })).toEqual({
      kind: 'used',
      at: '2026-11-04T10:00:00+00:00',
    });
    expect(standingAt('2026-11-20T10:05:00+00:00', used, { surfaces })).toMatchObject({
      kind: 'used',
    });
  });

  test('acknowledged another way (Teams, the tab): nothing to do, and the link is not spent', () => {
    const elsewhere = [acknowledged('2026-11-04T10:00:00+00:00')];
    expect(standingAt('2026-11-04T10:05:00+00:00', elsewhere)).toEqual({
      kind: 'already-acknowledged',
      at: '2026-11-04T10:00:00+00:00',
    });
  });

  test('not from the instant it expires', () => {
    expect(standingAt('2026-11-10T08:59:59+00:00').kind).toBe('ready');
    expect(standingAt('2026-11-10T09:00:00+00:00')).toEqual({
      kind: 'expired',
      at: '2026-11-10T09:00:00+00:00',
    });
  });

  test('not once the deadline has moved: it says to what', () => {
    const o = obligation(evaluate(EVENTS, SENT), 'guardian-iro-introduction');
    const moved = linkStanding(LINK, {
      at: instant(SENT),
      person: GUARDIAN,
      record: RECORD,
      obligation: { ...o, due: '2026-11-16T23:59:59+00:00' },
      log: logOf(EVENTS),
    });
    expect(moved).toEqual({ kind: 'moved', due: '2026-11-16T23:59:59+00:00' });
    // The same instant written another way is the same deadline.
    expect(
      linkStanding(
        { ...LINK, due: '2026-11-09T23:59:59Z' },
        { at: instant(SENT), person: GUARDIAN, record: RECORD, obligation: o, log: [] },
      ).kind,
    ).toBe('ready');
  });

  test('not once the obligation is closed', () => {
    const o = obligation(evaluate(EVENTS, SENT), 'guardian-iro-introduction');
    expect(
      linkStanding(LINK, {
        at: instant(SENT),
        person: GUARDIAN,
        record: RECORD,
        obligation: { ...o, status: 'met' },
        log: [],
      }),
    ).toEqual({ kind: 'closed', status: 'met' });
  });

  test('not once it is not theirs: they left, are off the case, or it is gone', () => {
    const now = '2026-11-04T10:00:00+00:00';
    expect(standingAt(now, [], { person: undefined })).toEqual({ kind: 'withdrawn' });
    expect(standingAt(now, [], { person: { ...GUARDIAN, leftAt: now } })).toEqual({
      kind: 'withdrawn',
    });
    const o = obligation(evaluate(EVENTS, now), 'guardian-iro-introduction');
    const off = { team: 'north', members: [] };
    const at = instant(now);
    expect(
      linkStanding(LINK, { at, person: GUARDIAN, record: off, obligation: o, log: [] }),
    ).toEqual({ kind: 'withdrawn' });
    expect(
      linkStanding(LINK, {
        at,
        person: GUARDIAN,
        record: RECORD,
        obligation: undefined,
        log: [],
      }),
    ).toEqual({ kind: 'withdrawn' });
  });

  test('a link for an earlier deadline is not spent by the acknowledgement of a later one', () => {
    const later = [acknowledged('2026-11-04T10:00:00+00:00', '2026-11-16T23:59:59+00:00')];
    const standing = linkStanding(LINK, {
      at: instant('2026-11-04T10:05:00+00:00'),
      person: GUARDIAN,
      record: RECORD,
      obligation: undefined,
      log: logOf([...EVENTS, ...later], { 2: 'email-link' }),
    });
    expect(standing.kind).not.toBe('used');
  });
});
