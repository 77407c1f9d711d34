/**
 * Tokens for Microsoft Graph from the council's Entra app registration, through MSAL's
 * confidential client: app-only (client credentials) for background work (the store of record,
 * mailbox and calendar signals, sending mail), and on behalf of the signed-in person where the tab
 * acts for them. MSAL keeps the tokens in its in-memory cache and renews them before they expire.
 *
 * The authority's endpoints are given to MSAL rather than discovered, so start-up makes no call
 * to the login service and a sovereign cloud (or a loopback test double) is a matter of the
 * login URL alone.
 */
import {
  ConfidentialClientApplication,
  type Configuration,
  type NodeAuthOptions,
} from '@azure/msal-node';

export interface GraphCredentials {
  tenantId: string;
  clientId: string;
  /** A client secret, or a certificate (preferred: keep it in Key Vault). */
  secret?: string;
  certificate?: { thumbprintSha256: string; privateKeyPem: string };
  /** Where Entra ID answers, e.g. https://login.microsoftonline.com. */
  loginUrl: string;
  /** The Graph resource whose `.default` scope is asked for, e.g. https://graph.microsoft.com. */
  graphResource: string;
}

export interface TokenSource {
  /** An app-only access token for Graph. */
  appToken(): Promise<string>;
  /** An access token for Graph acting for the person whose (API) token this is. */
  onBehalfOf(userToken: string): Promise<string>;
}

export class GraphAuth implements TokenSource {
  private readonly app: ConfidentialClientApplication;
  private readonly scopes: string[];

  constructor(credentials: GraphCredentials) {
    this.app = new ConfidentialClientApplication(msalConfiguration(credentials));
    this.scopes = [`${credentials.graphResource.replace(/\/+$/, '')}/.default`];
  }

  async appToken(): Promise<string> {
    const result = await this.app.acquireTokenByClientCredential({ scopes: this.scopes });
    if (!result?.accessToken) throw new Error('Entra ID gave no app-only token for Graph');
    return result.accessToken;
  }

  async onBehalfOf(userToken: string): Promise<string> {
    const result = await this.app.acquireTokenOnBehalfOf({
      oboAssertion: userToken,
      scopes: this.scopes,
    });
    if (!result?.accessToken) throw new Error('Entra ID gave no on-behalf-of token for Graph');
    return result.accessToken;
  }
}

export function msalConfiguration(c: GraphCredentials): Configuration {
  const login = new URL(c.loginUrl);
  const base = `${login.origin}${login.pathname.replace(/\/+$/, '')}/${c.tenantId}`;
  const auth: NodeAuthOptions = {
    clientId: c.clientId,
    // MSAL insists on an https authority; the endpoints it uses are the metadata's below.
    authority: `https://${login.host}/${c.tenantId}`,
    authorityMetadata: JSON.stringify({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `https://${login.host}/${c.tenantId}/v2.0`,
    }),
    cloudDiscoveryMetadata: JSON.stringify({
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      // One name for the host, so tokens are found again in the cache under the name they were
      // stored under.
      metadata: [
        { preferred_network: login.host, preferred_cache: login.host, aliases: [login.host] },
      ],
    }),
  };
  if (c.certificate)
    auth.clientCertificate = {
      thumbprintSha256: c.certificate.thumbprintSha256,
      privateKey: c.certificate.privateKeyPem,
    };
  else if (c.secret) auth.clientSecret = c.secret;
  else throw new Error('Graph needs a client secret or a certificate');
  return { auth };
}
