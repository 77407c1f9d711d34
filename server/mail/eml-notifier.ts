/**
 * Email for people the bot cannot reach (Guardians and others outside the council's tenant),
 * until the Microsoft Graph sender arrives: each message is written as an RFC 5322 `.eml` file
 * under the data directory, where any mail client can open it. The file is named after the
 * outbox key, so sending the same item again rewrites the same file rather than adding one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryResult, Message, Notifier, Person } from '../../core';

export class EmlNotifier implements Notifier {
  readonly channel = 'email' as const;

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly now: () => number = Date.now,
  ) {}

  deliver(recipient: Person, message: Message): Promise<DeliveryResult> {
    if (!recipient.email) return Promise.resolve({ outcome: 'no-route' });
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const name = createHash('sha256').update(message.key).digest('hex').slice(0, 32);
      const path = join(this.dir, `${name}.eml`);
      // Written whole, then renamed: a reader never sees half a message.
      // The server's alone: a message names people and cases.
      writeFileSync(`${path}.tmp`, emlText(this.from, recipient, message, this.now(), name), {
        mode: 0o600,
      });
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
  message: Message,
  now: number,
  id: string,
): string {
  return [
    `From: ${header('IRO Liaison')} <${from}>`,
    `To: ${header(to.displayName)} <${to.email}>`,
    `Subject: ${header(message.subject)}`,
    `Date: ${new Date(now).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}@iro-liaison>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    `X-Liaison-Key: ${header(message.key)}`,
    '',
    message.text.replace(/\r?\n/g, '\r\n'),
    '',
  ].join('\r\n');
}
