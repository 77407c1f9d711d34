/** The process's app-only Graph connection, from its configuration (none without Graph). */
import { readFileSync } from 'node:fs';
import type { Config } from '../config';
import { GraphAuth } from './graph-auth';
import { MailboxLimiter, createGraphClient, type Graph } from './graph-client';

export function graphFromConfig(config: Config): Graph | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  const auth = new GraphAuth({
    tenantId: graph.tenantId,
    clientId: graph.clientId,
    secret: graph.clientSecret,
    certificate: graph.certificate && {
      thumbprintSha256: graph.certificate.thumbprintSha256,
      privateKeyPem: readFileSync(graph.certificate.path, 'utf8'),
    },
    loginUrl: graph.loginUrl,
    graphResource: graph.graphUrl,
  });
  return createGraphClient({
    graphUrl: graph.graphUrl,
    token: () => auth.appToken(),
    mailboxes: new MailboxLimiter(),
  });
}
