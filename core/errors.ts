/**
 * Every refusal the product gives, in one catalogue. Each has a stable code (what clients, cards,
 * logs and tests rely on; the last segment of a problem's `type`), a kind, and what it means in
 * words. The kind is all an edge needs: the HTTP layer turns it into a status (server/http/
 * problem.ts) and the bot into how a card says it (bot/refusals.ts), each in one place. A use
 * case refuses with `refuse(code, detail)`: the detail says, for people, what was wrong this
 * time; it never quotes what a client sent.
 *
 * `server/http/openapi.json` lists the codes (`Problem.code`); a test keeps the two the same.
 */

export const ERROR_KINDS = [
  /** The request or what it asks is not valid: nothing was done. */
  'invalid',
  /** Nobody is signed in, or the credentials are not good. */
  'unauthenticated',
  /** The caller may not do or see this. */
  'forbidden',
  'not-found',
  /** The state moved on or does not allow it (a stale version, a key used for another request). */
  'conflict',
  'too-large',
  'unsupported-media-type',
  'method-not-allowed',
  /** Not now: try again later (see Retry-After). */
  'unavailable',
  /** Ours, not the caller's. */
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorSpec {
  kind: ErrorKind;
  /** What it means, for people reading the API's documentation or a log. */
  message: string;
}

export const ERRORS = {
  // The request itself.
  'invalid-request': {
    kind: 'invalid',
    message: 'A field of the request is missing or not valid.',
  },
  'invalid-event': {
    kind: 'invalid',
    message: 'The event is not valid for the case as it stands.',
  },
  'person-not-in-directory': {
    kind: 'invalid',
    message: 'The person named is not in the directory.',
  },
  'person-not-eligible': {
    kind: 'invalid',
    message: 'The person named cannot hold that role on the case (another role, team, or left).',
  },
  'validation-failed': {
    kind: 'invalid',
    message: 'What was given does not fit the service duty.',
  },
  'malformed-json': { kind: 'invalid', message: 'The request body is not valid JSON.' },
  'incomplete-body': { kind: 'invalid', message: 'The request body did not arrive complete.' },
  'bad-request': { kind: 'invalid', message: 'The request could not be read.' },
  'email-unavailable': {
    kind: 'invalid',
    message: 'Email as the signed-in person was asked for, and cannot be sent from here.',
  },
  'invalid-activity': { kind: 'invalid', message: 'The Bot Framework activity is not valid.' },
  'invalid-notification': {
    kind: 'invalid',
    message: 'The Graph change notification is not valid.',
  },
  'invalid-validation-token': {
    kind: 'invalid',
    message: 'The Graph subscription validation token is not valid.',
  },
  'body-too-large': { kind: 'too-large', message: 'The request body is too large.' },
  'unsupported-media-type': { kind: 'unsupported-media-type', message: 'Send application/json.' },
  'unsupported-charset': { kind: 'unsupported-media-type', message: 'Send the body as UTF-8.' },
  'unsupported-content-encoding': {
    kind: 'unsupported-media-type',
    message: 'Send the body uncompressed.',
  },
  'method-not-allowed': { kind: 'method-not-allowed', message: 'Only POST is accepted here.' },

  // Who is asking.
  'token-missing': { kind: 'unauthenticated', message: 'No bearer token was presented.' },
  'token-malformed': {
    kind: 'unauthenticated',
    message: 'The bearer token is not a well-formed JWT.',
  },
  'token-expired': { kind: 'unauthenticated', message: 'The bearer token has expired.' },
  'token-signature': {
    kind: 'unauthenticated',
    message: 'The bearer token signature or algorithm could not be verified.',
  },
  'token-issuer': {
    kind: 'unauthenticated',
    message: 'The bearer token was not issued by a trusted issuer.',
  },
  'token-audience': {
    kind: 'unauthenticated',
    message: 'The bearer token was not issued for this application.',
  },
  'token-tenant': {
    kind: 'unauthenticated',
    message: 'The bearer token belongs to a different tenant.',
  },
  'token-scope': {
    kind: 'forbidden',
    message: 'The bearer token does not grant the required scope.',
  },
  'token-claims': {
    kind: 'unauthenticated',
    message: 'The bearer token lacks a required claim or has an invalid claim.',
  },
  'jwks-unavailable': {
    kind: 'unavailable',
    message: 'The signing keys of the identity provider could not be retrieved.',
  },
  'dev-sign-in-disabled': { kind: 'unauthenticated', message: 'Dev sign-in is not enabled.' },
  'bot-unauthorized': {
    kind: 'unauthenticated',
    message: 'The request to the bot endpoint did not come from the Bot Framework.',
  },
  'person-unknown': {
    kind: 'forbidden',
    message: 'Signed in, but not registered as a user of IRO Liaison.',
  },

  // What they may do.
  'case-forbidden': { kind: 'forbidden', message: 'The case is not one the caller may see.' },
  'event-forbidden': { kind: 'forbidden', message: 'The caller may not record this event.' },
  'obligation-forbidden': {
    kind: 'forbidden',
    message: 'The caller may not act on this obligation.',
  },
  'retract-forbidden': { kind: 'forbidden', message: 'The caller may not retract this event.' },
  'role-forbidden': { kind: 'forbidden', message: 'The caller may not name someone to this role.' },
  'team-forbidden': { kind: 'forbidden', message: 'The caller may not open cases for this team.' },
  'people-forbidden': { kind: 'forbidden', message: 'The caller may not see these people.' },
  'report-forbidden': { kind: 'forbidden', message: 'The caller may not see this report.' },
  'service-forbidden': {
    kind: 'forbidden',
    message: 'The caller may not record this service duty.',
  },
  'admin-forbidden': { kind: 'forbidden', message: 'Only the Head of Service manages people.' },

  // What is there.
  'not-found': { kind: 'not-found', message: 'There is nothing at this address.' },
  'case-not-found': { kind: 'not-found', message: 'There is no such case.' },
  'event-not-found': { kind: 'not-found', message: 'The case has no such event.' },
  'obligation-not-found': { kind: 'not-found', message: 'The case has no such obligation.' },
  'person-not-found': { kind: 'not-found', message: 'There is no such person in the directory.' },
  'suggestion-not-found': { kind: 'not-found', message: 'There is no such suggestion.' },
  'acknowledgement-link-invalid': {
    kind: 'not-found',
    message: 'The acknowledgement link is not valid: changed, cut short, or not one of ours.',
  },

  // What has moved on.
  'version-conflict': { kind: 'conflict', message: 'The case changed; reload and try again.' },
  'idempotency-key-reused': {
    kind: 'conflict',
    message: 'This idempotency key was used for a different request.',
  },
  'request-in-progress': {
    kind: 'conflict',
    message: 'A request with this idempotency key is still being worked on.',
  },
  'case-exists': { kind: 'conflict', message: 'A case with this reference exists already.' },
  'obligation-closed': { kind: 'conflict', message: 'The obligation is no longer open.' },
  'suggestion-resolved': { kind: 'conflict', message: 'The suggestion was already resolved.' },
  'entra-object-id-taken': {
    kind: 'conflict',
    message: 'Another person already has this Entra object id.',
  },
  'last-head-of-service': {
    kind: 'conflict',
    message: 'The only Head of Service cannot lose the role or leave.',
  },
  'person-left': { kind: 'conflict', message: 'The person has left the council.' },
  'register-not-produced': {
    kind: 'conflict',
    message: 'The month’s case register has not been produced yet.',
  },
  'acknowledgement-link-used': {
    kind: 'conflict',
    message: 'The acknowledgement link was used already: it works once.',
  },
  'acknowledgement-link-expired': {
    kind: 'conflict',
    message: 'The acknowledgement link has expired.',
  },
  'acknowledgement-link-moved': {
    kind: 'conflict',
    message: 'The deadline the acknowledgement link was for has moved since it was sent.',
  },
  'acknowledgement-link-withdrawn': {
    kind: 'conflict',
    message:
      'The acknowledgement link no longer applies: its person left, or no longer acknowledges this on the case.',
  },

  // Not now, or ours.
  'not-ready': { kind: 'unavailable', message: 'The service cannot take requests yet.' },
  'too-many-attempts': {
    kind: 'unavailable',
    message: 'Too many requests from this address for acknowledgement links; try again shortly.',
  },
  'answer-not-kept': {
    kind: 'unavailable',
    message: 'The answer to an idempotent request could not be kept; send it again.',
  },
  'internal-error': { kind: 'internal', message: 'Something went wrong on our side.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** A refusal from the catalogue: the code, its kind, and what was wrong this time. */
export class LiaisonError extends Error {
  override readonly name = 'LiaisonError';
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    /** For people: what was wrong this time. */
    readonly detail: string = ERRORS[code].message,
    /** Facts a client can act on (e.g. `currentVersion`, `errors`). */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(detail);
    this.kind = ERRORS[code].kind;
  }
}

/** The refusal to throw. */
export function refuse(
  code: ErrorCode,
  detail?: string,
  extra?: Readonly<Record<string, unknown>>,
): LiaisonError {
  return new LiaisonError(code, detail, extra);
}

export function isLiaisonError(e: unknown): e is LiaisonError {
  return e instanceof LiaisonError;
}
