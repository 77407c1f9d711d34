/** What the bot can do, for the person asking: the commands, and buttons for the common ones. */
import type { Person } from '../../core';
import { adaptiveCard, executeAction, factSet, textBlock, type Card } from './render';

export function helpCard(
  person: Person | undefined,
  intro: string,
  /** One of the person's own cases, so that the examples work as typed. */
  example = 'C-1001',
): Card {
  const lawyer = person?.roles.some((r) => r === 'lawyer' || r === 'principal-lawyer') ?? false;
  const commands = [
    { title: 'my deadlines', value: 'What is on you, soonest first' },
    { title: `case ${example}`, value: 'A case at a glance' },
    ...(lawyer
      ? [
          { title: 'send iro alert', value: 'Tell the IRO when final evidence is due' },
          {
            title: `send iro alert ${example} 12/02/2027 4pm`,
            value: 'The same, straight to the dates (day first; 4pm or 16:00)',
          },
        ]
      : []),
    { title: 'help', value: 'This card' },
  ];
  return adaptiveCard({
    body: [
      textBlock('IRO Liaison', { size: 'Large', weight: 'Bolder' }),
      textBlock(intro),
      ...(person?.displayName
        ? [textBlock(`Signed in as ${person.displayName}.`, { isSubtle: true })]
        : []),
      factSet(commands),
    ],
    actions: [
      executeAction('My deadlines', 'showMyDeadlines'),
      ...(lawyer ? [executeAction('Send IRO alert', 'startIroAlert')] : []),
    ],
  });
}
