/**
 * Mailboxes in the double, as far as sending goes: `POST /users/{id | address}/sendMail`
 * (learn.microsoft.com/graph/api/user-sendmail): 202 with no body once the message is accepted,
 * after which it is in the sender's Sent Items (unless `saveToSentItems` is false) and in the
 * Inbox of each recipient the double has;
 * an unknown mailbox is 404 `ErrorInvalidUser`; a message without a recipient is 400
 * `ErrorInvalidRecipients`. Outlook allows an app 4 concurrent requests per mailbox; a fifth is
 * 429 `ApplicationThrottled` ("MailboxConcurrency"), counted by the server (server.ts), which sees
 * requests in flight (learn.microsoft.com/graph/throttling-limits#outlook-service-limits).
 *
 * And messages by folder, read through delta queries
 * (`GET /users/{id}/mailFolders/{inbox|sentitems}/messages/delta`,
 * learn.microsoft.com/graph/delta-query-messages): a round is pages linked by `@odata.nextLink`
 * (`$skiptoken`) ending with `@odata.deltaLink` (`$deltatoken`); the next round from that link
 * returns only the messages added or changed since (deleted ones as `@removed`), so a folder with
 * no change costs one request. Pages follow `Prefer: odata.maxpagesize` (default 10); `$select`
 * limits the properties returned. Tokens here are opaque base64 of the double's change counter.
 */
import { randomUUID } from 'node:crypto';
import {
  graphError,
  invalidUser,
  itemNotFound,
  methodNotAllowed,
  type ChangeListener,
  type GraphRequest,
  type GraphResponse,
} from './http';

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

/** A message as Graph returns it (the properties the product reads). */
export interface GraphMessage {
  id: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from: { emailAddress: { address: string } };
  toRecipients: { emailAddress: { address: string } }[];
  ccRecipients: { emailAddress: { address: string } }[];
  sentDateTime: string;
  receivedDateTime: string;
  hasAttachments: boolean;
  body: { contentType: string; content: string };
}

type Folder = 'inbox' | 'sentitems';
interface Stored {
  message: GraphMessage;
  /** The change counter when it was last added or changed; deleted ones keep their place. */
  changed: number;
  deleted: boolean;
}

const DEFAULT_PAGE = 10;
const MAX_PAGE = 1000;

export class MailState {
  readonly sent: SentMail[] = [];
  private delivered = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private readonly mailboxes = new Set<string>();
  private readonly folders = new Map<string, Stored[]>();
  private readonly automaticReplies = new Map<string, object>();
  private changes = 0;
  private readonly listeners: ChangeListener[] = [];

  /** Told of every message added or deleted (the double's subscriptions notify from there). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Whether the double has this mailbox. */
  knows(mailbox: string): boolean {
    return this.mailboxes.has(mailbox.toLowerCase());
  }

  /**
   * A mailbox's automatic-replies setting as Graph returns it
   * (learn.microsoft.com/graph/api/resources/automaticrepliessetting); disabled by default.
   */
  setAutomaticReplies(
    mailbox: string,
    setting:
      | { status: 'disabled' | 'alwaysEnabled' }
      | { status: 'scheduled'; start: string; end: string },
  ): void {
    const utc = (iso: string) => ({
      dateTime: new Date(iso).toISOString().slice(0, 23),
      timeZone: 'UTC',
    });
    this.automaticReplies.set(
      mailbox.toLowerCase(),
      setting.status === 'scheduled'
        ? {
            status: 'scheduled',
            scheduledStartDateTime: utc(setting.start),
            scheduledEndDateTime: utc(setting.end),
          }
        : { status: setting.status },
    );
  }

  /** Puts messages in a mailbox's folder, as if they had just arrived (or been sent). */
  addMessages(mailbox: string, folder: Folder, messages: GraphMessage[]): void {
    const key = `${mailbox.toLowerCase()}/${folder}`;
    const list = this.folders.get(key) ?? [];
    for (const message of messages) list.push({ message, changed: ++this.changes, deleted: false });
    this.folders.set(key, list);
    for (const message of messages)
      this.tell({ mailbox, folder, changeType: 'created', id: message.id });
  }

  /** Deletes a message from a folder (the next delta round reports it `@removed`). */
  deleteMessage(mailbox: string, folder: Folder, id: string): void {
    const stored = this.folders
      .get(`${mailbox.toLowerCase()}/${folder}`)
      ?.find((s) => s.message.id === id);
    if (!stored) return;
    Object.assign(stored, { deleted: true, changed: ++this.changes });
    this.tell({ mailbox, folder, changeType: 'deleted', id });
  }

  /** A mailbox the double knows, by address (and any other id it may be called by). */
  addMailbox(...names: string[]): void {
    for (const n of names) this.mailboxes.add(n.toLowerCase());
  }

  private tell(change: {
    mailbox: string;
    folder: Folder;
    changeType: 'created' | 'deleted';
    id: string;
  }) {
    for (const l of this.listeners)
      l({ ...change, mailbox: change.mailbox.toLowerCase(), resource: 'messages' });
  }

  reset(): void {
    this.sent.length = 0;
    this.folders.clear();
    this.automaticReplies.clear();
  }

  handle(req: GraphRequest): GraphResponse | undefined {
    return this.sendMail(req) ?? this.delta(req) ?? this.mailboxSettings(req);
  }

  private mailboxSettings(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/users\/([^/]+)\/mailboxSettings\/automaticRepliesSetting$/i.exec(req.path);
    if (!m) return undefined;
    const mailbox = m[1]!.toLowerCase();
    if (!this.mailboxes.has(mailbox)) return invalidUser(m[1]!, req.requestId);
    const setting = this.automaticReplies.get(mailbox) ?? { status: 'disabled' };
    return {
      status: 200,
      body: {
        externalAudience: 'none',
        internalReplyMessage: '',
        externalReplyMessage: '',
        scheduledStartDateTime: { dateTime: '2026-01-01T00:00:00.0000000', timeZone: 'UTC' },
        scheduledEndDateTime: { dateTime: '2026-01-02T00:00:00.0000000', timeZone: 'UTC' },
        ...setting,
      },
    };
  }

  private delta(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/users\/([^/]+)\/mailFolders\/([^/]+)\/messages\/delta$/i.exec(req.path);
    if (!m) return undefined;
    const mailbox = m[1]!.toLowerCase();
    const folder = m[2]!.toLowerCase();
    if (!this.mailboxes.has(mailbox)) return invalidUser(m[1]!, req.requestId);
    if (folder !== 'inbox' && folder !== 'sentitems') return itemNotFound(req.requestId);
    const stored = this.folders.get(`${mailbox}/${folder}`) ?? [];
    const prefer = /odata\.maxpagesize=(\d+)/.exec(req.headers.prefer ?? '');
    const size = Math.min(MAX_PAGE, Math.max(1, prefer ? Number(prefer[1]) : DEFAULT_PAGE));
    // A round remembers where it started (`since`), where it stands (`after`) and where it will
    // end (`upTo`), so messages arriving during a round wait for the next one.
    let state: { since: number; after: number; upTo: number; select?: string };
    const skip = req.query.get('$skiptoken');
    const delta = req.query.get('$deltatoken');
    try {
      if (skip) state = JSON.parse(Buffer.from(skip, 'base64url').toString()) as typeof state;
      else if (delta) {
        const d = JSON.parse(Buffer.from(delta, 'base64url').toString()) as {
          upTo: number;
          select?: string;
        };
        state = { since: d.upTo, after: d.upTo, upTo: this.changes, select: d.select };
      } else
        state = {
          since: 0,
          after: 0,
          upTo: this.changes,
          select: req.query.get('$select') ?? undefined,
        };
    } catch {
      return graphError(400, 'ErrorInvalidUrlQuery', 'The sync state is invalid.', {
        requestId: req.requestId,
        reason: 'invalid',
      });
    }
    const due = stored
      .filter((s) => s.changed > state.after && s.changed <= state.upTo)
      // A first round leaves out what was deleted before it; a later one reports it.
      .filter((s) => !(s.deleted && state.since === 0))
      .sort((a, b) => a.changed - b.changed);
    const page = due.slice(0, size);
    const last = page.length === due.length;
    const fields = state.select?.split(',').map((f) => f.trim());
    const value = page.map((s) =>
      s.deleted
        ? { id: s.message.id, '@removed': { reason: 'deleted' } }
        : fields
          ? Object.fromEntries([
              ['id', s.message.id],
              ...fields.map((f) => [f, s.message[f as keyof GraphMessage]]),
            ])
          : s.message,
    );
    const base = `${req.serviceRoot}/users/${m[1]}/mailFolders/${m[2]}/messages/delta`;
    const token = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const link = last
      ? {
          '@odata.deltaLink': `${base}?$deltatoken=${token({ upTo: state.upTo, select: state.select })}`,
        }
      : {
          '@odata.nextLink': `${base}?$skiptoken=${token({ ...state, after: page[page.length - 1]!.changed })}`,
        };
    return { status: 200, body: { value, ...link } };
  }

  /**
   * A sent message as the mailboxes then hold it: in the sender's Sent Items (unless asked not
   * to keep it) and in the Inbox of each recipient the double has, with one Internet Message-ID.
   */
  private deliver(sent: SentMail): void {
    const n = ++this.delivered;
    const at = new Date(this.now()).toISOString();
    const message: GraphMessage = {
      id: `AAMk-sent-${n}`,
      internetMessageId: `<sent-${n}.${randomUUID()}@graph-double>`,
      conversationId: `conv-sent-${n}`,
      subject: sent.subject,
      from: { emailAddress: { address: sent.mailbox } },
      toRecipients: sent.to.map((address) => ({ emailAddress: { address } })),
      ccRecipients: [],
      sentDateTime: at,
      receivedDateTime: at,
      hasAttachments: false,
      body: { contentType: sent.contentType, content: sent.content },
    };
    if (sent.saveToSentItems) this.addMessages(sent.mailbox, 'sentitems', [message]);
    for (const to of sent.to)
      if (this.knows(to))
        this.addMessages(to, 'inbox', [{ ...message, id: `${message.id}-${to.toLowerCase()}` }]);
  }

  private sendMail(req: GraphRequest): GraphResponse | undefined {
    const m = /^\/users\/([^/]+)\/sendMail$/i.exec(req.path);
    if (!m) return undefined;
    const mailbox = m[1]!.toLowerCase();
    if (req.method !== 'POST') return methodNotAllowed(req);
    if (!this.mailboxes.has(mailbox)) return invalidUser(m[1]!, req.requestId);
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
    const sent: SentMail = {
      mailbox,
      subject: typeof message.subject === 'string' ? message.subject : '',
      contentType:
        typeof message.body?.contentType === 'string' ? message.body.contentType : 'Text',
      content: typeof message.body?.content === 'string' ? message.body.content : '',
      to,
      headers: message.internetMessageHeaders ?? [],
      saveToSentItems: body.saveToSentItems !== false,
    };
    this.sent.push(sent);
    this.deliver(sent);
    return { status: 202 };
  }
}
