/** Messages for the double's mailboxes, made up in bulk for tests and benches. */
import type { GraphMessage } from './mail';

const who = (address: string) => ({ emailAddress: { address } });

export function graphMessage(
  n: number,
  over: Partial<Omit<GraphMessage, 'from' | 'toRecipients' | 'ccRecipients'>> & {
    from?: string;
    to?: string[];
    cc?: string[];
  } = {},
): GraphMessage {
  const { from, to, cc, ...rest } = over;
  return {
    id: `AAMk-${n}`,
    internetMessageId: `<m${n}@council.example.gov.uk>`,
    conversationId: `conv-${n}`,
    subject: `Message ${n}`,
    from: who(from ?? 'someone@council.example.gov.uk'),
    toRecipients: (to ?? ['someone.else@council.example.gov.uk']).map(who),
    ccRecipients: (cc ?? []).map(who),
    sentDateTime: new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString(),
    receivedDateTime: new Date(Date.UTC(2026, 10, 1) + n * 60_000 + 5_000).toISOString(),
    hasAttachments: false,
    // Bodies exist in the mailbox; nothing in the product asks for them.
    body: { contentType: 'text', content: `Body of message ${n}: private.` },
    ...rest,
  };
}
