/** The report tests run the real server (main.ts mounts the report routes) with a controlled clock. */
import { startTestServer, type TestServer } from '../../support/running-server';

export type ReportServer = TestServer;
export const startReportServer = (now: string): Promise<TestServer> => startTestServer(now);
