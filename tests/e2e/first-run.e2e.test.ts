/**
 * The path a newcomer takes: the built app started from a fresh copy with the default settings
 * (so the data folder is the relative `./data`), then the Teams emulator it opened, in headless
 * Chromium. The emulator must be signed in as the demo lawyer the app knows, and answer `help`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO_PEOPLE } from '../../server/demo/demo-data';
import { ARTIFACTS, launchChromium } from '../support/playground-browser';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const lawyer = DEMO_PEOPLE.find((p) => p.id === 'lawyer.jones')!;

let app: ChildProcess | undefined;
let browser: Browser | undefined;
let output = '';
let copy: string | undefined;

afterAll(async () => {
  await browser?.close();
  if (app && app.exitCode === null) {
    const exited = new Promise((resolve) => app!.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
  }
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** What `npm start` runs once it has built: the server, from a folder that has never run it. */
function startFreshCopy(): string {
  copy = mkdtempSync(join(tmpdir(), 'liaison-first-run-'));
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  // The environment holds none of the app's settings, so every one is at its default but the
  // port: 0 lets this run beside a developer's own `npm start` on the default 3978.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('LIAISON_') && k !== 'PORT'),
  );
  app = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: copy,
    env: { ...env, LIAISON_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  app.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return copy;
}

/** The emulator's address from the start-up message. */
function emulatorUrl(): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Agents Playground[^:]*: (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      } else if (app?.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the app stopped before opening the emulator:\n${output.slice(-3000)}`));
      }
    }, 200);
  });
}

test('npm start from a fresh copy opens the emulator as the demo lawyer, who gets help', async () => {
  const folder = startFreshCopy();
  const url = await emulatorUrl();
  // The default data folder is relative: the store and the emulator's settings are in the copy.
  expect(existsSync(join(folder, 'data', 'liaison.db'))).toBe(true);
  expect(existsSync(join(folder, 'data', 'playground', `${lawyer.id}.yml`))).toBe(true);

  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(url);
  try {
    // The welcome card names the person the app knows (not the emulator's own sample user).
    await page.getByText(`Signed in as ${lawyer.displayName}`).waitFor();
    const box = page.locator('div[contenteditable="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially('help');
    await page.keyboard.press('Enter');
    // The welcome card is the first help card; the answer to `help` is the second.
    await page.getByText('What is on you, soonest first').nth(1).waitFor();
    expect(await page.getByText('Not a user of IRO Liaison').count()).toBe(0);
  } finally {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'first-run-help.png') });
  }

  // Every address the start-up message prints opens (the bot's is for Teams to post to), and the
  // server's own address leads to the tab.
  const printed = output
    .slice(output.indexOf('IRO Liaison is running'))
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .filter((line) => !/^\s*Bot:/.test(line))
    .flatMap((line) => [...line.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => m[0]));
  expect(printed.some((u) => u.endsWith('/tab/'))).toBe(true);
  for (const address of printed)
    expect([address, (await fetch(address)).status]).toEqual([address, 200]);
  const server = /Tab: +(http:\/\/[^/\s]+)/.exec(output)![1]!;
  const root = await fetch(`${server}/`, { redirect: 'manual' });
  expect([root.status, root.headers.get('location')]).toEqual([302, '/tab/']);
});
