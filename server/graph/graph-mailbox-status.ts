/**
 * `MailboxStatus` over Microsoft Graph: a mailbox's automatic-replies setting
 * (`GET /users/{id}/mailboxSettings/automaticRepliesSetting`, permission
 * `MailboxSettings.Read`): `alwaysEnabled`, or `scheduled` with now inside its window. Answers
 * are kept for 15 minutes per mailbox, so a burst of reminders asks once; a failure is "could
 * not tell", never "away".
 *
 * Learn: https://learn.microsoft.com/graph/api/resources/automaticrepliessetting.
 */
import { z } from 'zod';
import type { MailboxStatus } from '../../core/ports/mailbox-status';
import type { Logger } from '../logging';
import type { Graph } from './graph-client';

const KEEP_MS = 15 * 60_000;

const when = z.object({ dateTime: z.string(), timeZone: z.string() });
const setting = z.object({
  status: z.enum(['disabled', 'alwaysEnabled', 'scheduled']),
  scheduledStartDateTime: when.optional(),
  scheduledEndDateTime: when.optional(),
});
type Setting = z.infer<typeof setting>;

export class GraphMailboxStatus implements MailboxStatus {
  private readonly kept = new Map<string, { until: number; setting: Setting }>();

  constructor(
    private readonly graph: Graph,
    private readonly logger: Logger,
  ) {}

  async automaticRepliesOn(email: string, at: number): Promise<boolean | undefined> {
    const mailbox = email.toLowerCase();
    let found = this.kept.get(mailbox);
    if (!found || found.until <= at) {
      try {
        const body: unknown = await this.graph.client
          .api(`/users/${encodeURIComponent(mailbox)}/mailboxSettings/automaticRepliesSetting`)
          .get();
        const parsed = setting.safeParse(body);
        if (!parsed.success) {
          this.logger.warn('mailbox settings in an unexpected shape');
          return undefined;
        }
        found = { until: at + KEEP_MS, setting: parsed.data };
        this.kept.set(mailbox, found);
      } catch (err) {
        this.logger.warn({ err }, 'mailbox settings could not be read');
        return undefined;
      }
    }
    return isOn(found.setting, at);
  }
}

function isOn(s: Setting, at: number): boolean | undefined {
  if (s.status === 'alwaysEnabled') return true;
  if (s.status === 'disabled') return false;
  const start = instantOf(s.scheduledStartDateTime);
  const end = instantOf(s.scheduledEndDateTime);
  if (start === undefined || end === undefined) return undefined;
  return at >= start && at < end;
}

/**
 * A scheduled window's bound. Graph states these in UTC (`"timeZone": "UTC"`); a window in
 * another zone is "could not tell" rather than a guess.
 */
function instantOf(w: z.infer<typeof when> | undefined): number | undefined {
  if (!w || (w.timeZone !== 'UTC' && w.timeZone !== 'Etc/UTC')) return undefined;
  const ms = Date.parse(/Z$|[+-]\d\d:?\d\d$/.test(w.dateTime) ? w.dateTime : `${w.dateTime}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
