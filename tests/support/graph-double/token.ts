/**
 * The Microsoft identity platform's token endpoint as far as a daemon app goes: the OAuth 2.0
 * client credentials grant, `POST /{tenant}/oauth2/v2.0/token`, form-encoded
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
 *
 * It answers like Entra ID where a client can get it wrong:
 * - a wrong secret: 401 `invalid_client`, AADSTS7000215 "Invalid client secret provided…";
 * - an unknown client id: 400 `unauthorized_client`, AADSTS700016;
 * - a scope that is not `{resource}/.default`: 400 `invalid_scope`, AADSTS1002012 (the client
 *   credentials flow only takes `.default`);
 * - another tenant: 400 `invalid_request`, AADSTS90002;
 * - another grant type: 400 `unsupported_grant_type`.
 * A success is `{ token_type: 'Bearer', expires_in, ext_expires_in, access_token }`.
 *
 * And the on-behalf-of grant (learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow):
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `requested_token_use=on_behalf_of`,
 * the user's token for the app's own API as `assertion`, and the app's credentials. The double
 * reads the assertion's claims without checking its signature (the product's API already checked
 * it against the tenant's keys) but refuses, as Entra does, one that has expired (AADSTS500133)
 * or was not issued for this app (AADSTS50013: its `aud` must be the app's client id or an
 * `api://…/{client id}` URI). The delegated token it issues carries the person
 * (`preferred_username`, `oid`) and `scp`; Graph's `/me` is then that person's mailbox.
 *
 * Tokens are JWT-shaped (header.claims.signature, base64url) with `aud`, `tid`, `appid`, `roles`
 * and `exp`, so a client that reads `exp` can; the double only accepts tokens it issued itself,
 * and refuses an expired one with Graph's 401 `InvalidAuthenticationToken`.
 */
import { randomBytes } from 'node:crypto';
import { graphError, type GraphResponse } from './http';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  /** Application permissions granted to the app (the token's `roles`). */
  roles?: string[];
}

export interface TokenOptions {
  tenantId: string;
  /** Also accepted in the path, as Entra accepts a verified domain for the tenant id. */
  tenantDomain?: string;
  apps: AppRegistration[];
  /** Lifetime of an access token, seconds (Entra: about an hour). */
  lifetimeSeconds: number;
  now: () => number;
  /**
   * Graph's resource identifiers this issuer grants: `https://graph.microsoft.com`, and the
   * double's own address, which is what a client configured with the double's URL asks for (as
   * it would ask a national cloud's Graph for its own).
   */
  resources: string[];
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
  /** For a delegated (on-behalf-of) token: whose it is, by mailbox address. */
  user?: string;
}

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface TokenEndpointResult {
  status: number;
  body: Record<string, unknown>;
}

/** An app's application permissions; by default what the SharePoint store needs. */
const rolesOfApp = (app: AppRegistration | undefined) => app?.roles ?? ['Sites.ReadWrite.All'];

export class TokenIssuer {
  private readonly issued = new Map<string, IssuedToken>();
  issuedCount = 0;

  constructor(private readonly options: TokenOptions) {}

  /** Handles the form body of `POST /{tenant}/oauth2/v2.0/token`. */
  token(tenant: string, form: URLSearchParams): TokenEndpointResult {
    const { tenantId, tenantDomain } = this.options;
    if (tenant !== tenantId && tenant !== tenantDomain) {
      return aadError(
        400,
        'invalid_request',
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials' && grant !== OBO_GRANT) {
      return aadError(
        400,
        'unsupported_grant_type',
        `AADSTS70003: The app requested an unsupported grant type '${grant ?? ''}'.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const app = this.options.apps.find((a) => a.clientId === clientId);
    if (!app) {
      return aadError(
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
      );
    }
    if (form.has('client_assertion')) {
      // Certificate credentials are not modelled: say so rather than accept an unchecked assertion.
      return aadError(
        401,
        'invalid_client',
        'AADSTS700027: Client assertion failed signature validation (the Graph double only takes client secrets).',
      );
    }
    if (form.get('client_secret') !== app.clientSecret) {
      return aadError(
        401,
        'invalid_client',
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    // MSAL adds the OpenID scopes to an on-behalf-of request.
    const scope = (form.get('scope') ?? '')
      .split(' ')
      .filter((s) => !['openid', 'profile', 'offline_access'].includes(s))
      .join(' ');
    if (!this.options.resources.some((r) => scope === `${r}/.default`)) {
      return aadError(
        400,
        'invalid_scope',
        `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const now = this.options.now();
    let user: string | undefined;
    if (grant === OBO_GRANT) {
      const assertion = claimsOf(form.get('assertion') ?? '');
      if (form.get('requested_token_use') !== 'on_behalf_of' || !assertion)
        return aadError(400, 'invalid_request', 'AADSTS50027: JWT token is invalid or malformed.');
      if (typeof assertion.exp !== 'number' || assertion.exp * 1000 <= now)
        return aadError(
          400,
          'invalid_grant',
          'AADSTS500133: Assertion is not within its valid time range.',
        );
      const aud = typeof assertion.aud === 'string' ? assertion.aud : '';
      if (aud !== clientId && !aud.endsWith(`/${clientId}`))
        return aadError(
          400,
          'invalid_grant',
          'AADSTS50013: Assertion failed signature validation. (The assertion is for another audience.)',
        );
      const name = assertion.preferred_username ?? assertion.upn;
      user = typeof name === 'string' ? name.toLowerCase() : '';
      if (!user) return aadError(400, 'invalid_grant', 'AADSTS50027: The assertion names no user.');
    }
    const lifetime = this.options.lifetimeSeconds;
    const accessToken = this.mint(app, now, lifetime, user);
    this.issued.set(accessToken, { clientId, expiresAt: now + lifetime * 1000, user });
    this.issuedCount++;
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
    };
  }

  /** Graph's check of the `Authorization` header: undefined when the token is good. */
  verify(authorization: string | undefined, requestId: string): GraphResponse | undefined {
    const fail = (message: string) =>
      graphError(401, 'InvalidAuthenticationToken', message, {
        requestId,
        reason: 'unauthorized',
        headers: { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="", client_id=""' },
      });
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return fail('Access token is empty.');
    const token = this.issued.get(match[1]!);
    if (!token) return fail('Access token validation failure. Invalid audience.');
    if (token.expiresAt <= this.options.now()) {
      return fail('Lifetime validation failed, the token is expired.');
    }
    return undefined;
  }

  /** Whose delegated token this is (their mailbox), or undefined for an app-only one. */
  userOf(authorization: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    return match ? this.issued.get(match[1]!)?.user : undefined;
  }

  /** The application permissions an app-only token carries (none for a delegated one). */
  rolesOf(authorization: string | undefined): string[] {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = match ? this.issued.get(match[1]!) : undefined;
    if (!token || token.user) return [];
    return rolesOfApp(this.options.apps.find((a) => a.clientId === token.clientId));
  }

  /** Forgets every token issued: each client has to sign in again. */
  revokeAll(): void {
    this.issued.clear();
  }

  private mint(app: AppRegistration, now: number, lifetime: number, user?: string): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = part({ typ: 'JWT', alg: 'RS256', kid: 'graph-double' });
    const claims = part({
      aud: GRAPH_RESOURCE,
      iss: `https://sts.windows.net/${this.options.tenantId}/`,
      tid: this.options.tenantId,
      appid: app.clientId,
      ...(user
        ? { preferred_username: user, scp: 'Mail.Send User.Read' }
        : { roles: rolesOfApp(app) }),
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + lifetime,
      jti: randomBytes(8).toString('hex'),
    });
    return `${header}.${claims}.${randomBytes(32).toString('base64url')}`;
  }
}

/** A JWT's claims, unverified; undefined if it is not one. */
function claimsOf(jwt: string): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString(),
    );
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function aadError(status: number, error: string, description: string): TokenEndpointResult {
  const code = Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0);
  return {
    status,
    body: {
      error,
      error_description: description,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
      trace_id: randomBytes(16).toString('hex'),
      correlation_id: randomBytes(16).toString('hex'),
    },
  };
}
