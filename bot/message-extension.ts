/**
 * The message extension, in Teams and Outlook: "Find case" (a search command) and "Send IRO
 * alert" (an action command on a message). Its ids are declared in appPackage/manifest.json; the
 * package test checks that every command declared there is one of `MESSAGE_EXTENSION_COMMANDS`.
 *
 * Dialogs (task modules) take `Action.Submit`, not the Universal Actions the bot's cards use
 * elsewhere, so a card shown in a dialog has its `Action.Execute` buttons turned into
 * `Action.Submit` carrying the same verb and data: the dialog's submit then goes through the same
 * verbs as a card button or a typed command.
 */
import type { Attachment } from '@microsoft/agents-activity';
import type { Card } from './cards/render';

/**
 * The parts of Teams' message extension invokes (`composeExtension/*`) the bot reads and answers,
 * as Teams documents them; Teams does not check what a client sends, so each field is read with
 * care where it is used.
 */
export interface MessagingExtensionQuery {
  commandId?: string;
  parameters?: { name?: string; value?: unknown }[];
}

export interface MessagingExtensionAction {
  commandId?: string;
  data?: unknown;
  messagePayload?: unknown;
}

export interface MessagingExtensionResponse {
  composeExtension: {
    type: 'result' | 'message';
    text?: string;
    attachmentLayout?: 'list' | 'grid';
    attachments?: (Attachment & { preview?: Attachment })[];
  };
}

export interface MessagingExtensionActionResponse {
  task: { type: 'continue'; value: { title: string; card: Attachment } };
}

/** Each command the bot handles, with its kind as the manifest declares it. */
export const MESSAGE_EXTENSION_COMMANDS = { findCase: 'query', sendIroAlert: 'action' } as const;
export type MessageExtensionCommand = keyof typeof MESSAGE_EXTENSION_COMMANDS;

export function isMessageExtensionCommand(id: unknown): id is MessageExtensionCommand {
  return typeof id === 'string' && Object.hasOwn(MESSAGE_EXTENSION_COMMANDS, id);
}

/** The card with its Universal Actions turned into submits, for a dialog. */
export function forDialog(card: Card): Card {
  return convert(card) as Card;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const o = node as Record<string, unknown>;
  if (o.type === 'Action.Execute') {
    const { verb, data, ...rest } = o;
    return {
      ...rest,
      type: 'Action.Submit',
      data: { ...(typeof data === 'object' && data !== null ? data : {}), verb },
    };
  }
  // `refresh` (Universal Actions' automatic refresh) has no meaning in a dialog.
  return Object.fromEntries(
    Object.entries(o)
      .filter(([k]) => k !== 'refresh')
      .map(([k, v]) => [k, convert(v)]),
  );
}

/**
 * The text a message extension was invoked on (Teams gives the message's HTML, Outlook the
 * email's subject and body), as plain text, to find the case reference in. Nothing of it is kept.
 */
export function messageText(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const p = payload as { subject?: unknown; body?: { content?: unknown } };
  const subject = typeof p.subject === 'string' ? p.subject : '';
  const body = typeof p.body?.content === 'string' ? p.body.content : '';
  return `${subject}\n${body.replace(/<[^>]*>/g, ' ')}`;
}

/** A case reference as people type it in a search box: `C-1042`, `c1042` or `1042`. */
export function caseQuery(text: string): string {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  const digits = /^C-?(\d{1,9})$/.exec(t)?.[1] ?? /^(\d{1,9})$/.exec(t)?.[1];
  return digits ? `C-${digits}` : t;
}
