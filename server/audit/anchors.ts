/**
 * Where the audit trail's head is anchored, from the configuration: Application Insights in
 * Microsoft 365 mode (the app can add telemetry with its connection string's key, but cannot
 * change or delete what is there), otherwise an append-only file beside the data folder.
 *
 * Application Insights: each head is a custom event `AuditChainHead` (properties seq, seal),
 * sent to the connection string's ingestion endpoint (`/v2.1/track`, the envelope Microsoft's own
 * SDKs send). It is read back through the Log Analytics query API on the resource's workspace
 * (`AppEvents`), with the app registration's token for `https://api.loganalytics.io` — a reader's
 * right granted on the workspace alone ("Log Analytics Reader"); without a workspace id the
 * anchors are written but checked only by `npm run audit:verify -- --anchors FILE` (an export).
 */
import type { AuditAnchor, ChainHead } from '../../core';
import type { Config } from '../config';
import { appAuth } from '../graph/from-config';
import { FileAuditAnchor } from './file-anchor';

const EVENT = 'AuditChainHead';
const TIMEOUT_MS = 15_000;
/** Log Analytics keeps Application Insights data up to two years (the default is 90 days). */
const LOOK_BACK = 'P730D';

export function auditAnchorOf(config: Config): AuditAnchor {
  const ai = config.audit.appInsights;
  if (!ai) return new FileAuditAnchor(config.audit.anchorFile!);
  // Read back with the app registration's own token for Log Analytics, where one is configured.
  const auth =
    ai.workspaceId && config.graph && appAuth(config.graph, 'https://api.loganalytics.io');
  return new AppInsightsAuditAnchor({
    connectionString: ai.connectionString,
    ...(ai.workspaceId && auth
      ? { read: { workspaceId: ai.workspaceId, token: () => auth.appToken() } }
      : {}),
  });
}

export interface AppInsightsAnchorOptions {
  connectionString: string;
  read?: {
    workspaceId: string;
    token: () => Promise<string>;
    /** The query API's root; a loopback double in tests. */
    queryUrl?: string;
  };
}

export class AppInsightsAuditAnchor implements AuditAnchor {
  readonly where: string;
  private readonly iKey: string;
  private readonly ingestion: string;

  constructor(private readonly options: AppInsightsAnchorOptions) {
    const parts = new Map(
      options.connectionString
        .split(';')
        .map((p) => p.split('=', 2).map((s) => s.trim()) as [string, string])
        .map(([k, v]) => [k.toLowerCase(), v]),
    );
    const iKey = parts.get('instrumentationkey');
    const ingestion = parts.get('ingestionendpoint');
    if (!iKey || !ingestion)
      throw new Error('the anchor connection string lacks InstrumentationKey or IngestionEndpoint');
    this.iKey = iKey;
    this.ingestion = ingestion.replace(/\/+$/, '');
    this.where = options.read
      ? `Application Insights (workspace ${options.read.workspaceId})`
      : 'Application Insights';
  }

  async anchor(head: ChainHead): Promise<void> {
    const envelope = {
      name: 'Microsoft.ApplicationInsights.Event',
      time: head.at,
      iKey: this.iKey,
      tags: { 'ai.cloud.role': 'iro-liaison' },
      data: {
        baseType: 'EventData',
        baseData: { ver: 2, name: EVENT, properties: { seq: String(head.seq), seal: head.seal } },
      },
    };
    const res = await fetch(`${this.ingestion}/v2.1/track`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([envelope]),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const answer = (await res.json().catch(() => ({}))) as { itemsAccepted?: number };
    if (!res.ok || answer.itemsAccepted !== 1)
      throw new Error(`Application Insights did not accept the anchor (HTTP ${res.status})`);
  }

  async heads(): Promise<ChainHead[] | undefined> {
    const read = this.options.read;
    if (!read) return undefined;
    const root = (read.queryUrl ?? 'https://api.loganalytics.io').replace(/\/+$/, '');
    const res = await fetch(`${root}/v1/workspaces/${encodeURIComponent(read.workspaceId)}/query`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await read.token()}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        query: `AppEvents | where Name == '${EVENT}' | project TimeGenerated, Seq = tostring(Properties.seq), Seal = tostring(Properties.seal) | order by TimeGenerated asc`,
        timespan: LOOK_BACK,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`Log Analytics refused the anchors' query (HTTP ${res.status})`);
    const body = (await res.json()) as {
      tables?: { columns: { name: string }[]; rows: unknown[][] }[];
    };
    const table = body.tables?.[0];
    if (!table) return [];
    const col = (name: string) => table.columns.findIndex((c) => c.name === name);
    const [t, s, h] = [col('TimeGenerated'), col('Seq'), col('Seal')];
    return table.rows
      .map((r) => ({ seq: Number(r[s]), seal: String(r[h]), at: String(r[t]) }))
      .filter((x) => Number.isInteger(x.seq) && x.seal !== '');
  }
}
