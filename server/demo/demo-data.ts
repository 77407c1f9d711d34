/**
 * Demo people (one or more in every role) and a dozen demo cases at different stages of
 * proceedings, dated relative to now so that the dashboard always has something due.
 * Only for local mode: production config cannot turn seeding on.
 */
import {
  checkSequence,
  formatInstant,
  partiesAfter,
  validateEvent,
  type Actor,
  type CaseEvent,
  type CaseMember,
  type CaseLog,
  type Directory,
  type NewCase,
  type Person,
  type Role,
  type ServiceLog,
} from '../../core';
import { atTimeOfDay, civilFromDay, dayFromCivil, londonDay } from '../../core/time/london';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * People in every role. Those inside the council's tenant have made-up Entra object ids, so the
 * Agents Playground can play them; the Guardian and the child's solicitor are outside the tenant
 * and are reached by email.
 */
export const DEMO_PEOPLE: Person[] = [
  {
    id: 'lawyer.jones',
    displayName: 'Lee Jones (lawyer)',
    email: 'lee.jones@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000001',
    roles: ['lawyer'],
    teams: ['north'],
  },
  {
    id: 'lawyer.obi',
    displayName: 'Ada Obi (lawyer)',
    email: 'ada.obi@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000002',
    roles: ['lawyer'],
    // Works both teams, so a north case can be handed to her.
    teams: ['north', 'south'],
  },
  {
    id: 'pl.ahmed',
    displayName: 'Sara Ahmed (principal lawyer)',
    email: 'sara.ahmed@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000003',
    roles: ['principal-lawyer'],
    teams: ['north', 'south'],
  },
  {
    id: 'sw.khan',
    displayName: 'Omar Khan (social worker)',
    email: 'omar.khan@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000004',
    roles: ['social-worker'],
    teams: ['north'],
  },
  {
    id: 'sw.osei',
    displayName: 'Efua Osei (social worker)',
    email: 'efua.osei@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000011',
    roles: ['social-worker'],
    teams: ['north'],
  },
  {
    id: 'iro.patel',
    displayName: 'Sam Patel (IRO)',
    email: 'sam.patel@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000005',
    roles: ['iro'],
    teams: ['north'],
  },
  {
    id: 'iro.smith',
    displayName: 'Ivy Smith (IRO)',
    email: 'ivy.smith@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000006',
    roles: ['iro'],
    // Reviews for both teams, so a north case can be re-allocated to her.
    teams: ['north', 'south'],
  },
  {
    id: 'iroadmin.wood',
    displayName: 'Kim Wood (IRO administrator)',
    email: 'kim.wood@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000007',
    roles: ['iro-admin'],
    teams: ['north', 'south'],
  },
  {
    id: 'irotm.brown',
    displayName: 'Alex Brown (IRO team manager)',
    email: 'alex.brown@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000008',
    roles: ['iro-team-manager'],
    teams: ['north', 'south'],
  },
  {
    id: 'ppm.lee',
    displayName: 'Jo Lee (Permanency Progression Manager)',
    email: 'jo.lee@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000009',
    roles: ['permanency-progression-manager'],
    teams: ['north'],
  },
  {
    id: 'hos.evans',
    displayName: 'Pat Evans (Head of Service)',
    email: 'pat.evans@council.example',
    entraObjectId: '00000000-0000-4000-8000-000000000010',
    roles: ['head-of-service'],
    teams: ['north', 'south'],
  },
  {
    id: 'guardian.rivers',
    displayName: 'Jo Rivers (Children’s Guardian, CAFCASS)',
    email: 'jo.rivers@cafcass.example',
    roles: ['guardian'],
    teams: [],
  },
  {
    id: 'solicitor.ng',
    displayName: 'Chris Ng (child’s solicitor)',
    email: 'chris.ng@solicitors.example',
    roles: ['childs-solicitor'],
    teams: [],
  },
];

interface DemoCase {
  id: string;
  initials: string;
  team: 'north' | 'south';
  lookedAfterBeforeProceedings?: boolean;
  members: [string, Role][];
  /** Events as (hours ago, event without `at`). */
  events: [number, Omit<CaseEvent, 'at'> & Record<string, unknown>][];
}

const IRO_PATEL = { name: 'Sam Patel', id: 'iro.patel', email: 'sam.patel@council.example' };
const GUARDIAN = { name: 'Jo Rivers', id: 'guardian.rivers', email: 'jo.rivers@cafcass.example' };
const NORTH: [string, Role][] = [
  ['lawyer.jones', 'lawyer'],
  ['sw.khan', 'social-worker'],
];

/** Shared openings: proceedings issued, ICO made, IRO service told, IRO allocated. */
function started(daysAgo: number): DemoCase['events'] {
  const h = daysAgo * 24;
  return [
    [h, { type: 'application.issued' }],
    [h - 20, { type: 'order.made', order: 'ICO' }],
    [h - 40, { type: 'iro-service.notified' }],
    [h - 90, { type: 'iro.allocated', iro: IRO_PATEL }],
  ];
}

const CASES: DemoCase[] = [
  {
    id: 'C-1001',
    initials: 'A.B.',
    team: 'north',
    members: NORTH,
    events: [
      [30, { type: 'application.issued' }],
      [20, { type: 'order.made', order: 'ICO' }],
    ],
  },
  {
    id: 'C-1002',
    initials: 'C.D.',
    team: 'north',
    members: NORTH,
    events: [
      [24 * 9, { type: 'application.issued' }],
      [24 * 8, { type: 'order.made', order: 'EPO' }],
    ],
  },
  {
    id: 'C-1003',
    initials: 'E.F.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(12),
      [24 * 8, { type: 'guardian.appointed', guardian: GUARDIAN }],
      [24 * 7, { type: 'document.sent-to-iro', document: 'application-form' }],
    ],
  },
  {
    id: 'C-1004',
    initials: 'G.H.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(60),
      [24 * 50, { type: 'guardian.appointed', guardian: GUARDIAN }],
      [24 * 2, { type: 'filing.scheduled', filing: 'final-evidence', due: '+10d' }],
      [24 * 2 - 1, { type: 'iro-alert.sent' }],
    ],
  },
  {
    id: 'C-1005',
    initials: 'J.K.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(90),
      [24 * 20, { type: 'filing.scheduled', filing: 'final-evidence', due: '+3d' }],
      [24 * 20 - 1, { type: 'iro-alert.sent' }],
      [20, { type: 'draft.sent-to-iro' }],
    ],
  },
  {
    id: 'C-1006',
    initials: 'L.M.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(120),
      [24 * 100, { type: 'guardian.appointed', guardian: GUARDIAN }],
      [24 * 30, { type: 'hearing.scheduled', hearing: 'IRH', on: '+6d' }],
      [24 * 10, { type: 'dispute.raised' }],
    ],
  },
  {
    id: 'C-1007',
    initials: 'N.P.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(200),
      [24 * 180, { type: 'guardian.appointed', guardian: GUARDIAN }],
      [24 * 5, { type: 'proceedings.concluded', remainsLookedAfter: true }],
    ],
  },
  {
    id: 'C-1008',
    initials: 'Q.R.',
    team: 'north',
    lookedAfterBeforeProceedings: true,
    members: [...NORTH, ['iro.patel', 'iro']],
    events: [
      [24 * 4, { type: 'application.issued' }],
      [24 * 3, { type: 'order.made', order: 'ICO' }],
    ],
  },
  {
    id: 'C-1009',
    initials: 'S.T.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(40),
      [24 * 9, { type: 'court-document.received', document: 'expert-report', ref: 'EXP-1' }],
      [24 * 2, { type: 'court-document.received', document: 'directions', ref: 'DIR-2' }],
    ],
  },
  {
    id: 'C-1010',
    initials: 'U.V.',
    team: 'north',
    members: NORTH,
    events: [
      ...started(150),
      [24 * 130, { type: 'review.held', review: 'R1' }],
      [24 * 40, { type: 'review.held', review: 'R2' }],
    ],
  },
  {
    id: 'C-1011',
    initials: 'W.X.',
    team: 'south',
    members: [['lawyer.obi', 'lawyer']],
    events: [
      [50, { type: 'application.issued' }],
      [40, { type: 'order.made', order: 'ICO' }],
    ],
  },
  {
    id: 'C-1012',
    initials: 'Y.Z.',
    team: 'north',
    members: NORTH,
    events: [[3, { type: 'application.issued' }]],
  },
];

/** "+10d" in a demo event means ten days from now at 16:00 London time. */
function resolveRelative(value: unknown, now: number): unknown {
  if (typeof value !== 'string' || !/^\+\d+d$/.test(value)) return value;
  const day = formatInstant(now + Number(value.slice(1, -1)) * DAY).slice(0, 10);
  const offset = formatInstant(Date.parse(`${day}T15:00:00Z`)).slice(19);
  return `${day}T16:00:00${offset}`;
}

/** Seeds the demo people and cases into an empty store; returns how many cases it added. */
export async function seedDemo(
  store: Pick<CaseLog, 'createCase' | 'append'>,
  directory: Directory,
  now: number,
  /** Started from the first of this month, so that this month's register is produced at once. */
  serviceLog?: ServiceLog,
): Promise<number> {
  if (serviceLog) {
    const [year, month] = civilFromDay(londonDay(now));
    await serviceLog.appendServiceEvent({
      key: 'service-duties.started',
      event: {
        type: 'service-duties.started',
        at: formatInstant(atTimeOfDay(dayFromCivil(year, month, 1), 0)),
      },
      recordedBy: 'system',
      surface: 'import',
    });
  }
  for (const p of DEMO_PEOPLE) await directory.upsertPerson(p);
  const actor: Actor = { personId: 'lawyer.jones', surface: 'import' };
  let added = 0;
  for (const demo of CASES) {
    const c: NewCase = {
      header: {
        id: demo.id,
        childRef: `LCS-${demo.id.slice(2)}00`,
        childInitials: demo.initials,
        lookedAfterBeforeProceedings: demo.lookedAfterBeforeProceedings ?? false,
        packs: ['iro-legal', 'iro-guardian'],
      },
      team: demo.team,
      members: demo.members.map(([personId, role]): CaseMember => ({ personId, role })),
    };
    if (!(await store.createCase(c, actor))) continue;
    const events: CaseEvent[] = [];
    for (const [hoursAgo, partial] of demo.events) {
      const raw = Object.fromEntries(
        Object.entries(partial).map(([k, v]) => [k, resolveRelative(v, now)]),
      );
      const checked = validateEvent(
        { ...raw, at: formatInstant(now - hoursAgo * HOUR) },
        `${demo.id}`,
      );
      if (!checked.ok)
        throw new Error(`demo case ${demo.id} is invalid: ${JSON.stringify(checked.issues)}`);
      const sequence = checkSequence(events, checked.value, demo.id);
      if (sequence.length) throw new Error(`demo case ${demo.id}: ${sequence[0]!.message}`);
      events.push(checked.value);
    }
    const parties = partiesAfter(c.members, events);
    await store.append({
      caseId: demo.id,
      expectedVersion: 0,
      events,
      actor,
      addMembers: parties.started,
      endMembers: parties.ended,
    });
    added++;
  }
  return added;
}
