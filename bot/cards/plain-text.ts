/**
 * Text that people typed (a reason something can't be met, a waiver's or a retraction's reason,
 * a date typed in chat, a refusal that quotes what was sent), shown on a card and in the email
 * read off it exactly as typed: never as formatting, never as a link, never as more lines.
 *
 * Why a `RichTextBlock` of one `TextRun`, and not escaped Markdown in a `TextBlock`: Teams renders
 * a subset of Markdown in `TextBlock.text` (and in a FactSet's titles and values), so
 * `[click](https://evil.example)` typed as a reason would become a link whose words hide where it
 * goes, and `**urgent**` bold. The Adaptive Cards schema says of `TextRun.text` "Markdown is not
 * supported": a run is drawn as the characters it holds, in every host (Teams, Outlook, the
 * designer). Escaping instead (a `\` before `[`, `*`, `_` …) depends on each host's Markdown
 * dialect honouring backslash escapes the same way; where one does not, the escape fails open
 * (a live link) or shows stray backslashes. A run needs no escaping, so nothing can be missed.
 *
 * `oneLine` is applied too, for what the card's text becomes elsewhere: the email body is read
 * off the card line by line, and a reason with line breaks in it could otherwise add lines of
 * its own to it ("Open in IRO Liaison: https://evil.example"); a subject must be one line.
 */
import type { RichTextBlock, TextStyle } from './render';

/** Control characters, line and paragraph separators, and bidirectional overrides. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * The text on one line: line breaks, tabs and other control characters (and the invisible marks
 * that reorder text on screen) become a single space; runs of spaces one; no space at the ends.
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A card element showing `text` as typed: a `RichTextBlock` with one `TextRun` (see above), in
 * place of a `TextBlock`. It wraps, as every text block on these cards does.
 */
export function plainTextBlock(text: string, style: TextStyle = {}): RichTextBlock {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: oneLine(text), ...style }] };
}

/** The words of a `TextBlock` or a `RichTextBlock` (its runs, in order), or undefined. */
export function textOfBlock(element: Record<string, unknown>): string | undefined {
  if (element.type === 'TextBlock' && typeof element.text === 'string') return element.text;
  if (element.type === 'RichTextBlock' && Array.isArray(element.inlines))
    return (element.inlines as unknown[])
      .map((run) =>
        typeof run === 'string'
          ? run
          : typeof (run as { text?: unknown })?.text === 'string'
            ? (run as { text: string }).text
            : '',
      )
      .join('');
  return undefined;
}
