/**
 * Every card the bot sends, built with data from the real engine, must be a clean Adaptive Card 1.5
 * that Teams and Outlook accept: it parses without a single warning, every button says what it
 * does, every input is labelled, nothing is left empty or unexpanded, and it fits.
 */
import { formatted } from './card-text';
import { serviceNoticeCard } from '../../../bot/cards/service-notice';
import { weeklyDigestCard } from '../../../bot/cards/weekly-digest';
import type { Card } from '../../../bot/cards/render';
import * as views from '../../../bot/cards/views';
import {
  caseSummaryCard,
  handoverCard,
  helpCard,
  iroAlertFormCard,
  iroAlertPreviewCard,
  iroAlertSentCard,
  caseLinkCard,
  messageCard,
  myDeadlinesCard,
  obligationCard,
} from '../../../bot/cards/views';
import { VERBS, WELCOME } from '../../../bot/liaison-bot';
import { notificationMessage, weeklyDigestMessage } from '../../../bot/notifications';
import {
  type ObligationCardInput,
  type People,
  type Stage,
  humanInstant,
  inherited,
  type CaseView,
  type IroAlertDates,
  type Person,
} from '../../../core';
import { DEMO_PEOPLE } from '../../../server/demo/demo-data';
import {
  actionsOf,
  demoPerson,
  demoWorld,
  executeAction,
  factsOf,
  inputsOf,
  textsOf,
  type DemoWorld,
} from './demo-world';

// The UMD build parses without a DOM; the package's `lib/` build does not load in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Teams' limit on a message with a card is 28 KB. */
const TEAMS_CARD_LIMIT = 28 * 1024;

/** What the adaptivecards parser reports for a card: parse events, then validation events. */
function parserComplaints(card: Card): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const out: string[] = [];
  for (let i = 0; i < context.eventCount; i++) out.push(`parse: ${context.getEventAt(i).message}`);
  const validation = parsed.validateProperties();
  for (const e of validation.validationEvents) out.push(`validate: ${e.message}`);
  return out;
}

/** Which card a variant is of: the name of the function that made it, without `Card`. */
type Kind =
  | 'help'
  | 'message'
  | 'caseLink'
  | 'myDeadlines'
  | 'caseSummary'
  | 'iroAlertForm'
  | 'iroAlertPreview'
  | 'iroAlertSent'
  | 'handover'
  | 'obligation'
  | 'serviceNotice'
  | 'weeklyDigest';

interface Variant {
  name: string;
  kind: Kind;
  card: Card;
}

const people: People = new Map(DEMO_PEOPLE.map((p) => [p.id, p]));

let world: DemoWorld;
const variants: Variant[] = [];

function add(kind: Kind, name: string, card: Card): void {
  variants.push({ kind, name: `${kind}: ${name}`, card });
}

async function view(caseId: string): Promise<CaseView> {
  return world.service.getCase(demoPerson('hos.evans'), caseId, world.actor('hos.evans'));
}

async function obligationInput(
  caseId: string,
  obligationId: string,
  viewer: Person,
  stage: Stage,
  extra: Partial<ObligationCardInput> = {},
): Promise<ObligationCardInput> {
  const v = await view(caseId);
  const obligation = v.evaluation.obligations.find((o) => o.id === obligationId);
  if (!obligation) throw new Error(`no obligation ${obligationId}`);
  return {
    record: v.case,
    obligation,
    stage,
    viewer,
    people,
    now: world.now,
    tabUrl: `https://liaison.example/tab/cases/${caseId}`,
    ...extra,
  };
}

beforeAll(async () => {
  world = await demoWorld();
  const jones = demoPerson('lawyer.jones');
  const patel = demoPerson('iro.patel');
  const tab = 'https://liaison.example/tab/';

  add('help', 'for a lawyer', helpCard(jones, WELCOME));
  add('help', 'for an IRO', helpCard(patel, "I didn't recognise that. Here is what I can do:"));
  add('help', 'for nobody in particular', helpCard(undefined, WELCOME));

  add('message', 'plain', messageCard('Nothing was changed', 'There is no case C-9999.'));
  add('message', 'asking which case', messageCard('Which case?', 'Say "case" and its reference.'));
  add('message', 'quoting what was typed', messageCard('Nothing was changed', TYPED));
  add(
    'caseLink',
    'found by Find case',
    caseLinkCard('C-1042', 'https://liaison.example/tab/cases/C-1042'),
  );

  const mine = await world.service.myObligations(jones, world.actor('lawyer.jones'));
  expect(mine.length).toBeGreaterThan(10);
  add('myDeadlines', 'many, some overdue', myDeadlinesCard(mine, world.now, tab));
  add('myDeadlines', 'a few', myDeadlinesCard(mine.slice(12, 15), world.now, tab));
  add('myDeadlines', 'none', myDeadlinesCard([], world.now, tab));

  const c1004 = await view('C-1004');
  add(
    'caseSummary',
    'for the lawyer, with deadlines',
    caseSummaryCard(c1004, people, jones, world.now, `${tab}cases/C-1004`),
  );
  add(
    'caseSummary',
    'for the IRO',
    caseSummaryCard(c1004, people, patel, world.now, `${tab}cases/C-1004`),
  );
  add(
    'caseSummary',
    'a case with one event',
    caseSummaryCard(await view('C-1012'), people, jones, world.now, `${tab}cases/C-1012`),
  );

  const cases = (await world.service.listCases(jones, { limit: 100 }, world.actor('lawyer.jones')))
    .cases;
  add('iroAlertForm', 'empty', iroAlertFormCard({ cases: cases.map((c) => c.case) }));
  add('iroAlertForm', 'for someone on no case', iroAlertFormCard({ cases: [] }));
  add(
    'iroAlertForm',
    'filled in again, with an error',
    iroAlertFormCard({
      cases: cases.map((c) => c.case),
      caseId: 'C-1003',
      filingDate: '2024-04-02',
      filingTime: '16:00',
      error: 'Choose the case and give the filing date and time.',
    }),
  );

  const filingDue = '2024-04-02T16:00:00+01:00';
  const dates = await world.service.previewIroAlert(
    jones,
    'C-1003',
    filingDue,
    world.actor('lawyer.jones'),
  );
  const c1003 = await view('C-1003');
  add(
    'iroAlertPreview',
    'from the engine',
    iroAlertPreviewCard(c1003.case, dates, filingDue, '5e0c0a39-1b7a-4c1e-9d0e-2b7d0c6f1a11'),
  );
  const compressed: IroAlertDates = {
    filingDue: '2024-03-13T16:00:00+00:00',
    draftToIroBy: '2024-03-13T09:00:00+00:00',
    commentWindowCompressed: true,
    warnings: [
      'Sat 16 Mar 2024 is not a business day (the court does not sit): check the filing date in the directions.',
    ],
  };
  add(
    'iroAlertForm',
    'refusing what was typed, quoting it',
    iroAlertFormCard({
      cases: cases.map((c) => c.case),
      caseId: 'C-1003',
      error: `"${TYPED}" is not a date I can read.`,
    }),
  );
  add(
    'iroAlertPreview',
    'saying how it read what was typed',
    iroAlertPreviewCard(
      c1003.case,
      dates,
      filingDue,
      '5e0c0a39-1b7a-4c1e-9d0e-2b7d0c6f1a12',
      `I read “2/4/2024 4pm ${TYPED}” as Tue 2 Apr 2024, 16:00.`,
    ),
  );
  add(
    'iroAlertSent',
    'who was told, and the dates',
    iroAlertSentCard(
      c1003.case,
      dates,
      'IRO alert sent. Sam Patel (IRO) gets a card to acknowledge.',
      `${tab}cases/C-1003`,
    ),
  );
  add(
    'iroAlertPreview',
    'a compressed comment window, no convention',
    iroAlertPreviewCard(c1003.case, compressed, '2024-03-13T16:00:00+00:00', 'key-12345678'),
  );

  // Obligation cards: every stage, every completion form, with and without a notice and refresh.
  const notice = { text: 'Recorded. Thank you.', tone: 'good' as const };
  add(
    'obligation',
    'new, no form, lawyer responsible',
    obligationCard(
      await obligationInput('C-1001', 'C-1001:order-notice-to-iro-service', jones, 'new'),
    ),
  );
  add(
    'obligation',
    'reminder, checklist, with notice and refresh',
    obligationCard(
      await obligationInput('C-1001', 'C-1001:initial-documents-to-iro', jones, 'reminder', {
        notice,
        refreshUserIds: ['29:user-1'],
      }),
    ),
  );
  add(
    'obligation',
    'overdue, checklist partly done',
    obligationCard(
      await obligationInput('C-1003', 'C-1003:initial-documents-to-iro', jones, 'overdue', {
        notice: { text: "You can't do that here. Nothing was changed.", tone: 'attention' },
      }),
    ),
  );
  add(
    'obligation',
    'escalation to the IRO team manager',
    obligationCard(
      await obligationInput(
        'C-1004',
        'C-1004:first-review',
        demoPerson('irotm.brown'),
        'escalation',
      ),
    ),
  );
  // An IRO who also manages the IRO team: responsible and a waiver, so both show cards appear.
  const lead: Person = {
    id: 'iro.lead',
    displayName: 'Dee Lead (IRO and team manager)',
    roles: ['iro', 'iro-team-manager'],
    teams: ['north'],
  };
  const escalated = await obligationInput('C-1004', 'C-1004:first-review', lead, 'escalation', {
    refreshUserIds: ['29:user-2'],
  });
  escalated.record = {
    ...escalated.record,
    members: [...escalated.record.members, { personId: lead.id, role: 'iro' }],
  };
  add('obligation', 'escalation, can waive and say it cannot be met', obligationCard(escalated));
  add(
    'obligation',
    'new, frequency form',
    obligationCard(
      await obligationInput(
        'C-1003',
        'C-1003:iro-guardian-discussion:agree-frequency',
        patel,
        'new',
      ),
    ),
  );
  // A statutory review recommends an LPM: the PPM says what became of it.
  await world.service.recordEvent(
    demoPerson('irotm.brown'),
    'C-1003',
    { event: { type: 'lpm.recommended', at: '2024-03-12T09:30:00Z', source: 'statutory-review' } },
    world.actor('irotm.brown'),
  );
  const progression = (await view('C-1003')).evaluation.obligations.find(
    (o) => o.rule === 'lpm-progression',
  )!;
  add(
    'obligation',
    'new, LPM decision form',
    obligationCard(await obligationInput('C-1003', progression.id, demoPerson('ppm.lee'), 'new')),
  );
  add(
    'obligation',
    'current, review form, with refresh',
    obligationCard(
      await obligationInput('C-1003', 'C-1003:first-review', patel, 'current', {
        refreshUserIds: ['29:user-3'],
      }),
    ),
  );
  add(
    'obligation',
    'a review after an earlier one',
    obligationCard(
      await obligationInput('C-1010', 'C-1010:subsequent-review:after-R2', patel, 'reminder'),
    ),
  );
  add(
    'obligation',
    'current, met: nothing left to press',
    obligationCard(
      await obligationInput('C-1003', 'C-1003:order-notice-to-iro-service', jones, 'current'),
    ),
  );

  // Escalations also come before the deadline (someone said it cannot be met) and for
  // obligations without one; a card refreshed after its obligation was met is shown as it is now.
  const principal = demoPerson('pl.ahmed');
  add(
    'obligation',
    'escalation before the deadline',
    obligationCard(
      await obligationInput('C-1001', 'C-1001:initial-documents-to-iro', principal, 'escalation', {
        notice: { text: "Lee Jones says this can't be met: bundle late", tone: 'attention' },
      }),
    ),
  );
  add(
    'obligation',
    'escalation of an obligation with a default target',
    obligationCard(
      await obligationInput('C-1003', 'C-1003:iro-details-to-court', principal, 'escalation'),
    ),
  );
  add(
    'obligation',
    'overdue card refreshed after it was met',
    obligationCard(
      await obligationInput('C-1003', 'C-1003:order-notice-to-iro-service', jones, 'overdue', {
        refreshUserIds: ['29:user-6'],
      }),
    ),
  );

  // The IRO service is told of the order: now the IRO administrator allocates an IRO.
  await world.service.recordEvent(
    jones,
    'C-1001',
    { event: { type: 'iro-service.notified', at: '2024-03-12T09:00:00Z' } },
    world.actor('lawyer.jones'),
  );
  add(
    'obligation',
    'new, allocation form with the IROs',
    obligationCard(
      await obligationInput(
        'C-1001',
        'C-1001:iro-allocation-reply',
        demoPerson('iroadmin.wood'),
        'new',
        {
          iros: DEMO_PEOPLE.filter((p) => p.roles.includes('iro')),
          refreshUserIds: ['29:user-4'],
        },
      ),
    ),
  );

  add(
    'obligation',
    'new, allocation form with no IRO in the directory',
    obligationCard(
      await obligationInput(
        'C-1001',
        'C-1001:iro-allocation-reply',
        demoPerson('iroadmin.wood'),
        'new',
        { iros: [], refreshUserIds: ['29:user-4'] },
      ),
    ),
  );

  const handedOver = await view('C-1004');
  add(
    'handover',
    'a re-allocated IRO, with what they take over',
    handoverCard({
      record: handedOver.case,
      role: 'iro',
      from: patel,
      by: demoPerson('iroadmin.wood'),
      items: inherited(handedOver.evaluation, 'iro'),
      now: Date.parse('2024-03-12T09:00:00Z'),
      tabUrl: 'https://liaison.example/tab/cases/C-1004',
    }),
  );

  const alert = await world.service.currentIroAlert(patel, 'C-1004', world.actor('iro.patel'));
  expect(alert).toBeDefined();
  add(
    'obligation',
    'IRO alert, as the IRO sees it',
    obligationCard(
      await obligationInput('C-1004', 'C-1004:draft-final-evidence-to-iro', patel, 'new', {
        alert,
      }),
    ),
  );
  // What the dispatcher tells a manager when someone says it can't be met: their reason, as typed.
  add(
    'obligation',
    "escalation: can't be met, with the reason as typed",
    obligationCard(
      await obligationInput('C-1001', 'C-1001:initial-documents-to-iro', principal, 'escalation', {
        notice: { text: `Lee Jones (lawyer) says this can't be met: ${TYPED}`, tone: 'attention' },
      }),
    ),
  );
  add(
    'obligation',
    'IRO alert, as the lawyer sees it after sending',
    obligationCard(
      await obligationInput('C-1004', 'C-1004:draft-final-evidence-to-iro', jones, 'current', {
        alert,
        notice: { text: 'IRO alert sent. The IRO will get a card to acknowledge.', tone: 'good' },
        refreshUserIds: ['29:user-5'],
      }),
    ),
  );

  add(
    'serviceNotice',
    'to a deputy, with a link to the register',
    serviceNoticeCard(
      {
        duty: 'service:case-register-update:2026-12',
        stage: 'new',
        subject: 'Register of cases with legal input for December 2026 is ready',
        heading: 'Register of cases with legal input: December 2026',
        text: 'The register is ready.',
        facts: [['Cases', '12']],
        link: { title: 'Open the register', url: 'https://liaison.example/r.xlsx' },
      },
      `${tab}service`,
      'Sara Ahmed',
    ),
  );
  add(
    'weeklyDigest',
    'a case and a team late list',
    weeklyDigestCard(
      {
        week: '2026-12-07',
        subject: 'Your week from Mon 7 Dec 2026: 1 late',
        heading: 'Your week from Mon 7 Dec 2026',
        intro: '1 late.',
        cases: [{ title: 'C-1003 (E.F.)', lines: ['Send the minutes: overdue, late today'] }],
        teamLate: [{ team: 'north', lines: ['C-1003 (E.F.): Send the minutes — Lee Jones'] }],
      },
      `${tab}deadlines`,
    ),
  );
});

afterAll(async () => {
  await world.close();
});

/** A reason as someone might type it: a link in disguise, Markdown, HTML and a line of its own. */
const TYPED =
  '[click](https://evil.example) **bold** <b>x</b>\nOpen in IRO Liaison: https://evil.example';
/** The same, as cards and emails show it: as typed, on one line. */
const SHOWN =
  '[click](https://evil.example) **bold** <b>x</b> Open in IRO Liaison: https://evil.example';

/** The runs of plain text (`TextRun`s) on a card. */
function runsOf(card: Card): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextRun') out.push(String(o.text));
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function expectNothingFormatted(card: Card): void {
  for (const t of formatted(card)) {
    expect(t).not.toContain('evil.example');
    expect(t).not.toContain('**bold**');
    expect(t).not.toContain('<b>');
  }
}

function variant(name: string): Card {
  const found = variants.find((v) => v.name === name);
  if (!found) throw new Error(`no variant ${name}`);
  return found.card;
}

describe('every card the bot renders', () => {
  it('covers every card', () => {
    const cards = [
      ...Object.keys(views).filter((name) => name.endsWith('Card')),
      serviceNoticeCard.name,
      weeklyDigestCard.name,
    ];
    expect(new Set(variants.map((v) => `${v.kind}Card`))).toEqual(new Set(cards));
  });

  it('parses with the adaptivecards parser without a single error or warning', () => {
    const complaints = variants.flatMap((v) =>
      parserComplaints(v.card).map((c) => `${v.name}: ${c}`),
    );
    expect(complaints).toEqual([]);
  });

  it('is an Adaptive Card 1.5 without the editor-only $schema', () => {
    for (const v of variants) {
      expect({ name: v.name, type: v.card.type, version: v.card.version }).toEqual({
        name: v.name,
        type: 'AdaptiveCard',
        version: '1.5',
      });
      expect(v.card).not.toHaveProperty('$schema');
    }
  });

  it('gives every Action.Execute a verb', () => {
    for (const v of variants) {
      for (const a of actionsOf(v.card).filter((x) => x.type === 'Action.Execute'))
        expect({
          name: v.name,
          title: a.title,
          verb: typeof a.verb === 'string' && a.verb !== '',
        }).toEqual({ name: v.name, title: a.title, verb: true });
    }
  });

  it('gives every input an id and a label (a toggle is labelled by its title)', () => {
    const unlabelled: string[] = [];
    for (const v of variants) {
      for (const input of inputsOf(v.card)) {
        const label = input.type === 'Input.Toggle' ? input.title : input.label;
        if (typeof input.id !== 'string' || !input.id) unlabelled.push(`${v.name}: no id`);
        if (typeof label !== 'string' || !label.trim())
          unlabelled.push(`${v.name}: ${String(input.id)} has no label`);
      }
    }
    expect(unlabelled).toEqual([]);
  });

  it('carries nothing of a template ($data, $when, ${…}), which a host would show as it is', () => {
    for (const v of variants) {
      const json = JSON.stringify(v.card);
      expect({ name: v.name, unexpanded: json.match(/\$\{[^}]*\}?/g) ?? [] }).toEqual({
        name: v.name,
        unexpanded: [],
      });
      expect(json).not.toContain('"$data"');
      expect(json).not.toContain('"$when"');
    }
  });

  it('has no null or undefined properties (a part left out leaves nothing behind)', () => {
    const empty: string[] = [];
    const walk = (x: unknown, at: string): void => {
      if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${at}[${i}]`));
      else if (x && typeof x === 'object')
        for (const [key, value] of Object.entries(x))
          if (value === null || value === undefined) empty.push(`${at}.${key}`);
          else walk(value, `${at}.${key}`);
    };
    for (const v of variants) walk(v.card, v.name);
    expect(empty).toEqual([]);
  });

  it('fits in a Teams message (under 28 KB)', () => {
    for (const v of variants) {
      const bytes = Buffer.byteLength(JSON.stringify(v.card), 'utf8');
      expect({ name: v.name, fits: bytes < TEAMS_CARD_LIMIT }).toEqual({
        name: v.name,
        fits: true,
      });
    }
  });

  it('uses exactly the verbs the bot handles, and the variants press every one of them', () => {
    // A card's buttons can send only the verbs in CARD_VERBS (anything else does not compile),
    // and the bot handles exactly those (an unhandled one does not compile either).
    const rendered = new Set(
      variants.flatMap((v) =>
        actionsOf(v.card)
          .filter((a) => a.type === 'Action.Execute')
          .map((a) => a.verb),
      ),
    );
    expect(rendered).toEqual(new Set(VERBS));
  });
});

describe('what the cards say', () => {
  it('name the child only by case reference and initials; the child reference only on the case summary', () => {
    for (const v of variants) {
      const json = JSON.stringify(v.card);
      if (v.kind === 'caseSummary') {
        const ref = factsOf(v.card)['Child reference'];
        expect(ref).toMatch(/^LCS-\d+$/);
        expect(json.split(ref!).length - 1).toBe(1);
      } else {
        expect(json).not.toMatch(/LCS-\d+/);
      }
    }
    expect(JSON.stringify(variant('caseSummary: for the lawyer, with deadlines'))).toContain(
      'Case C-1004 (G.H.)',
    );
    expect(textsOf(variant('obligation: new, no form, lawyer responsible'))).toContainEqual(
      expect.stringMatching(/^Case C-1001 \(A\.B\.\) · Notify the IRO service of the order/),
    );
  });

  it('shows text that looks like template syntax as given, never expanding it', () => {
    const card = messageCard('Nothing was changed', 'filingDue: "${title}" is not an instant');
    expect(textsOf(card)).toEqual([
      'Nothing was changed',
      'filingDue: "${title}" is not an instant',
    ]);
  });

  it('the help card offers Send IRO alert to lawyers only', () => {
    expect(actionsOf(variant('help: for a lawyer')).map((a) => a.verb)).toEqual([
      'showMyDeadlines',
      'startIroAlert',
    ]);
    expect(actionsOf(variant('help: for an IRO')).map((a) => a.verb)).toEqual(['showMyDeadlines']);
    expect(textsOf(variant('help: for a lawyer'))).toContain('Signed in as Lee Jones (lawyer).');
    expect(textsOf(variant('help: for nobody in particular')).join('\n')).not.toContain(
      'Signed in',
    );
  });

  it('my deadlines lists ten and says how many more the tab has', () => {
    const card = variant('myDeadlines: many, some overdue');
    const listed = actionsOf(card).filter((a) => a.verb === 'showCase');
    expect(listed).toHaveLength(10);
    expect(textsOf(card).some((t) => /^…and \d+ more\. The tab shows them all\.$/.test(t))).toBe(
      true,
    );
    expect(textsOf(variant('myDeadlines: a few')).join('\n')).not.toContain('more.');
    expect(textsOf(variant('myDeadlines: none'))).toContain('Nothing is on you at the moment.');
  });

  it('the obligation card shows the form its completion asks for', () => {
    const ids = (name: string) => inputsOf(variant(`obligation: ${name}`)).map((i) => i.id);
    // Every completion asks when it happened (empty: just now).
    const when = ['happenedOn', 'happenedAt'];
    expect(ids('new, no form, lawyer responsible')).toEqual([...when, 'cannotMeetReason']);
    expect(ids('reminder, checklist, with notice and refresh')).toEqual([
      'item:application-form',
      'item:initial-sw-statement',
      'item:initial-care-plan',
      'item:sw-chronology',
      // "if one has been prepared" is answered, not assumed.
      'notNeeded:initial-care-plan',
      ...when,
      'cannotMeetReason',
    ]);
    // What was already sent is not asked for again.
    expect(ids('overdue, checklist partly done')).not.toContain('item:application-form');
    expect(ids('new, frequency form')).toEqual(['every', ...when, 'cannotMeetReason']);
    expect(ids('new, LPM decision form')).toEqual([
      'decision',
      'lpmOn',
      'lpmAt',
      ...when,
      'cannotMeetReason',
    ]);
    // The IRO's name and e-mail address are the directory's: only a phone number is asked for.
    expect(ids('new, allocation form with the IROs')).toEqual([
      'iro',
      'phone',
      ...when,
      'cannotMeetReason',
    ]);
    expect(ids('current, review form, with refresh')).toEqual([
      'review',
      ...when,
      'cannotMeetReason',
    ]);
    expect(ids('a review after an earlier one')).toEqual(['review', ...when, 'cannotMeetReason']);
    expect(ids('escalation, can waive and say it cannot be met')).toEqual([
      'review',
      ...when,
      'cannotMeetReason',
      'waiverReason',
    ]);
    expect(ids('current, met: nothing left to press')).toEqual([]);
    expect(actionsOf(variant('obligation: current, met: nothing left to press'))).toEqual([
      expect.objectContaining({ type: 'Action.OpenUrl' }),
    ]);
  });

  it('the allocation form offers the IROs by name', () => {
    const iro = inputsOf(variant('obligation: new, allocation form with the IROs')).find(
      (i) => i.id === 'iro',
    )!;
    expect(iro.choices).toEqual([
      { title: 'Sam Patel (IRO)', value: 'iro.patel' },
      { title: 'Ivy Smith (IRO)', value: 'iro.smith' },
    ]);
  });

  it('refreshes itself only for the users it is given', () => {
    const refreshed = variant('obligation: reminder, checklist, with notice and refresh');
    expect(refreshed.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Refresh',
        verb: 'refreshObligation',
        data: { obligationId: 'C-1001:initial-documents-to-iro', view: 'reminder' },
      },
      userIds: ['29:user-1'],
    });
    expect(variant('obligation: new, no form, lawyer responsible')).not.toHaveProperty('refresh');
    expect(variant('obligation: new, no form, lawyer responsible')).toHaveProperty('body');
  });

  it('every obligation card names who it is on and who it is for', () => {
    const card = variant('obligation: IRO alert, as the IRO sees it');
    expect(factsOf(card)).toMatchObject({
      On: expect.stringContaining('Lee Jones (lawyer)') as string,
      For: 'Sam Patel (IRO)',
    });
  });

  it('the escalation card says who it is on and offers the manager a waiver', () => {
    const card = variant('obligation: escalation to the IRO team manager');
    expect(factsOf(card).On).toBe('Sam Patel (IRO)');
    expect(actionsOf(card).map((a) => `${a.type} ${a.title}`)).toEqual([
      'Action.Execute Review held',
      'Action.ShowCard Waive',
      'Action.Execute Waive',
      'Action.OpenUrl Open in tab',
    ]);
  });

  it('counts lateness only when there is some', async () => {
    const early = variant('obligation: escalation before the deadline');
    const o = (await view('C-1001')).evaluation.obligations.find(
      (x) => x.id === 'C-1001:initial-documents-to-iro',
    )!;
    expect(Date.parse(o.due!)).toBeGreaterThan(world.now);
    expect(textsOf(early)[0]).toBe(`Escalation: ${o.title}`);
    expect(factsOf(early)['Time left']).toBeDefined();

    const byDefault = variant('obligation: escalation of an obligation with a default target');
    expect(textsOf(byDefault)[0]).toMatch(/^Escalation: .*, \d+ working days? late/);
    expect(factsOf(byDefault)['How it is counted']).toMatch(/^default target — the protocol says/);

    const met = variant('obligation: overdue card refreshed after it was met');
    expect(textsOf(met)[0]).not.toMatch(/Overdue/);
    expect(factsOf(met).Status).toMatch(/^Met /);
    expect((met.refresh as any).action.data.view).toBe('current');
  });

  it('the IRO alert card tells the IRO when the draft reaches them and when comments are due', async () => {
    const patel = demoPerson('iro.patel');
    const alert = (await world.service.currentIroAlert(patel, 'C-1004', world.actor('iro.patel')))!;
    const card = variant('obligation: IRO alert, as the IRO sees it');
    expect(textsOf(card)[0]).toBe(`IRO alert: final evidence due ${humanInstant(alert.filingDue)}`);
    expect(factsOf(card)).toMatchObject({
      'Final evidence due': humanInstant(alert.filingDue),
      'Draft reaches you by': humanInstant(alert.draftToIroBy),
      'Your comments due': `${humanInstant(alert.commentsDueIfDraftOnTime)} (24 hours after the draft, if it arrives on time)`,
    });
    executeAction(card, 'acknowledgeObligation');
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('completeObligation');

    const lawyers = variant('obligation: IRO alert, as the lawyer sees it after sending');
    expect(factsOf(lawyers)).toMatchObject({
      'Draft to the IRO by': humanInstant(alert.draftToIroBy),
      "IRO's comments due": expect.stringContaining(humanInstant(alert.commentsDueIfDraftOnTime)),
    });
    expect(executeAction(lawyers, 'completeObligation').title).toBe('Draft sent to the IRO');
  });

  it('the IRO alert preview warns when the comment window is compressed', () => {
    const warning =
      'The 24-hour comment window would run past the filing time: agree a shorter turnaround with the IRO.';
    expect(textsOf(variant('iroAlertPreview: from the engine'))).not.toContain(warning);
    expect(
      textsOf(variant('iroAlertPreview: a compressed comment window, no convention')),
    ).toContain(warning);
  });
});

describe('what people type', () => {
  const typedVariants = [
    "obligation: escalation: can't be met, with the reason as typed",
    'message: quoting what was typed',
    'iroAlertForm: refusing what was typed, quoting it',
    'iroAlertPreview: saying how it read what was typed',
  ];

  it('is shown as typed, in a run of plain text: never as a link, Markdown or HTML', () => {
    for (const name of typedVariants) {
      const card = variant(name);
      expectNothingFormatted(card);
      expect({ name, quoted: runsOf(card).some((r) => r.includes(SHOWN)) }).toEqual({
        name,
        quoted: true,
      });
      // Still a card the hosts take (the parser's check runs on every variant above too).
      expect(parserComplaints(card)).toEqual([]);
    }
    expect(
      runsOf(variant("obligation: escalation: can't be met, with the reason as typed")),
    ).toEqual([`Lee Jones (lawyer) says this can't be met: ${SHOWN}`]);
  });

  it('keeps the notice bold and in its colour', () => {
    const card = variant("obligation: escalation: can't be met, with the reason as typed");
    const notice = (card.body as Record<string, unknown>[]).find(
      (b) => b.type === 'RichTextBlock',
    )!;
    expect(notice.inlines).toEqual([
      {
        type: 'TextRun',
        text: `Lee Jones (lawyer) says this can't be met: ${SHOWN}`,
        color: 'Attention',
        weight: 'Bolder',
      },
    ]);
  });

  it('goes into the email as typed, on one line, and never into its subject', async () => {
    const input = await obligationInput(
      'C-1001',
      'C-1001:initial-documents-to-iro',
      demoPerson('pl.ahmed'),
      'escalation',
      {
        notice: { text: `Lee Jones (lawyer) says this can't be met: ${TYPED}`, tone: 'attention' },
      },
    );
    const email = notificationMessage('key-1', input);
    expect(email.subject).toBe(`[C-1001] Escalation: ${input.obligation.title}`);
    expect(email.subject).not.toMatch(/[\r\n]/);
    const lines = email.text.split('\n');
    expect(lines).toContain(`Lee Jones (lawyer) says this can't be met: ${SHOWN}`);
    // The reason adds no line of its own: the one link to the tab is the app's.
    expect(lines.filter((l) => l.startsWith('Open in IRO Liaison:'))).toEqual([
      'Open in IRO Liaison: https://liaison.example/tab/cases/C-1001',
    ]);
    expect(email.text).not.toMatch(/\r/);
  });

  it('subjects from elsewhere are one line too', () => {
    const digest = weeklyDigestMessage(
      'key-2',
      {
        week: '2026-12-07',
        subject: 'Your week\r\nBcc: someone@evil.example',
        heading: 'Your week from Mon 7 Dec 2026',
        intro: '1 late.',
        cases: [],
        teamLate: [],
      },
      'https://liaison.example/tab/deadlines',
    );
    expect(digest.subject).toBe('Your week Bcc: someone@evil.example');
  });

  it("asks for no child's name in a reason, on every reason a card asks for", () => {
    const reasons = variants.flatMap((v) =>
      inputsOf(v.card).filter((i) => i.id === 'cannotMeetReason' || i.id === 'waiverReason'),
    );
    expect(new Set(reasons.map((i) => i.id))).toEqual(
      new Set(['cannotMeetReason', 'waiverReason']),
    );
    for (const input of reasons)
      expect(input.placeholder).toBe("Do not write the child's name — use the case reference.");
  });
});

describe('the buttons that record something', () => {
  it('each carry a key of their own, for this rendering of the card', async () => {
    const card = variant('obligation: escalation, can waive and say it cannot be met');
    const verbs = ['completeObligation', 'reportCannotMeet', 'waiveObligation'];
    const keys = verbs.map((v) => executeAction(card, v).data!.requestKey as string);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9._:-]{8,100}$/);
    expect(new Set(keys).size).toBe(verbs.length);
    const acked = variant('obligation: IRO alert, as the IRO sees it');
    expect(executeAction(acked, 'acknowledgeObligation').data!.requestKey).toMatch(
      /^[0-9a-f-]{36}:acknowledge$/,
    );
    // Rendered again, the same card has new keys; with a nonce given, the keys are its.
    const input = await obligationInput(
      'C-1004',
      'C-1004:first-review',
      demoPerson('irotm.brown'),
      'escalation',
    );
    const again = obligationCard(input);
    expect(executeAction(again, 'waiveObligation').data!.requestKey).not.toBe(
      executeAction(obligationCard(input), 'waiveObligation').data!.requestKey,
    );
    expect(
      executeAction(obligationCard({ ...input, nonce: 'card-1234' }), 'waiveObligation').data,
    ).toEqual({
      obligationId: 'C-1004:first-review',
      view: 'escalation',
      requestKey: 'card-1234:waive',
    });
  });
});
