/**
 * The card for a notice about a duty of the services (the month's register, a link meeting),
 * built as a typed value: what it is, what is asked, the facts, and the way to the register and to
 * the tab's Service duties view, where a service confirms it has the register.
 */
import type { ServiceNotice } from '../../core';
import type { Card } from './render';

/** A card that goes to a deputy says for whom, before anything else it says. */
export function deputyNote(forWhom: string | undefined): Record<string, unknown>[] {
  return forWhom
    ? [
        {
          type: 'TextBlock',
          text: `Sent to you as deputy for ${forWhom}.`,
          wrap: true,
          color: 'Warning',
        },
      ]
    : [];
}

export function serviceNoticeCard(
  notice: ServiceNotice,
  tabUrl: string,
  /** Set when the card goes to a deputy: whom they stand in for. */
  forWhom?: string,
): Card {
  const tone = notice.stage === 'new' || notice.stage === 'reminder' ? 'Default' : 'Attention';
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      ...deputyNote(forWhom),
      {
        type: 'TextBlock',
        text: notice.heading,
        size: 'Medium',
        weight: 'Bolder',
        wrap: true,
      },
      { type: 'TextBlock', text: notice.text, wrap: true, color: tone },
      {
        type: 'FactSet',
        facts: notice.facts.map(([title, value]) => ({ title, value })),
      },
    ],
    actions: [
      ...(notice.link
        ? [{ type: 'Action.OpenUrl', title: notice.link.title, url: notice.link.url }]
        : []),
      { type: 'Action.OpenUrl', title: 'Open Service duties', url: tabUrl },
    ],
  };
}
