/**
 * The cards about cases as they stand: one case at a glance, a link to one, what is on the person
 * across their cases, and what a new holder of a role on a case takes over.
 */
import {
  LIVE_STATUSES,
  ROLE_TITLES,
  eventInWords,
  humanInstant,
  instantOf,
  mayRecord,
  type CaseRecord,
  type CaseView,
  type HandoverCardInput,
  type Obligation,
  type People,
  type Person,
} from '../../core';
import {
  adaptiveCard,
  container,
  executeAction,
  factSet,
  openUrlAction,
  textBlock,
  type Card,
  type Colour,
  type Container,
  type ExecuteAction,
  type TextBlock,
} from './render';
import { caseTitle, nameOf, statusColour, statusText } from './words';

/** How many deadlines a card lists; the tab shows the rest. */
const DEADLINES_SHOWN = 10;

/** One listed deadline: its status (and whose it is) in colour, its title, when it is due. */
function listed(
  heading: string,
  colour: Colour,
  title: string,
  due: string,
  selectAction?: ExecuteAction,
): Container {
  return container(
    [
      textBlock(heading, { weight: 'Bolder', color: colour }),
      textBlock(title, { spacing: 'None' }),
      textBlock(due, { isSubtle: true, spacing: 'None' }),
    ],
    { separator: true, spacing: 'Medium', ...(selectAction ? { selectAction } : {}) },
  );
}

/** What a list of `count` deadlines leaves off, if anything. */
function notListed(count: number): TextBlock[] {
  const more = count - DEADLINES_SHOWN;
  return more > 0
    ? [textBlock(`…and ${more} more. The tab shows them all.`, { isSubtle: true })]
    : [];
}

/**
 * What "Find case" puts in a conversation: the reference and a link that needs sign-in, nothing
 * more, since everyone in the chat sees it, case member or not.
 */
export function caseLinkCard(caseId: string, tabUrl: string): Card {
  return adaptiveCard({
    body: [
      textBlock(`Case ${caseId}`, { size: 'Medium', weight: 'Bolder' }),
      textBlock(
        'Its deadlines, parties and timeline are in IRO Liaison, for the people who work on it.',
      ),
    ],
    actions: [openUrlAction(`Open case ${caseId}`, tabUrl)],
  });
}

export function myDeadlinesCard(
  items: { case: CaseRecord; obligation: Obligation }[],
  now: number,
  tabUrl: string,
): Card {
  const overdue = items.filter((i) => i.obligation.status === 'overdue').length;
  return adaptiveCard({
    body: [
      textBlock('My deadlines', { size: 'Large', weight: 'Bolder' }),
      textBlock(
        items.length
          ? `${items.length} open${overdue ? `, ${overdue} overdue` : ''}.`
          : 'Nothing is on you at the moment.',
        { isSubtle: true },
      ),
      ...items.slice(0, DEADLINES_SHOWN).map(({ case: c, obligation: o }) =>
        listed(
          `${statusText(o)} · ${caseTitle(c)}`,
          statusColour(o),
          o.title,
          `Due ${o.due ? humanInstant(o.due) : 'no deadline set'}`,
          executeAction(`Show case ${c.header.id}`, 'showCase', {
            data: { caseId: c.header.id },
          }),
        ),
      ),
      ...notListed(items.length),
    ],
    actions: [openUrlAction('Open in tab', tabUrl)],
  });
}

export function caseSummaryCard(
  view: CaseView,
  people: People,
  viewer: Person,
  now: number,
  tabUrl: string,
): Card {
  const record = view.case;
  const open = view.evaluation.obligations.filter((o) => LIVE_STATUSES.has(o.status));
  const overdue = open.filter((o) => o.status === 'overdue').length;
  const dueSoon = open.filter((o) => o.status === 'due-soon').length;
  const next = open
    .filter((o) => o.due)
    .sort((a, b) => instantOf(a.due!) - instantOf(b.due!))
    .slice(0, 5);
  const last = view.events[view.events.length - 1];
  return adaptiveCard({
    body: [
      textBlock(`Case ${caseTitle(record)}`, { size: 'Large', weight: 'Bolder' }),
      textBlock(
        last
          ? `Last event: ${eventInWords(last.event)}, ${humanInstant(last.event.at)}`
          : 'No events yet',
        { isSubtle: true, spacing: 'None' },
      ),
      factSet([
        { title: 'Child reference', value: record.header.childRef },
        { title: 'Team', value: record.team },
        {
          title: 'Obligations',
          value: `${open.length} open, ${dueSoon} due soon, ${overdue} overdue`,
        },
      ]),
      textBlock('Parties', { weight: 'Bolder' }),
      factSet(
        record.members.map((m) => ({
          title: ROLE_TITLES[m.role],
          value: nameOf(people, m.personId),
        })),
      ),
      ...(next.length
        ? [
            textBlock('Next deadlines', { weight: 'Bolder' }),
            factSet(
              next.map((o) => ({
                title: humanInstant(o.due),
                value: `${o.title} (${statusText(o)})`,
              })),
            ),
          ]
        : []),
    ],
    actions: [
      openUrlAction('Open in tab', tabUrl),
      ...(mayRecord(viewer, record, 'iro-alert.sent')
        ? [
            executeAction('Send IRO alert', 'startIroAlert', {
              data: { caseId: record.header.id },
            }),
          ]
        : []),
    ],
  });
}

/** What a new holder of a role on a case takes over, for their one card (or email). */
export function handoverCard(input: HandoverCardInput): Card {
  const { record, role, items, vacatedBy } = input;
  const onYou = items.filter((i) => i.as === 'responsible').length;
  const title = ROLE_TITLES[role];
  const part = (as: 'responsible' | 'recipient') =>
    vacatedBy
      ? as === 'responsible'
        ? `On the ${title}`
        : `For the ${title}`
      : as === 'responsible'
        ? 'On you'
        : 'For your information';
  return adaptiveCard({
    body: [
      textBlock(
        vacatedBy
          ? `Case ${caseTitle(record)} needs a new ${title}`
          : `You are now the ${title} on case ${caseTitle(record)}`,
        { size: 'Large', weight: 'Bolder' },
      ),
      textBlock(
        vacatedBy
          ? `${vacatedBy.displayName} has left. Name someone in their place: ` +
              (items.length
                ? `until then, ${items.length} open item${items.length === 1 ? ' waits' : 's wait'}.`
                : 'nothing waits for them yet.')
          : (input.from ? `You take over from ${input.from.displayName}. ` : '') +
              `${onYou} open item${onYou === 1 ? ' is' : 's are'} now on you` +
              (items.length > onYou ? `, and ${items.length - onYou} addressed to you.` : '.'),
      ),
      ...items
        .slice(0, DEADLINES_SHOWN)
        .map(({ obligation: o, as }) =>
          listed(
            `${statusText(o)} · ${part(as)}`,
            statusColour(o),
            o.title,
            o.due ? `Due ${humanInstant(o.due)}` : 'No deadline set',
          ),
        ),
      ...notListed(items.length),
      textBlock(
        input.by ? `Recorded by ${input.by.displayName} in IRO Liaison.` : 'From IRO Liaison.',
        { isSubtle: true },
      ),
    ],
    actions: [openUrlAction('Open in tab', input.tabUrl)],
  });
}
