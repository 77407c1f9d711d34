/**
 * The `MailSignals` port: what changed in a mailbox folder since the last look, as message
 * metadata (never bodies). The adapter is `GraphMailSignals` (delta queries); `cursor` is its
 * opaque state, kept by the caller between rounds.
 */
import type { MailMessage } from '../signals/case-mail';

export type MailFolder = 'inbox' | 'sentitems';

export interface MailChanges {
  /** Messages added or changed since the cursor (all of them on a first round). */
  messages: MailMessage[];
  /** Ids of messages deleted since the cursor. */
  removed: string[];
  /** Where the next round starts. */
  cursor: string;
  /** Messages the service returned in a shape that could not be read (left out, counted). */
  unreadable: number;
}

export interface MailSignals {
  changes(mailbox: string, folder: MailFolder, cursor?: string): Promise<MailChanges>;
}
