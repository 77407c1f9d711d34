/**
 * Local mode's email: an `.eml` file any mail client opens, `multipart/alternative` with the plain
 * text (as it is, while its lines fit a mail line) and the HTML (the card in its head for someone
 * in the tenant, in base64), both UTF-8, and a subject that names the case by its reference.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../../../../core';
import { EmlNotifier } from '../../../../server/mail/eml-notifier';
import { parseEml } from '../../../support/eml';
import { demoPerson } from '../../../support/demo-people';

const ORIGINATOR = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const IRO = demoPerson('iro.patel');
const MESSAGE: Message = {
  key: 'C-1042:iro-comments-on-draft:reminder-1:iro.patel',
  card: { type: 'AdaptiveCard', version: '1.5', body: [], actions: [] },
  subject: '[C-1042] Comments on the draft — due Wed 28 Dec 2022, 15:00',
  text: 'Comments on the draft — due Wed 28 Dec 2022, 15:00\n\nOpen in IRO Liaison: https://x.example/tab/',
};

test('the text and the HTML, each its own part, with the card in the HTML’s head', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-eml-'));
  const notifier = new EmlNotifier(dir, 'no-reply@liaison.example', () => 0, {
    originator: ORIGINATOR,
  });
  expect(await notifier.deliver(IRO, MESSAGE)).toEqual({ outcome: 'delivered' });
  const [file] = readdirSync(dir);
  expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
  const eml = readFileSync(join(dir, file!), 'utf8');
  const { head, parts, closed } = parseEml(eml);

  expect(head).toContain('MIME-Version: 1.0');
  expect(head).toMatch(/^Content-Type: multipart\/alternative; boundary="[^"]+"$/m);
  // Not ASCII (the dash): encoded as RFC 2047 says, and it decodes to the subject.
  const subject = /^Subject: =\?UTF-8\?B\?([^?]+)\?=$/m.exec(head)![1]!;
  expect(Buffer.from(subject, 'base64').toString('utf8')).toBe(MESSAGE.subject);
  expect(head).toContain(`X-Liaison-Key: ${MESSAGE.key}`);

  expect(parts.map((p) => p.head)).toEqual([
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit',
    'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64',
  ]);
  expect(parts[0]!.content).toBe(MESSAGE.text.replace(/\n/g, '\r\n'));
  // The text reads as it is in the file.
  expect(eml).toContain('\r\n\r\nComments on the draft — due Wed 28 Dec 2022, 15:00\r\n');
  expect(parts[1]!.content).toContain(`"originator":"${ORIGINATOR}"`);
  expect(parts[1]!.content).toContain('<p>Comments on the draft — due Wed 28 Dec 2022, 15:00</p>');
  for (const line of parts[1]!.lines) expect(line.length).toBeLessThanOrEqual(76);
  expect(closed).toBe(true);
  // Every line of the file within the 998 characters a mail line may have.
  for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
});

test('text with a line longer than a mail line may hold goes in base64, whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-eml-'));
  const long = { ...MESSAGE, text: `A reason: ${'é'.repeat(600)}\n\nOpen in IRO Liaison: x` };
  await new EmlNotifier(dir, 'no-reply@liaison.example', () => 0).deliver(IRO, long);
  const eml = readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8');
  const { parts } = parseEml(eml);
  expect(parts[0]!.head).toContain('Content-Transfer-Encoding: base64');
  expect(parts[0]!.content).toBe(long.text.replace(/\n/g, '\r\n'));
  for (const line of eml.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
});
