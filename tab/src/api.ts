/**
 * The tab's one way to the server: JSON over fetch with the caller's bearer token. Errors come
 * back as `ApiError` with the problem's stable code and its message for people.
 */
import type { Obligation } from '../../core/engine/obligation';
import type { Holder } from '../../core/parties/parties';
import type { IroAlertDates, Party } from '../../core/ports/case-operations';
import type { Delivery } from '../../core/ports/outbox';
import type { Suggestion } from '../../core/ports/signal-store';

export type { IroAlertDates };
import type { Role } from '../../core/vocabulary';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Which fields were refused, and why (a `validation-failed` problem). */
    readonly errors?: { path: string; message: string }[],
  ) {
    super(detail);
  }
}

export interface Me {
  id: string;
  displayName: string;
  roles: Role[];
  teams: string[];
  serverTime: string;
  /** The server can email for this person from their own mailbox (Microsoft 365 sign-in). */
  emailAsMe: boolean;
}

export interface CaseJson {
  id: string;
  childRef: string;
  childInitials: string;
  team: string;
  members: { personId: string; role: Role }[];
  version: number;
  counts?: { open: number; dueSoon: number; overdue: number };
  /** In the case list: the parties by name (no contact details), so no case is fetched for names. */
  parties?: Omit<Party, 'email'>[];
}

export interface MyObligation {
  case: CaseJson;
  obligation: Obligation;
  /** On me to do, or addressed to me to acknowledge. */
  as: 'responsible' | 'recipient';
}

export interface CaseViewJson {
  case: CaseJson;
  myRoles: Role[];
  myEvents: string[];
  /** Events (their seq) I may retract as recorded by mistake. */
  myRetractable: number[];
  parties: { personId: string; role: Role; displayName: string; email?: string }[];
  calendar: { id: string; description: string };
  evaluatedAt: string;
  events: {
    seq: number;
    type: string;
    at: string;
    by?: string;
    recordedAt: string;
    recordedBy: string;
    via: string;
    /** On a retraction: the event it retracts, and why. */
    retracts?: number;
    reason?: string;
  }[];
  /** Each with who it is on and who it is for, by name. */
  obligations: (Obligation & { assignees?: Holder[]; addressees?: Holder[] })[];
  deliveries: Delivery[];
}

/**
 * A message from a lawyer's or an IRO's mailbox that may be a protocol step, for a person to
 * confirm or dismiss (`GET /api/cases/{id}/suggestions`): metadata only, never a subject or body.
 */
export type SuggestionJson = Suggestion;

/** How an obligation is completed, as the server says (absent: no way from here). */
export interface Completion {
  title: string;
  form: 'none' | 'allocation' | 'checklist' | 'frequency' | 'review' | 'lpm';
  event: string;
}

export function completionOf(o: Obligation): Completion | undefined {
  return (o as Obligation & { completion?: Completion }).completion;
}

/** A person as a picker lists them (`GET /api/people?role=iro`): name and e-mail only. */
export interface PersonSummary {
  id: string;
  displayName: string;
  email?: string;
}

export type Api = <T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;

/** Fetches a file with the caller's token and hands it to the browser as a download. */
export function createDownload(token: () => Promise<string>) {
  return async (path: string): Promise<void> => {
    const res = await fetch(path, {
      headers: { Authorization: `Bearer ${await token()}`, 'X-Client-Surface': 'tab' },
    });
    if (!res.ok) throw new ApiError(res.status, 'download-failed', res.statusText);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name ?? 'download';
    a.click();
    URL.revokeObjectURL(url);
  };
}

/**
 * A new idempotency key, as the server takes one (8–100 letters, digits and `._:-`): `tab-` and
 * a random UUID.
 */
export function newIdempotencyKey(): string {
  return `tab-${crypto.randomUUID()}`;
}

/** Methods that change nothing, and so carry no idempotency key. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `headers` with an Idempotency-Key for a request that changes something: the caller's own, if it
 * gave one (a form keeps one per filled-in form, so pressing again records once), or a new one.
 */
export function withIdempotencyKey(
  method: string,
  headers: Record<string, string>,
): Record<string, string> {
  if (SAFE_METHODS.has(method.toUpperCase())) return headers;
  if (Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key')) return headers;
  return { ...headers, 'Idempotency-Key': newIdempotencyKey() };
}

/**
 * `onUnauthorized`: the session has ended (a 401); the caller signs the person in again.
 *
 * Every request that changes something (any method but GET and HEAD) carries an Idempotency-Key:
 * the server answers a repeat of it (a retry after a dropped connection) with its first answer
 * rather than doing it twice.
 */
export function createApi(token: () => Promise<string>, onUnauthorized?: () => void): Api {
  return async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const res = await fetch(path, {
      method,
      headers: {
        ...withIdempotencyKey(method, headers),
        Authorization: `Bearer ${await token()}`,
        'X-Client-Surface': 'tab',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      if (res.status === 401) onUnauthorized?.();
      const p = (parsed ?? {}) as {
        code?: string;
        detail?: string;
        title?: string;
        errors?: { path: string; message: string }[];
      };
      throw new ApiError(
        res.status,
        p.code ?? 'error',
        p.detail ?? p.title ?? res.statusText,
        Array.isArray(p.errors) ? p.errors : undefined,
      );
    }
    return parsed as T;
  };
}
