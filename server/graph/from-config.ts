/** The process's Graph connection, from its configuration (none without Graph). */
import { readFileSync } from 'node:fs';
import type { Config, GraphConfig } from '../config';
import { GraphAuth, type TokenSource } from './graph-auth';
import { MailboxLimiter, createGraphClient, type Graph } from './graph-client';

export interface GraphConnection {
  /** App-only: the background work (stores, signals, calendars, the service mailbox). */
  app: Graph;
  /**
   * On behalf of the person whose token for this app's API this is (on-behalf-of flow): what the
   * tab does for them, with their own delegated permissions and mailbox (`/me`).
   */
  asPerson(userToken: string): Graph;
}

export function graphFromConfig(config: Config): GraphConnection | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  return graphConnection(appAuth(graph, graph.graphUrl), graph.graphUrl);
}

/**
 * The app registration's own tokens for a resource: Graph, or another Microsoft API the same
 * registration is granted (the Log Analytics workspace the audit anchors are read back from).
 */
export function appAuth(graph: GraphConfig, resource: string): GraphAuth {
  return new GraphAuth({
    tenantId: graph.tenantId,
    clientId: graph.clientId,
    secret: graph.clientSecret,
    certificate: graph.certificate && {
      thumbprintSha256: graph.certificate.thumbprintSha256,
      privateKeyPem: readFileSync(graph.certificate.path, 'utf8'),
    },
    loginUrl: graph.loginUrl,
    graphResource: resource,
  });
}

/** Both kinds of client over one token source, sharing the per-mailbox limit. */
export function graphConnection(
  auth: TokenSource,
  graphUrl: string,
  options: { maxRetries?: number; retryDelaySeconds?: number } = {},
): GraphConnection {
  const mailboxes = new MailboxLimiter();
  const client = (token: () => Promise<string>) =>
    createGraphClient({ graphUrl, token, mailboxes, ...options });
  return {
    app: client(() => auth.appToken()),
    asPerson: (userToken) => client(() => auth.onBehalfOf(userToken)),
  };
}
