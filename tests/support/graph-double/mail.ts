/**
 * Mailboxes in the double, as far as sending goes: `POST /users/{id | address}/sendMail`
 * (learn.microsoft.com/graph/api/user-sendmail): 202 with no body once the message is accepted;
 * an unknown mailbox is 404 `ErrorInvalidUser`; a message without a recipient is 400
 * `ErrorInvalidRecipients`. Outlook allows an app 4 concurrent requests per mailbox; a fifth is
 * 429 `ApplicationThrottled` ("MailboxConcurrency"), counted by the server (server.ts), which sees
 * requests in flight (learn.microsoft.com/graph/throttling-limits#outlook-service-limits).
 */
import { graphError, type GraphRequest, type GraphResponse } from './http';

export interface SentMail {
  mailbox: string;
  subject: string;
  contentType: string;
  content: string;
  to: string[];
  headers: { name: string; value: string }[];
  saveToSentItems: boolean;
}

/** Outlook's concurrent-request limit per app per mailbox. */
export const MAILBOX_CONCURRENCY_LIMIT = 4;

/** The mailbox a request path addresses (`/users/{id}/…`), in lower case. */
export function mailboxOfPath(path: string): string | undefined {
  const m =
    /^\/users\/([^/]+)\/(?:sendMail|messages|mailFolders|events|calendar|calendarView|mailboxSettings)/i.exec(
      path,
    );
  return m ? m[1]!.toLowerCase() : undefined;
}

export class MailState {
  readonly sent: SentMail[] = [];
  private readonly mailboxes = new Set<string>();

  /** A mailbox the double knows, by address (and any other id it may be called by). */
  addMailbox(...names: string[]): void {
    for (const n of names) this.mailboxes.add(n.toLowerCase());
  }

  reset(): void {
    this.sent.length = 0;
  }

  handle(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/users\/([^/]+)\/sendMail$/i.exec(req.path);
    if (!m) return undefined;
    const mailbox = m[1]!.toLowerCase();
    if (req.method !== 'POST')
      return graphError(405, 'ErrorInvalidRequest', 'The OData request is not supported.', {
        requestId: req.requestId,
      });
    if (!this.mailboxes.has(mailbox))
      return graphError(404, 'ErrorInvalidUser', `The requested user '${m[1]}' is invalid.`, {
        requestId: req.requestId,
        reason: 'not-found',
      });
    const body = req.body as {
      message?: {
        subject?: unknown;
        body?: { contentType?: unknown; content?: unknown };
        toRecipients?: { emailAddress?: { address?: unknown } }[];
        internetMessageHeaders?: { name: string; value: string }[];
      };
      saveToSentItems?: unknown;
    };
    const message = body?.message;
    const to = (message?.toRecipients ?? [])
      .map((r) => r.emailAddress?.address)
      .filter((a): a is string => typeof a === 'string' && a.includes('@'));
    if (!message || !to.length)
      return graphError(
        400,
        'ErrorInvalidRecipients',
        'At least one recipient is not valid., A message can\u2019t be sent because it contains no recipients.',
        { requestId: req.requestId, reason: 'invalid' },
      );
    this.sent.push({
      mailbox,
      subject: typeof message.subject === 'string' ? message.subject : '',
      contentType:
        typeof message.body?.contentType === 'string' ? message.body.contentType : 'Text',
      content: typeof message.body?.content === 'string' ? message.body.content : '',
      to,
      headers: message.internetMessageHeaders ?? [],
      saveToSentItems: body.saveToSentItems !== false,
    });
    return { status: 202 };
  }
}
