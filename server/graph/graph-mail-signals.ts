/**
 * `MailSignals` over Microsoft Graph: delta queries on a mailbox folder
 * (`/users/{id}/mailFolders/{inbox|sentitems}/messages/delta`), asking only for the metadata the
 * case matcher reads (`$select`; the `Mail.ReadBasic.All` permission is enough, and no body is
 * ever fetched). A first round pages through the folder; each later round starts from the last
 * delta link and costs one request when nothing changed.
 *
 * Learn: https://learn.microsoft.com/graph/delta-query-messages.
 */
import { z } from 'zod';
import type { MailChanges, MailFolder, MailSignals } from '../../core/ports/mail-signals';
import type { MailMessage } from '../../core/signals/case-mail';
import { deltaItems, deltaRound } from './collections';
import type { Graph } from './graph-client';

const SELECT = [
  'internetMessageId',
  'conversationId',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'sentDateTime',
  'hasAttachments',
].join(',');
/** Larger pages than Graph's default: fewer requests on a first round. */
const PAGE_SIZE = 200;

const address = z.object({ emailAddress: z.object({ address: z.string() }) });
const message = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().min(1),
  conversationId: z.string().optional(),
  subject: z.string().nullable().optional(),
  from: address.nullable().optional(),
  toRecipients: z.array(address).optional(),
  ccRecipients: z.array(address).optional(),
  sentDateTime: z.string().nullable().optional(),
  hasAttachments: z.boolean().optional(),
});

export class GraphMailSignals implements MailSignals {
  constructor(private readonly graph: Graph) {}

  async changes(mailbox: string, folder: MailFolder, cursor?: string): Promise<MailChanges> {
    const from =
      cursor ??
      `/users/${encodeURIComponent(mailbox)}/mailFolders/${folder}/messages/delta?$select=${SELECT}`;
    const round = await deltaRound(this.graph, from, {
      Prefer: `odata.maxpagesize=${PAGE_SIZE}`,
    });
    const { changed, removed, unreadable } = deltaItems(round.items, message);
    const out: MailChanges = { messages: [], removed, cursor: round.deltaLink, unreadable };
    for (const m of changed) {
      // Drafts have no sender or sent time yet: nothing has been said by them.
      const { from, sentDateTime } = m;
      if (from && sentDateTime)
        out.messages.push(toMessage(m, from.emailAddress.address, sentDateTime));
    }
    return out;
  }
}

function toMessage(m: z.infer<typeof message>, from: string, sentAt: string): MailMessage {
  return {
    id: m.id,
    internetMessageId: m.internetMessageId,
    ...(m.conversationId ? { conversationId: m.conversationId } : {}),
    subject: m.subject ?? '',
    from,
    to: (m.toRecipients ?? []).map((r) => r.emailAddress.address),
    cc: (m.ccRecipients ?? []).map((r) => r.emailAddress.address),
    sentAt,
    hasAttachments: m.hasAttachments ?? false,
  };
}
