/**
 * The services' own duties, as the protocols put them:
 * "A spreadsheet of cases with legal input … will be shared between the services and updated on a
 * monthly basis" and "This Protocol will be reviewed … at IRO/CAFCASS link meetings scheduled on a
 * 6 monthly basis".
 */
import type { Person, RecordedServiceEvent, ServiceEvent } from '../../../../core';
import { evaluateServiceDuties } from '../../../../core/service/service-duties';
import { serviceNoticesDue } from '../../../../core/service/service-notices';
import { instant, settings } from '../../../support/cases';

let seq = 0;
const recorded = (event: ServiceEvent, by = 'system'): RecordedServiceEvent =>
  ({
    seq: seq++,
    key: `${event.type}:${seq}`,
    event,
    recordedAt: event.at,
    recordedBy: by,
    surface: 'api',
  }) as RecordedServiceEvent;

const started = recorded({ type: 'service-duties.started', at: '2026-08-20T10:00:00+01:00' });
const published = (month: string, at: string) =>
  recorded({
    type: 'register.published',
    at,
    month,
    file: `case-register-${month}.xlsx`,
    url: `https://example.test/registers/case-register-${month}.xlsx`,
    cases: 12,
  });
const received = (month: string, service: 'legal-services' | 'iro-service', at: string) =>
  recorded({ type: 'register.received', at, month, service }, 'pl.ahmed');

const SETTINGS = settings({ caseRegisterDay: 5, linkMeetingsFrom: '2026-03-16' });

describe('case-register-update: one register a month, shared between the services', () => {
  const log = [
    started,
    published('2026-09', '2026-09-05T07:00:00+01:00'),
    received('2026-09', 'iro-service', '2026-09-07T10:00:00+01:00'),
    received('2026-09', 'legal-services', '2026-09-08T10:00:00+01:00'),
    published('2026-10', '2026-10-05T07:00:00+01:00'),
    received('2026-10', 'iro-service', '2026-10-06T10:00:00+01:00'),
    published('2026-11', '2026-11-05T07:00:00+00:00'),
    received('2026-11', 'legal-services', '2026-11-20T10:00:00+00:00'),
    published('2026-12', '2026-12-05T07:00:00+00:00'),
  ];
  const duties = evaluateServiceDuties(log, SETTINGS, instant('2026-12-07T09:30:00Z')).filter(
    (d) => d.rule === 'case-register-update',
  );

  test('from the first register day after tracking started, each due 5 working days after its day', () => {
    expect(duties.map((d) => [d.id, d.from, d.due, d.status])).toEqual([
      [
        'service:case-register-update:2026-09',
        '2026-09-05T00:00:00+01:00',
        '2026-09-11T23:59:59+01:00',
        'met',
      ],
      [
        'service:case-register-update:2026-10',
        '2026-10-05T00:00:00+01:00',
        '2026-10-12T23:59:59+01:00',
        'missed',
      ],
      [
        'service:case-register-update:2026-11',
        '2026-11-05T00:00:00+00:00',
        '2026-11-12T23:59:59+00:00',
        'missed',
      ],
      [
        'service:case-register-update:2026-12',
        '2026-12-05T00:00:00+00:00',
        '2026-12-11T23:59:59+00:00',
        'open',
      ],
    ]);
    expect(duties[0]!.deadline).toBe(
      'default target — the protocol says "shared between the services and updated on a monthly basis": within 5 working days (the day it starts is not counted; due at the end of the last business day)',
    );
  });

  test('a month not shared with both before the next is produced is missed, and says who lacked it', () => {
    expect(duties[1]!.note).toBe(
      'Not shared with Legal Services before the register for November 2026 was produced.',
    );
    expect(duties[1]!.register!.received).toEqual({
      'legal-services': undefined,
      'iro-service': { at: '2026-10-06T10:00:00+01:00', by: 'pl.ahmed' },
    });
  });

  test('the council sets the day and its own target', () => {
    const mine = settings({
      caseRegisterDay: 1,
      rules: { 'case-register-update': { deadline: { convention: 'working-days', amount: 2 } } },
    });
    const [first] = evaluateServiceDuties(
      [recorded({ type: 'service-duties.started', at: '2026-11-30T09:00:00Z' })],
      mine,
      instant('2026-12-03T09:00:00Z'),
    );
    expect(first).toMatchObject({
      id: 'service:case-register-update:2026-12',
      due: '2026-12-03T23:59:59+00:00',
      status: 'due-soon',
      note: 'Not produced yet: the app produces it on its day.',
    });
    expect(first!.deadline).toMatch(/^council target: within 2 working days/);
  });

  test('before its first register day nothing is owed', () => {
    expect(
      evaluateServiceDuties(
        [recorded({ type: 'service-duties.started', at: '2026-12-03T09:00:00Z' })],
        SETTINGS,
        instant('2026-12-04T09:00:00Z'),
      ).filter((d) => d.rule === 'case-register-update'),
    ).toEqual([]);
  });
});

describe('link-meeting: every 6 months from the first, with the protocol reviewed', () => {
  const meetings = (log: RecordedServiceEvent[], now: string) =>
    evaluateServiceDuties([started, ...log], SETTINGS, instant(now)).filter(
      (d) => d.rule === 'link-meeting',
    );

  test('held with the review is met; the next one is open until its day', () => {
    const duties = meetings(
      [
        recorded({
          type: 'link-meeting.held',
          at: '2026-09-16T14:00:00+01:00',
          meeting: '2026-09-16',
          protocolReviewed: true,
        }),
      ],
      '2026-12-07T09:30:00Z',
    );
    // Tracking started in August: March's meeting was before it.
    expect(duties.map((d) => [d.id, d.due, d.status])).toEqual([
      ['service:link-meeting:2026-09-16', '2026-09-16T23:59:59+01:00', 'met'],
      ['service:link-meeting:2027-03-16', '2027-03-16T23:59:59+00:00', 'open'],
    ]);
    expect(duties[1]!.reminders).toEqual([
      '2027-03-02T09:00:00+00:00',
      '2027-03-12T09:00:00+00:00',
    ]);
  });

  test('held without the review, it is still owed', () => {
    const [september] = meetings(
      [
        recorded({
          type: 'link-meeting.held',
          at: '2026-09-16T14:00:00+01:00',
          meeting: '2026-09-16',
          protocolReviewed: false,
        }),
      ],
      '2026-10-01T09:00:00+01:00',
    );
    expect(september).toMatchObject({
      status: 'overdue',
      note: 'Held, but the protocol was not reviewed at it.',
    });
  });

  test('one not held with the review before the next falls due is missed', () => {
    const [september] = meetings([], '2027-03-17T09:00:00Z');
    expect(september).toMatchObject({
      status: 'missed',
      note: 'Not held with the protocol reviewed before the meeting of Tue 16 Mar 2027 fell due.',
    });
  });

  test('no schedule until the council sets the first meeting', () => {
    expect(
      evaluateServiceDuties([started], settings({}), instant('2026-12-07T09:30:00Z')).filter(
        (d) => d.rule === 'link-meeting',
      ),
    ).toEqual([]);
  });
});

describe('who is told', () => {
  const person = (id: string, roles: string[]): Person =>
    ({ id, displayName: id, roles, teams: ['north'] }) as unknown as Person;
  const people = [
    person('pl.ahmed', ['principal-lawyer']),
    person('iroadmin.wood', ['iro-admin']),
    person('irotm.brown', ['iro-team-manager']),
    person('hos.khan', ['head-of-service']),
    person('lawyer.jones', ['lawyer']),
  ];

  test('the register: each service that lacks it, once produced; the Head of Service when overdue', () => {
    const log = [
      started,
      published('2026-12', '2026-12-05T07:00:00+00:00'),
      received('2026-12', 'legal-services', '2026-12-07T10:00:00Z'),
    ];
    const at = (now: string) =>
      serviceNoticesDue(
        evaluateServiceDuties(log, SETTINGS, instant(now)).filter((d) => d.register),
        people,
        instant(now),
      ).map((n) => n.key);
    expect(at('2026-12-07T11:00:00Z')).toEqual([
      'service:case-register-update:2026-12:new:iroadmin.wood',
      'service:case-register-update:2026-12:new:irotm.brown',
    ]);
    expect(at('2026-12-09T09:00:00Z')).toEqual([
      'service:case-register-update:2026-12:reminder-1:iroadmin.wood',
      'service:case-register-update:2026-12:reminder-1:irotm.brown',
    ]);
    expect(at('2026-12-12T09:00:00Z')).toEqual([
      'service:case-register-update:2026-12:overdue:iroadmin.wood',
      'service:case-register-update:2026-12:overdue:irotm.brown',
      'service:case-register-update:2026-12:escalation:hos.khan',
    ]);
  });

  test('what the register notice says, without a child in it', () => {
    const [first] = serviceNoticesDue(
      evaluateServiceDuties(
        [started, published('2026-12', '2026-12-05T07:00:00+00:00')],
        SETTINGS,
        instant('2026-12-07T11:00:00Z'),
      ).filter((d) => d.register),
      people,
      instant('2026-12-07T11:00:00Z'),
    );
    expect(first!.notice).toMatchObject({
      subject: 'Register of cases with legal input for December 2026 is ready',
      text: 'The register of cases with legal input for December 2026 is ready (12 cases). The protocol asks for it to be shared between the services every month. Please open it and confirm that Legal Services has it by Fri 11 Dec 2026, 23:59.',
      link: {
        title: 'Open the register',
        url: 'https://example.test/registers/case-register-2026-12.xlsx',
      },
    });
  });

  test('a link meeting: the IRO Team Managers before it, and the Head of Service once overdue', () => {
    const september = recorded({
      type: 'link-meeting.held',
      at: '2026-09-16T14:00:00+01:00',
      meeting: '2026-09-16',
      protocolReviewed: true,
    });
    const keys = (now: string) =>
      serviceNoticesDue(
        evaluateServiceDuties([started, september], SETTINGS, instant(now)).filter(
          (d) => d.meeting,
        ),
        people,
        instant(now),
      ).map((n) => n.key);
    expect(keys('2027-03-02T09:00:00Z')).toEqual([
      'service:link-meeting:2027-03-16:reminder-1:irotm.brown',
    ]);
    expect(keys('2027-03-17T09:00:00Z')).toEqual([
      'service:link-meeting:2027-03-16:overdue:irotm.brown',
      'service:link-meeting:2027-03-16:escalation:hos.khan',
    ]);
  });
});
