/**
 * `npm run sharepoint:provision`: creates or upgrades the store's lists, columns and indexes on
 * the configured SharePoint site (idempotent: a second run changes nothing) and prints what it
 * changed as JSON. Configuration comes from the environment as for the server: the Graph app
 * registration (`LIAISON_GRAPH_*`, with `Sites.Selected` and a write grant on the site) and
 * `LIAISON_SHAREPOINT_SITE` (`host:/sites/name`).
 *
 * Exit 0 when the site fits the schema, 1 when Graph failed or the site has something it must not
 * change on its own (a column of another type), 2 for a configuration problem.
 */
import { ConfigError, loadConfig } from '../server/config';
import { graphFromConfig } from '../server/graph/from-config';
import { createLogger } from '../server/logging';
import { siteIdOf } from '../server/store/open-store';
import {
  SharePointSchemaError,
  provisionSite,
  type ProvisionReport,
} from '../server/store/sharepoint/provision';

export class UsageError extends Error {}

/** Provisions the configured site and returns the report. */
export async function provision(env: Record<string, string | undefined>): Promise<ProvisionReport> {
  const config = loadConfig(env);
  const graph = graphFromConfig(config)?.app;
  if (!graph || !config.sharePointSite)
    throw new UsageError(
      'Set LIAISON_GRAPH_CLIENT_ID (with its credential) and LIAISON_SHAREPOINT_SITE.',
    );
  const siteId = await siteIdOf(graph, config.sharePointSite);
  return provisionSite(graph, siteId, createLogger({ level: config.log.level }));
}

if (require.main === module) {
  provision(process.env).then(
    (report) => process.stdout.write(`${JSON.stringify(report, null, 2)}\n`),
    (e: unknown) => {
      if (e instanceof ConfigError || e instanceof UsageError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = 2;
        return;
      }
      if (e instanceof SharePointSchemaError)
        process.stdout.write(`${JSON.stringify(e.report, null, 2)}\n`);
      process.stderr.write(`${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
