/**
 * Email for people the bot cannot reach, without Microsoft Graph (local mode): each message is
 * written as an RFC 5322 `.eml` file under the data directory, where any mail client can open
 * it: `multipart/alternative`, the plain text first and the HTML (with the card as an actionable
 * message, or the acknowledgement link: email-content.ts) last, both UTF-8. The text goes as it is
 * (8bit) while its lines fit a mail line, so the file reads as the email; the HTML, whose card is
 * one long line of JSON, in base64. The file is named after the outbox key, so sending the same
 * item again rewrites the same file rather than adding one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryResult, Message, Notifier, Person } from '../../core';
import { emailContent, type EmailContent, type EmailOptions } from './email-content';

export class EmlNotifier implements Notifier {
  readonly channel = 'email' as const;

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => number = Date.now,
    private readonly options: EmailOptions = {},
  ) {}

  deliver(recipient: Person, message: Message): Promise<DeliveryResult> {
    if (!recipient.email) return Promise.resolve({ outcome: 'no-route' });
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const name = createHash('sha256').update(message.key).digest('hex').slice(0, 32);
      const path = join(this.dir, `${name}.eml`);
      // Written whole, then renamed: a reader never sees half a message.
      // The server's alone: a message names people and cases.
      const email = emailContent(recipient, message, this.options);
      const text = emlText(this.from, recipient, message.key, email, this.now(), name);
      writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
      return Promise.resolve({ outcome: 'delivered' });
    } catch (e) {
      return Promise.resolve({ outcome: 'retry', error: `write failed: ${(e as Error).name}` });
    }
  }
}

/** RFC 2047 for a header that is not plain ASCII. */
function header(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean)
    ? clean
    : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

export function emlText(
  from: string,
  to: Person,
  key: string,
  email: EmailContent,
  now: number,
  id: string,
): string {
  // No base64 line can hold "=_"; text holding the boundary goes in base64 too.
  const boundary = `=_liaison_${id}`;
  const part = (type: string, content: string, encoding: '8bit' | 'base64') => [
    `--${boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    ...(encoding === '8bit' ? content.split('\r\n') : base64Lines(content)),
  ];
  const text = email.text.replace(/\r?\n/g, '\r\n');
  const fits = text
    .split('\r\n')
    .every((line) => Buffer.byteLength(line) <= MAX_LINE_OCTETS && !line.includes(boundary));
  return [
    `From: ${header('IRO Liaison')} <${from}>`,
    `To: ${header(to.displayName)} <${to.email}>`,
    `Subject: ${header(email.subject)}`,
    `Date: ${new Date(now).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}@iro-liaison>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    `X-Liaison-Key: ${header(key)}`,
    '',
    ...part('text/plain', text, fits ? '8bit' : 'base64'),
    ...part('text/html', email.html, 'base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** The longest line RFC 5322 allows, without its CRLF. */
const MAX_LINE_OCTETS = 998;

/** Base64 in lines of 76 characters, as MIME asks. */
function base64Lines(content: string): string[] {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines;
}
