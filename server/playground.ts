/**
 * Local mode only: the Microsoft 365 Agents Playground (a Teams client emulator, a development
 * dependency) pointed at the bot, signed in as one demo person so that their cards reach it.
 * Started without telemetry or a browser, it talks to nothing beyond this machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Person } from '../core';

export interface Playground {
  url: string;
  /** The Playground's connector, where the bot's proactive messages go. */
  serviceUrl: string;
  close(): Promise<void>;
}

const q = (s: string) => JSON.stringify(s); // a JSON string is a valid YAML scalar

/**
 * The Playground's configuration (`.m365agentsplayground.yml`): who is signed in, and who else
 * is in its tenant. Only people with an Entra object id can be played.
 */
export function playgroundConfig(as: Person, others: Person[]): string {
  const user = (p: Person, indent: string) => {
    const [given = p.id, ...rest] = p.displayName.replace(/\s*\(.*\)\s*$/, '').split(' ');
    return [
      `id: ${q(`user-${p.id}`)}`,
      `name: ${q(p.displayName)}`,
      `givenName: ${q(given)}`,
      `surname: ${q(rest.join(' ') || given)}`,
      `userPrincipleName: ${q(p.email ?? `${p.id}@council.example`)}`,
      `aadObjectId: ${q(p.entraObjectId!)}`,
      `email: ${q(p.email ?? `${p.id}@council.example`)}`,
    ].join(`\n${indent}`);
  };
  // Its schema allows five other users (for group chats and rosters).
  const users = others.filter((p) => p.entraObjectId && p.id !== as.id).slice(0, 5);
  return [
    'version: "0.1.1"',
    'tenantId: 00000000-0000-4000-8000-000000000000',
    'bot:',
    '  id: 00000000-0000-4000-8000-0000000000b0',
    '  name: IRO Liaison',
    'currentUser:',
    `  ${user(as, '  ')}`,
    'users:',
    ...users.map((p) => `  - ${user(p, '    ')}`),
    'personalChat:',
    '  id: __PERSONAL_CHAT_ID__',
    'groupChat:',
    '  id: __GROUP_CHAT_ID__',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: Care proceedings',
    '  aadGroupId: 00000000-0000-4000-8000-0000000000c0',
    '  channels:',
    '    - id: channel-general-id',
    '      name: General',
    '',
  ].join('\n');
}

export async function startPlayground(options: {
  botUrl: string;
  as: Person;
  people: Person[];
  dataDir: string;
  /** 0 lets the Playground pick a free port. */
  port?: number;
}): Promise<Playground> {
  if (!options.as.entraObjectId)
    throw new Error(`${options.as.id} has no Entra object id, so the Playground cannot play them`);
  // Absolute: the Playground runs inside this folder, where a relative data folder (the default
  // `./data`) would name a path that does not exist, and it would silently fall back to its own
  // sample user, whom the app does not know.
  const dir = resolve(options.dataDir, 'playground');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const configPath = join(dir, `${options.as.id}.yml`);
  writeFileSync(configPath, playgroundConfig(options.as, options.people), { mode: 0o600 });
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const args = [
    cli,
    '-e',
    `${options.botUrl}/api/messages`,
    '-c',
    'msteams',
    '--disable-telemetry',
  ];
  if (options.port !== undefined) args.push('-p', String(options.port));
  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: '1',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, `${options.as.id}.log`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await listeningPort(child);
  const url = `http://127.0.0.1:${port}`;
  // It prints its port before reading its configuration: wait until it actually answers.
  await answering(`${url}/_debug/ping`, child, join(dir, `${options.as.id}.log`));
  return {
    url,
    serviceUrl: `http://localhost:${port}/_connector`,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** It prints "Listening on <port>", and silently picks another port if its default is taken. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('the Agents Playground did not start within 60 s'));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining its output so it never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the Agents Playground exited (${code}) before listening:\n${out.slice(-2000)}`),
      );
    });
  });
}

async function answering(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the Agents Playground stopped (${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`the Agents Playground did not answer within 30 s; see ${logFile}`);
}
