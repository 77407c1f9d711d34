/**
 * Verifies Microsoft Entra ID access tokens (the Teams tab's SSO token) and returns who signed in.
 * Everything the token says is checked: RS256 signature against the tenant's published keys,
 * issuer, audience, expiry (with a small clock skew), tenant, and optionally the delegated scope.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { AuthError, toAuthError } from './errors';
import { isLoopbackHost } from './loopback';

export interface EntraPrincipal {
  /** `oid`: the person's object id in the tenant; stable across apps, what the directory maps. */
  objectId: string;
  /** `tid`: always equal to the configured tenant. */
  tenantId: string;
  name?: string;
  preferredUsername?: string;
}

export type EntraVerifier = (token: string) => Promise<EntraPrincipal>;

export interface EntraVerifierOptions {
  tenantId: string;
  /** Accepted `aud` values, e.g. the app id URI `api://host/<clientId>` and the client id. */
  audience: string[];
  /** Default: `https://login.microsoftonline.com/${tenantId}/v2.0`. */
  issuer?: string;
  /** Also accept v1 tokens from `https://sts.windows.net/${tenantId}/`. */
  acceptV1Issuer?: boolean;
  /** Default: `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`. */
  jwksUri?: string;
  /** Default 60. */
  clockToleranceSeconds?: number;
  /** A delegated scope that must appear in `scp`, e.g. `access_as_user`. */
  requiredScope?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createEntraVerifier(options: EntraVerifierOptions): EntraVerifier {
  const { tenantId, audience, requiredScope } = options;
  // Configuration mistakes fail at start-up, not as a stream of 401s. The `tid` claim is always a
  // GUID, so a domain name or "common" here would reject every token; and a multi-tenant setting
  // would let any organisation's users in.
  if (!GUID.test(tenantId)) {
    throw new TypeError('Entra tenantId must be the tenant GUID (not a domain or "common").');
  }
  if (audience.length === 0 || audience.some((a) => a.trim() === '')) {
    throw new TypeError('Entra audience must list at least one non-empty value.');
  }
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0 || clockTolerance > 300) {
    throw new TypeError('Entra clockToleranceSeconds must be between 0 and 300.');
  }

  const issuers = [options.issuer ?? `https://login.microsoftonline.com/${tenantId}/v2.0`];
  if (options.acceptV1Issuer) issuers.push(`https://sts.windows.net/${tenantId}/`);

  const jwksUrl = new URL(
    options.jwksUri ?? `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`,
  );
  // Signing keys fetched over plain HTTP could be swapped in transit; only tests on loopback may.
  if (jwksUrl.protocol !== 'https:' && !isLoopbackHost(jwksUrl.hostname)) {
    throw new TypeError('Entra jwksUri must use https.');
  }
  // jose caches the key set and refetches it (rate limited) when a token names an unknown `kid`,
  // which is how Entra key rollover is picked up without a restart.
  const keys = createRemoteJWKSet(jwksUrl, { timeoutDuration: 5000 });

  return async function verifyEntraToken(token: string): Promise<EntraPrincipal> {
    if (typeof token !== 'string' || token === '') throw new AuthError('token-missing');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        // Only RS256: this refuses `alg: none` and HS256 tokens "signed" with the public key.
        algorithms: ['RS256'],
        issuer: issuers,
        audience,
        clockTolerance,
        requiredClaims: ['exp', 'iat', 'oid', 'tid'],
      }));
    } catch (err) {
      throw toAuthError(err);
    }

    const { oid, tid } = payload;
    if (typeof oid !== 'string' || oid === '' || typeof tid !== 'string') {
      throw new AuthError('token-claims');
    }
    // The issuer already names the tenant, but `tid` is what Entra documents as authoritative.
    if (tid.toLowerCase() !== tenantId.toLowerCase()) throw new AuthError('token-tenant');
    if (requiredScope !== undefined) {
      const scp = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scp.includes(requiredScope)) throw new AuthError('token-scope');
    }

    const principal: EntraPrincipal = { objectId: oid, tenantId: tid };
    if (typeof payload.name === 'string') principal.name = payload.name;
    if (typeof payload.preferred_username === 'string') {
      principal.preferredUsername = payload.preferred_username;
    }
    return principal;
  };
}
