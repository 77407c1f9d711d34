/**
 * Local-mode demo sign-in: pick a demo person, get a short-lived token for them. No Microsoft
 * tenant is needed. Tokens are HS256 with a random secret made per process, so they die with the
 * process and no secret is ever configured, stored or shared. Whether this is switched on is the
 * config module's decision (see `devSignInAllowed`); this module only obeys `enabled`.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { AuthError, toAuthError } from './errors';
import { isLoopbackHost } from './loopback';

/** `iss` and `aud` of dev tokens; the middleware uses `iss` to route a token to this verifier. */
export const DEV_ISSUER = 'iro-liaison-dev';

export interface DevSignIn {
  readonly enabled: boolean;
  issue(personId: string): Promise<string>;
  verify(token: string): Promise<{ personId: string }>;
}

export interface DevSignInOptions {
  enabled: boolean;
  /** Token lifetime; default 3600 (one working session of a demo). */
  ttlSeconds?: number;
  /** For tests: the current time. */
  now?: () => Date;
}

/**
 * The single rule for whether dev sign-in may be on: local mode AND bound to loopback. Production
 * is always false, whatever the host, and wildcard binds like `0.0.0.0` are not loopback.
 */
export function devSignInAllowed(mode: 'local' | 'production', host: string): boolean {
  return mode === 'local' && isLoopbackHost(host);
}

export function createDevSignIn(options: DevSignInOptions): DevSignIn {
  const { enabled } = options;
  const ttlSeconds = options.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new TypeError('Dev sign-in ttlSeconds must be a positive integer.');
  }
  const now = options.now ?? (() => new Date());
  // Only made when enabled, so a disabled instance holds nothing that could sign a token.
  const secret = enabled ? new Uint8Array(randomBytes(32)) : undefined;

  function requireSecret(): Uint8Array {
    if (secret === undefined) throw new AuthError('dev-sign-in-disabled');
    return secret;
  }

  return {
    enabled,

    async issue(personId: string): Promise<string> {
      const key = requireSecret();
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_ISSUER)
        .setSubject(personId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .sign(key);
    },

    async verify(token: string): Promise<{ personId: string }> {
      const key = requireSecret();
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: DEV_ISSUER,
          audience: DEV_ISSUER,
          requiredClaims: ['exp', 'iat', 'sub'],
          // Same process issues and checks, so there is no clock skew to tolerate.
          clockTolerance: 0,
          currentDate: now(),
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') {
          throw new AuthError('token-claims');
        }
        return { personId: payload.sub };
      } catch (err) {
        throw toAuthError(err);
      }
    },
  };
}
