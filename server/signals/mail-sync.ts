/**
 * Mailbox signals, wired: every few minutes the instance holding the `mail-signals` lease reads
 * what changed in the Inbox and Sent Items of each lawyer, social worker and IRO with an email
 * address (`MailSignals`, delta rounds), and in each lawyer's and IRO's calendar
 * (`CalendarSignals`, when given). For each message that names one case:
 *
 * - a confident signal is recorded on the case as the sender's event (`draft.sent-to-iro` at the
 *   message's sent time, `iro.comments-returned`), through the case service like any other write
 *   (the sender's role must record that event), with the Internet Message-ID as the audit
 *   trail's origin and in the idempotency key: the same message read from the sender's Sent
 *   Items and the recipient's Inbox, or read again after a crash, is recorded once;
 * - an uncertain one, or a confident one the case cannot take as it stands (out of sequence),
 *   becomes a suggestion a person confirms or dismisses in the tab.
 *
 * For each meeting that names one case, what it schedules (a review, a hearing) and whether the
 * guardian is invited to a review is recorded as the case's IRO or lawyer, with the meeting's
 * iCalUId as the origin and in the idempotency key: the copies in each attendee's calendar are
 * recorded once (core/signals/case-calendar.ts).
 *
 * A source's cursor is saved only after its round was handled, so a crash repeats a round rather
 * than losing one. A cursor Graph no longer accepts (410) is dropped and the source read afresh.
 */
import { createHash } from 'node:crypto';
import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  LIVE_STATUSES,
  calendarSignalsOf,
  caseRefsIn,
  isLiaisonError,
  signalOf,
  type CalendarMeeting,
  type CalendarSignal,
  type CalendarSignals,
  type CaseCalendarContext,
  type CaseMailContext,
  type Clock,
  type Directory,
  type MailFolder,
  type MailMessage,
  type MailSignal,
  type MailSignals,
  type Person,
  type SignalStore,
  type Leases,
} from '../../core';
import type { Cases } from '../cases/cases';
import { BackgroundJob, Rounds } from '../background';
import type { Logger } from '../logging';

/** What is read of a person: their mail folders, and their calendar. */
export type MailboxSource = MailFolder | 'calendar';
const FOLDERS: MailFolder[] = ['sentitems', 'inbox'];
const ROLES_WITH_MAIL = ['lawyer', 'social-worker', 'iro'];
/** Reviews are in IROs' calendars, hearings in lawyers'. */
const ROLES_WITH_MEETINGS = ['lawyer', 'iro'];
/** How often a round runs; delta rounds on unchanged folders cost one request each. */
const INTERVAL_MS = 5 * 60_000;
const LEASE_MS = 10 * 60_000;
/** Mailboxes read at once (each has its own limit of 4 requests in flight). */
const PARALLEL = 8;

export interface MailSyncDeps {
  signals: MailSignals;
  /** Calendars are read too when given. */
  calendars?: CalendarSignals;
  store: SignalStore & Leases & Directory;
  service: Pick<Cases, 'systemView' | 'recordEvent'>;
  clock: Clock;
  logger: Logger;
  owner: string;
  intervalMs?: number;
}

export interface RoundReport {
  folders: number;
  messages: number;
  meetings: number;
  recorded: number;
  suggested: number;
  failedFolders: number;
}

export class MailSync extends Rounds<RoundReport> {
  protected readonly job: BackgroundJob<RoundReport>;
  /** Reads on notice, per mailbox folder: the last one queued, and whether it has started. */
  private readonly reads = new Map<string, { tail: Promise<void>; waiting: boolean }>();

  constructor(private readonly deps: MailSyncDeps) {
    super();
    this.job = new BackgroundJob({
      name: 'mail-signals',
      work: () => this.round(),
      every: deps.intervalMs ?? INTERVAL_MS,
      lease: { ms: LEASE_MS, holder: deps },
      logger: deps.logger,
    });
  }

  private async round(): Promise<RoundReport> {
    const { store } = this.deps;
    const people = await store.people();
    const report = emptyReport();
    const round = new Round(this.deps, people);
    const queue = mailboxSources(people, this.deps.calendars !== undefined);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
        while (next < queue.length) {
          const { mailbox, source } = queue[next++]!;
          await this.read(mailbox, source, round, report);
        }
      }),
    );
    this.deps.logger.info({ ...report }, 'mail signals round');
    return report;
  }

  /**
   * Reads one mailbox folder or calendar now, outside the rounds (a change notification said it
   * changed). Reads of the same source on this instance follow one another, and a notice arriving
   * while one waits to start is served by it, so none is lost and none overlaps.
   */
  syncFolder(mailbox: string, source: MailboxSource): Promise<void> {
    const key = `${mailbox.toLowerCase()}/${source}`;
    const reads = this.reads.get(key) ?? { tail: Promise.resolve(), waiting: false };
    this.reads.set(key, reads);
    // A read that has not started yet will see this change too.
    if (reads.waiting) return reads.tail;
    reads.waiting = true;
    reads.tail = reads.tail.then(async () => {
      reads.waiting = false;
      try {
        const report = emptyReport();
        const round = new Round(this.deps, await this.deps.store.people());
        await this.read(mailbox.toLowerCase(), source, round, report);
        this.deps.logger.info({ ...report, source }, 'mail signals: read on notice');
      } catch (err) {
        this.deps.logger.error({ err, source }, 'mail signals: a read on notice failed');
      }
    });
    return reads.tail;
  }

  /**
   * One delta round of one source. Its cursor is saved only after every item was handled; a
   * cursor Graph no longer accepts (410) is dropped and the source read afresh next time.
   */
  private async read(
    mailbox: string,
    source: MailboxSource,
    round: Round,
    report: RoundReport,
  ): Promise<void> {
    const { store, signals, calendars, logger } = this.deps;
    const cursor = await store.cursorOf(mailbox, source);
    let changes;
    try {
      changes =
        source === 'calendar'
          ? await calendars!.changes(mailbox, cursor)
          : await signals.changes(mailbox, source, cursor);
    } catch (err) {
      report.failedFolders++;
      if (err instanceof GraphError && err.statusCode === 410) {
        await store.forgetCursor(mailbox, source);
        logger.warn({ source }, 'delta state expired: the source is read afresh next round');
      } else
        logger.warn(
          { source, status: err instanceof GraphError ? err.statusCode : undefined },
          'mailbox source not read this round',
        );
      return;
    }
    report.folders++;
    if (changes.unreadable) logger.warn({ source, count: changes.unreadable }, 'unreadable items');
    if ('messages' in changes)
      for (const message of changes.messages) {
        report.messages++;
        const outcome = await round.handle(message);
        if (outcome === 'recorded') report.recorded++;
        if (outcome === 'suggested') report.suggested++;
      }
    else
      for (const meeting of changes.meetings) {
        report.meetings++;
        // Awaited first: `report.recorded += await …` would read the count before the wait
        // and lose what other sources added meanwhile.
        const recorded = await round.handleMeeting(meeting, mailbox);
        report.recorded += recorded;
      }
    await store.saveCursor(mailbox, source, changes.cursor);
  }
}

/**
 * What is read, and of whom: the Inbox and Sent Items of each lawyer, social worker and IRO with
 * an address, and (when calendars are read) each lawyer's and IRO's calendar.
 */
export function mailboxSources(
  people: readonly Person[],
  calendars: boolean,
): { mailbox: string; source: MailboxSource }[] {
  const out = new Map<string, { mailbox: string; source: MailboxSource }>();
  for (const p of people) {
    if (!p.email) continue;
    const mailbox = p.email.toLowerCase();
    const sources: MailboxSource[] = [
      ...(p.roles.some((r) => ROLES_WITH_MAIL.includes(r)) ? FOLDERS : []),
      ...(calendars && p.roles.some((r) => ROLES_WITH_MEETINGS.includes(r))
        ? (['calendar'] as const)
        : []),
    ];
    for (const source of sources) out.set(`${mailbox}/${source}`, { mailbox, source });
  }
  return [...out.values()];
}

function emptyReport(): RoundReport {
  return { folders: 0, messages: 0, meetings: 0, recorded: 0, suggested: 0, failedFolders: 0 };
}

type CaseView = NonNullable<Awaited<ReturnType<Cases['systemView']>>>;

/** What one round shares: the directory, and each case read once. */
class Round {
  private readonly views = new Map<
    string,
    Promise<(CaseView & { draftConversationId: string | undefined }) | undefined>
  >();
  private readonly byEmail: Map<string, Person>;
  private readonly byId: Map<string, Person>;

  constructor(
    private readonly deps: MailSyncDeps,
    people: Person[],
  ) {
    this.byEmail = new Map(people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
    this.byId = new Map(people.map((p) => [p.id, p]));
  }

  async handle(message: MailMessage): Promise<'recorded' | 'suggested' | 'nothing'> {
    const refs = caseRefsIn(message.subject);
    // Several references, or none: not about one case.
    if (refs.length !== 1) return 'nothing';
    const ref = refs[0]!;
    const context = await this.context(ref);
    const signal = context && signalOf(message, (id) => (id === ref ? context : undefined));
    if (!signal) return 'nothing';
    if (signal.confidence === 'confident') {
      const recorded = await this.record(signal, message);
      if (recorded === 'new') return 'recorded';
      if (recorded === 'again') return 'nothing';
    }
    const added = await this.deps.store.suggest({
      caseId: signal.caseId,
      event: signal.event,
      at: signal.at,
      messageId: signal.messageId,
      reason: signal.reason,
      from: message.from,
      to: [...message.to, ...message.cc],
      hasAttachments: message.hasAttachments,
    });
    return added ? 'suggested' : 'nothing';
  }

  /** The case as the mail matcher sees it (read once a round, until something is recorded). */
  private async context(caseId: string): Promise<CaseMailContext | undefined> {
    const view = await this.view(caseId);
    return (
      view && {
        record: view.record,
        people: this.byId,
        openRules: new Set(
          view.evaluation.obligations.filter((o) => LIVE_STATUSES.has(o.status)).map((o) => o.rule),
        ),
        draftConversationId: view.draftConversationId,
      }
    );
  }

  private view(caseId: string) {
    let found = this.views.get(caseId);
    if (!found) {
      found = this.deps.service.systemView(caseId).then(
        async (view) =>
          view && {
            ...view,
            draftConversationId: await this.deps.store.draftConversationOf(caseId),
          },
      );
      this.views.set(caseId, found);
    }
    return found;
  }

  /**
   * Records what a meeting in `owner`'s calendar says (review or hearing scheduled, guardian
   * invited) as the case's IRO or lawyer, once per meeting and change; returns how many were new.
   * A signal the case refuses is logged and left: the meeting is still in the calendar, and the
   * obligations it would meet keep reminding.
   */
  async handleMeeting(meeting: CalendarMeeting, owner: string): Promise<number> {
    const refs = caseRefsIn(meeting.subject);
    if (refs.length !== 1) return 0;
    const ref = refs[0]!;
    const view = await this.view(ref);
    if (!view) return 0;
    const context: CaseCalendarContext = {
      record: view.record,
      events: view.log.map((r) => r.event),
      people: this.byId,
    };
    let recorded = 0;
    for (const signal of calendarSignalsOf(meeting, owner, (id) =>
      id === ref ? context : undefined,
    ))
      if (await this.recordMeeting(signal)) recorded++;
    return recorded;
  }

  private async recordMeeting(signal: CalendarSignal): Promise<boolean> {
    const recorder = this.byId.get(signal.recorder);
    if (!recorder) return false;
    const at = new Date(Math.min(Date.parse(signal.at), this.deps.clock.now())).toISOString();
    const key = createHash('sha256')
      .update(`${signal.meeting}\n${JSON.stringify(signal.event)}`)
      .digest('hex');
    try {
      const result = await this.deps.service.recordEvent(
        recorder,
        signal.caseId,
        {
          event: { ...signal.event, at, by: recorder.id, surface: 'calendar' },
          idempotencyKey: `calendar-${key.slice(0, 48)}`,
        },
        { personId: recorder.id, surface: 'calendar', origin: `meeting ${signal.meeting}` },
      );
      this.views.delete(signal.caseId);
      return !result.replayed;
    } catch (err) {
      if (!isLiaisonError(err)) throw err;
      this.deps.logger.info(
        { caseId: signal.caseId, event: signal.event.type, code: err.code },
        'calendar signal not recorded',
      );
      return false;
    }
  }

  /**
   * Records the signal as its sender's event: 'new', 'again' (the other copy of a message already
   * recorded), or 'refused' when the case cannot take it as it stands.
   */
  private async record(
    signal: MailSignal,
    message: MailMessage,
  ): Promise<'new' | 'again' | 'refused'> {
    const sender = this.byEmail.get(message.from.toLowerCase());
    if (!sender) return 'refused';
    const key = createHash('sha256').update(`${signal.messageId}\n${signal.event}`).digest('hex');
    let result;
    try {
      result = await this.deps.service.recordEvent(
        sender,
        signal.caseId,
        {
          event: { type: signal.event, at: signal.at, by: sender.id, surface: 'mail' },
          idempotencyKey: `mail-${key.slice(0, 48)}`,
        },
        { personId: sender.id, surface: 'mail', origin: `message ${signal.messageId}` },
      );
    } catch (err) {
      if (!isLiaisonError(err)) throw err;
      // Out of sequence, not the sender's to record, or the case moved on: a person decides.
      this.deps.logger.info(
        { caseId: signal.caseId, event: signal.event, code: err.code },
        'mail signal left as a suggestion',
      );
      return 'refused';
    }
    if (result.replayed) return 'again';
    if (signal.event === 'draft.sent-to-iro' && message.conversationId)
      await this.deps.store.saveDraftConversation(signal.caseId, message.conversationId);
    // The case has moved on (and may now know the draft's thread): read it again if needed.
    this.views.delete(signal.caseId);
    return 'new';
  }
}
