/** The bot's plain replies: what happened, or why nothing did, with the way to its help. */
import { plainTextBlock } from './plain-text';
import { adaptiveCard, executeAction, textBlock, type Card } from './render';

/** A title and a line of text; the text is shown as given (it may quote what someone sent). */
export function messageCard(title: string, text: string): Card {
  return adaptiveCard({
    body: [textBlock(title, { size: 'Medium', weight: 'Bolder' }), plainTextBlock(text)],
    actions: [executeAction('Help', 'showHelp')],
  });
}
