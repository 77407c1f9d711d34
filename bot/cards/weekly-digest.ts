/**
 * The weekly digest's card, built as a typed value: the week, how much is late and due, then case
 * by case, then (for managers) their teams' late list, and the way to the tab.
 */
import type { WeeklyDigest } from '../../core';
import type { Card } from './render';
import { deputyNote } from './service-notice';

export function weeklyDigestCard(digest: WeeklyDigest, tabUrl: string, forWhom?: string): Card {
  const section = (title: string, lines: string[]) => ({
    type: 'Container',
    items: [
      { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, spacing: 'Medium' },
      ...lines.map((line) => ({
        type: 'TextBlock',
        text: `• ${line}`,
        wrap: true,
        spacing: 'Small',
      })),
    ],
  });
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      ...deputyNote(forWhom),
      { type: 'TextBlock', text: digest.heading, size: 'Medium', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: digest.intro, wrap: true },
      ...digest.cases.map((c) => section(c.title, c.lines)),
      ...digest.teamLate.map((t) => section(`Late on team ${t.team}`, t.lines)),
      {
        type: 'TextBlock',
        text: 'You can turn this weekly digest off, or move it to another day, under My deadlines.',
        isSubtle: true,
        wrap: true,
      },
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open My deadlines', url: tabUrl }],
  };
}
