/**
 * The production Graph connection (server/graph/: MSAL's confidential client for the token, the
 * Graph SDK with the retry, timeout and per-mailbox middleware) pointed at the double: the same
 * code that talks to Microsoft 365, not a test path.
 */
import { GraphAuth } from '../../../server/graph/graph-auth';
import { MailboxLimiter, createGraphClient, type Graph } from '../../../server/graph/graph-client';
import type { GraphDouble } from './server';

export interface DoubleClientOptions {
  /** Retries of a 429/503/504 (default 3); 0 to see every fault. */
  maxRetries?: number;
  /** Back-off in seconds when a response has no Retry-After (default 0: tests do not wait). */
  delaySeconds?: number;
  timeoutMs?: number;
  mailboxes?: MailboxLimiter;
  /** Stands between each request and its token (e.g. an instance that stops). */
  token?: (appToken: () => Promise<string>) => Promise<string>;
}

export function graphClientFor(double: GraphDouble, options: DoubleClientOptions = {}): Graph {
  const auth = new GraphAuth({
    tenantId: double.tenantId,
    clientId: double.clientId,
    secret: double.clientSecret,
    loginUrl: double.url,
    graphResource: 'https://graph.microsoft.com',
  });
  return createGraphClient({
    graphUrl: double.url,
    token: () => (options.token ? options.token(() => auth.appToken()) : auth.appToken()),
    mailboxes: options.mailboxes ?? new MailboxLimiter(),
    maxRetries: options.maxRetries ?? 3,
    retryDelaySeconds: options.delaySeconds ?? 0,
    timeoutMs: options.timeoutMs,
  });
}
