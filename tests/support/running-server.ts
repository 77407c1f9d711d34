/** The real server on loopback with a real SQLite file, a controllable clock and demo people. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logging';
import { start, type Running } from '../../server/main';
import { checkAgainstOpenApi } from './openapi';

export interface TestServer extends Running {
  dataDir: string;
  setNow(iso: string): void;
  signIn(personId: string): Promise<string>;
  call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** One scheduler pass, one services' round and one digest round, then every outbox item sent. */
  deliver(): Promise<void>;
  /** A GET whose body is a file (e.g. a spreadsheet). */
  download(
    token: string,
    path: string,
  ): Promise<{ status: number; bytes: Buffer; headers: Headers }>;
}

export async function startTestServer(
  now: string,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-api-'));
  let t = Date.parse(now);
  const config = loadConfig({
    LIAISON_PORT: '0',
    LIAISON_DATA_DIR: dataDir,
    LIAISON_LOG_LEVEL: 'silent',
    // Tests that are about delivery switch it on; the rest keep the outbox still to inspect it.
    LIAISON_DELIVERY: 'off',
    LIAISON_PLAYGROUND: 'off',
    ...env,
  });
  const running = await start(config, createLogger({ level: 'silent' }), { now: () => t });
  const call: TestServer['call'] = async (token, method, path, body, headers = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    checkAgainstOpenApi(method, path, res.status, res.headers.get('content-type'), parsed);
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    ...running,
    dataDir,
    setNow: (iso) => {
      t = Date.parse(iso);
    },
    deliver: async () => {
      await running.scheduler.tick();
      await running.serviceJob.round();
      await running.digestJob.round();
      while ((await running.dispatcher.runOnce()) > 0);
    },
    download: async (token, path) => {
      const res = await fetch(`${running.url}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const type = res.headers.get('content-type');
      checkAgainstOpenApi(
        'GET',
        path,
        res.status,
        type,
        type?.startsWith('application/') && type.includes('json')
          ? JSON.parse(bytes.toString())
          : undefined,
      );
      return { status: res.status, headers: res.headers, bytes };
    },
    signIn: async (personId) =>
      (await call(undefined, 'POST', '/api/dev/sign-in', { personId })).body.token as string,
    call,
  };
}

/** Opens a case over the API as the signed-in `token` would (team north unless given). */
export function openCase(
  server: TestServer,
  token: string,
  id: string,
  members: { personId: string; role: string }[],
  team = 'north',
): ReturnType<TestServer['call']> {
  return server.call(token, 'POST', '/api/cases', {
    case: {
      id,
      childRef: `LCS-${id.slice(2)}`,
      childInitials: 'R.S.',
      lookedAfterBeforeProceedings: false,
      packs: ['iro-legal', 'iro-guardian'],
    },
    team,
    members,
  });
}
