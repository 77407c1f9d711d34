/**
 * End-to-end helpers: Agents Playgrounds (one per person) driven in headless Debian Chromium,
 * with screenshots saved under artifacts/ for people to look at after a run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Person } from '../../core';
import { startPlayground, type Playground } from '../../server/playground';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'artifacts', 'e2e');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Chat {
  person: Person;
  playground: Playground;
  page: Page;
  /** Types a message into the chat and sends it. */
  say(text: string): Promise<void>;
  shot(name: string): Promise<void>;
}

export async function openChat(
  browser: Browser,
  botUrl: string,
  person: Person,
  people: Person[],
  dataDir: string,
): Promise<Chat> {
  const playground = await startPlayground({ botUrl, as: person, people, dataDir, port: 0 });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(playground.url);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    person,
    playground,
    page,
    say: async (text) => {
      const box = page.locator('div[contenteditable="true"][role="textbox"]');
      await box.click();
      await box.pressSequentially(text);
      await page.keyboard.press('Enter');
    },
    shot: async (name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    },
  };
}
