/**
 * The weekly digest's card, built as a typed value: the week, how much is late and due, then case
 * by case, then (for managers) their teams' late list, and the way to the tab.
 */
import type { WeeklyDigest } from '../../core';
import { adaptiveCard, container, openUrlAction, textBlock, type Card } from './render';
import { deputyNote } from './service-notice';

export function weeklyDigestCard(digest: WeeklyDigest, tabUrl: string, forWhom?: string): Card {
  const section = (title: string, lines: string[]) =>
    container([
      textBlock(title, { weight: 'Bolder', spacing: 'Medium' }),
      ...lines.map((line) => textBlock(`• ${line}`, { spacing: 'Small' })),
    ]);
  return adaptiveCard({
    body: [
      ...deputyNote(forWhom),
      textBlock(digest.heading, { size: 'Medium', weight: 'Bolder' }),
      textBlock(digest.intro),
      ...digest.cases.map((c) => section(c.title, c.lines)),
      ...digest.teamLate.map((t) => section(`Late on team ${t.team}`, t.lines)),
      textBlock(
        'You can turn this weekly digest off, or move it to another day, under My deadlines.',
        { isSubtle: true },
      ),
    ],
    actions: [openUrlAction('Open My deadlines', tabUrl)],
  });
}
