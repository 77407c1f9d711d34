/**
 * The card for a notice about a duty of the services (the month's register, a link meeting),
 * built as a typed value: what it is, what is asked, the facts, and the way to the register and to
 * the tab's Service duties view, where a service confirms it has the register.
 */
import type { ServiceNotice } from '../../core';
import {
  adaptiveCard,
  factSet,
  openUrlAction,
  textBlock,
  type Card,
  type TextBlock,
} from './render';

/** A card that goes to a deputy says for whom, before anything else it says. */
export function deputyNote(forWhom: string | undefined): TextBlock[] {
  return forWhom ? [textBlock(`Sent to you as deputy for ${forWhom}.`, { color: 'Warning' })] : [];
}

export function serviceNoticeCard(
  notice: ServiceNotice,
  tabUrl: string,
  /** Set when the card goes to a deputy: whom they stand in for. */
  forWhom?: string,
): Card {
  const tone = notice.stage === 'new' || notice.stage === 'reminder' ? 'Default' : 'Attention';
  return adaptiveCard({
    body: [
      ...deputyNote(forWhom),
      textBlock(notice.heading, { size: 'Medium', weight: 'Bolder' }),
      textBlock(notice.text, { color: tone }),
      factSet(notice.facts.map(([title, value]) => ({ title, value }))),
    ],
    actions: [
      ...(notice.link ? [openUrlAction(notice.link.title, notice.link.url)] : []),
      openUrlAction('Open Service duties', tabUrl),
    ],
  });
}
