/**
 * Express 5 authentication: turns `Authorization: Bearer <token>` into the Person making the
 * request, or answers with a problem+json error. Also the dev sign-in routes for local mode.
 *
 * Tokens and the Authorization header are never logged or echoed: they grant access to
 * children's case data for as long as they live.
 */
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { coveredBy, type Directory, type Person } from '../../core/ports/directory';
import { DEV_ISSUER, type DevSignIn } from './dev-sign-in';
import type { EntraPrincipal, EntraVerifier } from './entra-token';
import { AuthError, type AuthErrorCode } from './errors';
import { isLoopbackAddress, isLoopbackRequest } from './loopback';
import { sendProblem } from './problem';
import { ERRORS } from '../../core/errors';
import { statusOf } from '../http/problem';
import { VerifiedTokens } from './verified-tokens';

export type AuthMethod = 'entra' | 'dev';

/** What `authenticate` leaves in `res.locals` for the handlers after it. */
export interface AuthLocals {
  person: Person;
  authMethod: AuthMethod;
  /**
   * The person's verified Entra token for this API, kept for the on-behalf-of flow (what the
   * server does in Microsoft 365 for them). Never logged; gone with the request.
   */
  entraToken?: string;
}

export interface AuthenticateDeps {
  /** Absent in local mode without a tenant. */
  entra?: EntraVerifier;
  /** Only honoured when `dev.enabled`; production passes nothing. */
  dev?: DevSignIn;
  directory: Directory;
  logger?: Logger;
  /** The clock tokens expire by (the verifiers' own); default the system clock. */
  now?: () => number;
  /** The app's clock, for whom a signed-in deputy stands in for now; default the system clock. */
  clock?: () => number;
}

/** The person's Entra token for this API, when they signed in with Entra (not dev sign-in). */
export function currentEntraToken(res: Response): string | undefined {
  return (res.locals as Partial<AuthLocals>).entraToken;
}

/** The person `authenticate` put on this response; throws if the route was not authenticated. */
export function currentPerson(res: Response): Person {
  const person = (res.locals as Partial<AuthLocals>).person;
  if (person === undefined) throw new Error('currentPerson() used on a route without authenticate');
  return person;
}

export function authenticate(deps: AuthenticateDeps): RequestHandler {
  const verified = {
    dev: new VerifiedTokens<{ personId: string }>(deps.now ?? Date.now),
    entra: new VerifiedTokens<EntraPrincipal>(deps.now ?? Date.now),
  };
  return async function authenticateRequest(req, res, next): Promise<void> {
    try {
      const { person, method, token } = await identify(deps, verified, req);
      // Someone who has left signs in no more, whatever token they still hold.
      if (person.leftAt !== undefined) throw new PersonUnknown(method);
      // A deputy acts, while the absence lasts, in the roles of whom they stand in for.
      const covers = coveredBy(
        await deps.directory.deputisedBy(person.id),
        person.id,
        (deps.clock ?? Date.now)(),
      );
      if (covers.length) person.coversFor = covers;
      const locals: AuthLocals = {
        person,
        authMethod: method,
        ...(method === 'entra' ? { entraToken: token } : {}),
      };
      Object.assign(res.locals, locals);
      next();
    } catch (err) {
      if (err instanceof AuthError) return failAuth(deps.logger, req, res, err.code);
      if (err instanceof PersonUnknown) return failPersonUnknown(deps.logger, req, res, err.method);
      // Anything else (e.g. the directory's store is down) is a server fault for the app's error
      // handler, not a reason to tell the client its token is bad.
      throw err;
    }
  };
}

class PersonUnknown extends Error {
  constructor(readonly method: AuthMethod) {
    super('person-unknown');
  }
}

async function identify(
  deps: AuthenticateDeps,
  verified: {
    dev: VerifiedTokens<{ personId: string }>;
    entra: VerifiedTokens<EntraPrincipal>;
  },
  req: Request,
): Promise<{ person: Person; method: AuthMethod; token: string }> {
  const token = bearerToken(req);
  // Decoding without verifying, only to choose which verifier to run; that verifier then checks
  // everything, so a forged `iss` gains nothing.
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw new AuthError('token-malformed');
  }

  const { dev, entra, directory } = deps;
  if (
    iss === DEV_ISSUER &&
    dev?.enabled &&
    isLoopbackAddress(req.socket.remoteAddress) &&
    isLoopbackRequest(req.headers.host, req.headers.origin)
  ) {
    const { personId } = await verified.dev.verify(token, (t) => dev.verify(t));
    const person = await directory.person(personId);
    if (person === undefined) throw new PersonUnknown('dev');
    return { person, method: 'dev', token };
  }
  // With dev sign-in off, a dev token goes here too and is refused like any foreign token.
  if (entra === undefined) throw new AuthError('token-issuer');
  const principal = await verified.entra.verify(token, entra);
  const person = await directory.personByEntraObjectId(principal.objectId);
  if (person === undefined) throw new PersonUnknown('entra');
  return { person, method: 'entra', token };
}

/** RFC 6750 `b64token` after a case-insensitive `Bearer` scheme. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  if (header === undefined || !/^Bearer(?: |$)/i.test(header)) {
    throw new AuthError('token-missing');
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new AuthError('token-malformed');
  return match[1];
}

function failAuth(logger: Logger | undefined, req: Request, res: Response, code: AuthErrorCode) {
  const { title, challenge } = responseFor(code);
  const status = statusOf(ERRORS[code].kind);
  // Only the code and the route: never the header, the token, or the error's cause (jose errors
  // carry the decoded claims, which include names and e-mail addresses).
  const entry = { auth: { code, status }, method: req.method, path: req.path };
  if (status >= 500) logger?.warn(entry, 'authentication unavailable');
  else logger?.info(entry, 'authentication failed');
  const headers: Record<string, string> = {};
  if (challenge !== undefined) headers['WWW-Authenticate'] = challenge;
  if (status === 503) headers['Retry-After'] = '30';
  sendProblem(res, code, title, new AuthError(code).message, headers);
}

function failPersonUnknown(
  logger: Logger | undefined,
  req: Request,
  res: Response,
  method: AuthMethod,
) {
  logger?.warn(
    { auth: { code: 'person-unknown', status: 403, method }, method: req.method, path: req.path },
    'authenticated but not in the directory',
  );
  sendProblem(
    res,
    'person-unknown',
    'Not a user of this product',
    'You are signed in, but you are not registered as a user of IRO Liaison.',
  );
}

/** The title and challenge RFC 6750 asks for (the status is the code's kind's). */
function responseFor(code: AuthErrorCode): { title: string; challenge?: string } {
  switch (code) {
    case 'token-missing':
      // RFC 6750 §3.1: no error code when the request carried no credentials at all.
      return { title: 'Authentication required', challenge: 'Bearer' };
    case 'token-scope':
      return {
        title: 'Insufficient scope',
        challenge: 'Bearer error="insufficient_scope"',
      };
    case 'jwks-unavailable':
      // Not the client's fault: unavailable (503), so it retries rather than drop its token.
      return { title: 'Identity provider unavailable' };
    default:
      return { title: 'Invalid token', challenge: 'Bearer error="invalid_token"' };
  }
}

/** What the dev person picker may show; no e-mail or Entra ids. */
interface DemoPerson {
  id: string;
  displayName: string;
  roles: Person['roles'];
}

function demoPerson(p: Person): DemoPerson {
  return { id: p.id, displayName: p.displayName, roles: p.roles };
}

const SignInBody = z.strictObject({ personId: z.string().trim().min(1).max(200) });

/**
 * `GET /api/dev/people` and `POST /api/dev/sign-in` for local mode. The app must not mount this
 * unless dev sign-in is enabled; the handlers also answer 404 when it is off or the caller is not
 * on loopback, so a wiring mistake does not open a password-free door.
 */
export function devSignInRouter(dev: DevSignIn, directory: Directory): Router {
  const router = express.Router();

  router.use('/api/dev', (req, res, next) => {
    if (
      dev.enabled &&
      isLoopbackAddress(req.socket.remoteAddress) &&
      isLoopbackRequest(req.headers.host, req.headers.origin)
    )
      return next();
    sendProblem(res, 'not-found', 'Not found', 'There is nothing at this address.');
  });

  router.get('/api/dev/people', async (_req, res) => {
    const people = await directory.people();
    res.set('Cache-Control', 'no-store').json(people.map(demoPerson));
  });

  router.post(
    '/api/dev/sign-in',
    express.json({ limit: '1kb', strict: true }),
    async (req: Request, res: Response) => {
      // Requiring JSON makes a cross-site form post impossible (it would need a CORS preflight).
      if (!req.is('application/json')) {
        return invalidRequest(res, 'Content-Type must be application/json.');
      }
      const parsed = SignInBody.safeParse(req.body);
      if (!parsed.success) return invalidRequest(res, describeIssue(parsed.error.issues[0]));
      const person = await directory.person(parsed.data.personId);
      if (person === undefined) {
        return sendProblem(
          res,
          'person-not-found',
          'Unknown person',
          'There is no demo person with that id.',
        );
      }
      const token = await dev.issue(person.id);
      res.set('Cache-Control', 'no-store').json({ token, person: demoPerson(person) });
    },
  );

  // Bodies express.json() could not read (bad JSON, too large) become problems, not HTML pages.
  const bodyErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    const type = (err as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large') {
      return sendProblem(res, 'body-too-large', 'Request body too large', 'Body too large.');
    }
    if (typeof type === 'string' && type.startsWith('entity.')) {
      return sendProblem(res, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.');
    }
    next(err);
  };
  router.use('/api/dev', bodyErrors);

  return router;
}

function invalidRequest(res: Response, detail: string): void {
  sendProblem(res, 'invalid-request', 'Invalid request', detail);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'The body is invalid.';
  if (issue.code === 'unrecognized_keys') {
    return `Unknown field(s): ${issue.keys.join(', ')}. Only personId is accepted.`;
  }
  if (issue.path.length === 0) return 'The body must be a JSON object with a personId.';
  return `${issue.path.map(String).join('.')}: ${issue.message}`;
}
