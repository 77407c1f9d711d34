/**
 * The dispatcher: claims due outbox items under a lease (so several instances never send the
 * same one), renders each as it stands now, and hands it to the first notifier that can reach
 * the person (Teams, then email). An item is marked sent only after the channel accepted it; a
 * passing failure is retried with backoff and jitter (never sooner than a 429's Retry-After); an
 * item that keeps failing is parked, and shows as undelivered on the case.
 *
 * A crash between the channel accepting an item and the store recording it repeats that item
 * when the lease lapses (at most the items in flight, up to CONCURRENCY): delivery is at least
 * once. Teams does not deduplicate: the key sent with a card only lets a resend be recognised in
 * the channel's data, not stopped (tests/integration/delivery/reliability.test.ts shows both).
 *
 * One file because claiming, rendering, sending and settling an item share its lease; apart, the
 * only-once argument could not be read whole.
 */
import {
  LIVE_STATUSES,
  CARD_UPDATE,
  HANDOVER,
  DIGEST,
  SERVICE_NOTICE,
  type ServiceNotice,
  type WeeklyDigest,
  canSeeCase,
  cardNotice,
  obligationCardInput,
  showsIroAlert,
  STAGE_OF_KIND,
  type HandoverCardInput,
  type ObligationCardInput,
  coverWhenAway,
  type CoverReason,
  deputyAt,
  inherited,
  messageObligation,
  partyNamedBy,
  formatInstant,
  type AuditTrail,
  type Conversations,
  type Outbox,
  type Clock,
  type DeliveryChannel,
  type Directory,
  type MailboxStatus,
  type Message,
  type Notifier,
  type Obligation,
  type OutboxItem,
  type Person,
  type Role,
} from '../../core';
import type { Cases } from '../cases/cases';
import { BackgroundJob } from '../background';
import type { Logger } from '../logging';

/** Long enough for a throttled send to finish; a dead instance's items return after it. */
const LEASE_MS = 120_000;
/**
 * Items claimed at once: enough different people that Teams' per-chat limit (7 a second) is not
 * what holds a batch back when one person has several items due together.
 */
const BATCH = 200;
/** Items sent at once; the Teams notifier's rate limiter paces them further. */
const CONCURRENCY = 50;
const IDLE_POLL_MS = 1_000;
/** After this many failed attempts an item is parked for people to see. */
export const MAX_ATTEMPTS = 8;

export interface DispatcherDeps {
  store: Outbox & Pick<AuditTrail, 'audit'> & Pick<Conversations, 'conversationOf'> & Directory;
  service: Pick<Cases, 'systemView' | 'latestIroAlert'>;
  /** In order of preference: the first that can reach the person is used. */
  notifiers: Notifier[];
  render: (key: string, input: ObligationCardInput) => Message;
  /** The one card for a new holder of a role, listing what they take over. */
  renderHandover: (key: string, input: HandoverCardInput) => Message;
  /** A notice about a duty of the services (no case): as core/service/ worded it. */
  renderService: (key: string, notice: ServiceNotice, forWhom?: string) => Message;
  /** A person's weekly digest, as core/notices/weekly-digest.ts made it. */
  renderDigest: (key: string, digest: WeeklyDigest, forWhom?: string) => Message;
  tabUrl: (caseId: string) => string;
  clock: Clock;
  logger: Logger;
  owner: string;
  random?: () => number;
  /** How long a claim holds its items (default 120 s); a dead instance's items return after it. */
  leaseMs?: number;
  /** Whether an IRO is away (automatic replies on): their cards then go to the IRO Team Manager too. */
  mailboxStatus?: MailboxStatus;
}

export class Dispatcher {
  /** No named lease: each claimed item is leased on its own, so instances share the work. */
  private readonly job: BackgroundJob<number>;

  constructor(private readonly deps: DispatcherDeps) {
    this.job = new BackgroundJob({
      name: 'dispatch',
      work: () => this.runOnce(),
      // Busy: straight on. Idle (or failing): look again shortly.
      every: (n) => (n ? 0 : IDLE_POLL_MS),
      logger: deps.logger,
    });
  }

  start(): void {
    this.job.start();
  }

  async stop(): Promise<void> {
    await this.job.stop();
  }

  /** Claims and sends one batch; returns how many items it took. */
  async runOnce(): Promise<number> {
    const now = formatInstant(this.deps.clock.now());
    const leaseMs = this.deps.leaseMs ?? LEASE_MS;
    const items = interleaved(await this.deps.store.claim(this.deps.owner, now, leaseMs, BATCH));
    // A batch often holds several items of one case (a reminder to each party): each case is
    // read and evaluated once per batch, and the directory read once, not once per item.
    const batch: Batch = { views: new Map(), people: this.deps.store.people() };
    let next = 0;
    const worker = async () => {
      while (next < items.length) await this.send(items[next++]!, batch);
    };
    // Every send settles (send() catches what it can), so a batch ends only when all have.
    await Promise.allSettled(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    return items.length;
  }

  private async send(item: OutboxItem, batch: Batch): Promise<void> {
    try {
      if (item.kind === CARD_UPDATE) return await this.updateCards(item, batch);
      const prepared = await this.prepare(item, batch);
      if ('skip' in prepared) {
        await this.settle(item, 'not-needed', prepared.skip);
        return;
      }
      for (const notifier of this.deps.notifiers) {
        const result = await notifier.deliver(prepared.recipient, prepared.message);
        if (result.outcome === 'no-route') continue;
        if (result.outcome === 'delivered') {
          // Before settling: a crash in between repeats the item, and the cover's key is stable.
          await this.coverIfAway(item, prepared, batch);
          return await this.settle(item, notifier.channel, undefined, result.ref);
        }
        if (result.outcome === 'failed' && notifier.channel === 'teams')
          // The chat is gone (the notifier forgot it): the next attempt goes by email.
          return await this.retry(item, result.error, 0);
        if (result.outcome === 'failed') return await this.park(item, result.error);
        return await this.retry(item, result.error, result.retryAfterMs);
      }
      await this.park(item, 'no way to reach this person (no Teams chat with the bot, no email)');
    } catch (err) {
      this.deps.logger.error({ err, outbox: item.id }, 'notification could not be prepared');
      await this.retry(item, `internal: ${(err as Error).name}`, undefined);
    }
  }

  private async prepare(item: OutboxItem, batch: Batch): Promise<{ skip: string } | Prepared> {
    if (item.kind === HANDOVER) return this.prepareHandover(item, batch);
    if (item.kind === SERVICE_NOTICE || item.kind === DIGEST)
      return this.prepareWorded(item, batch);
    const payload = item.payload as { obligation?: string; stage?: string };
    const stage = STAGE_OF_KIND[item.kind];
    if (!stage || typeof payload.obligation !== 'string')
      return { skip: `unknown kind ${item.kind}` };
    const reached = await this.reach(item, batch);
    if ('skip' in reached) return reached;
    const { everyone, recipient, view } = reached;
    if (!canSeeCase(recipient, view.record)) return { skip: 'recipient no longer on the case' };
    const obligation = view.evaluation.obligations.find((o) => o.id === payload.obligation);
    // Met, waived or gone before it was due to go: nothing to say.
    if (!obligation || !LIVE_STATUSES.has(obligation.status))
      return { skip: `obligation ${obligation?.status ?? 'gone'}` };
    const { to, forWhom } = this.deliverTo(recipient, everyone);
    return {
      recipient: to,
      view,
      message: await this.message(item, to, view, obligation, everyone, forWhom),
    };
  }

  /**
   * A notice worded when it was queued (about the services' duties, or a weekly digest): to the
   * person, or their deputy while they are away.
   */
  private async prepareWorded(
    item: OutboxItem,
    batch: Batch,
  ): Promise<{ skip: string } | Prepared> {
    const everyone = await batch.people;
    const recipient = everyone.find((p) => p.id === item.recipient);
    if (!recipient) return { skip: 'recipient no longer in the directory' };
    if (recipient.leftAt !== undefined) return { skip: 'recipient has left' };
    const { to, forWhom } = this.deliverTo(recipient, everyone);
    return {
      recipient: to,
      message:
        item.kind === DIGEST
          ? this.deps.renderDigest(item.key, item.payload as WeeklyDigest, forWhom?.displayName)
          : this.deps.renderService(item.key, item.payload as ServiceNotice, forWhom?.displayName),
    };
  }

  /** The item's recipient, still here, and its case as it stands; or why it goes no further. */
  private async reach(
    item: OutboxItem,
    batch: Batch,
  ): Promise<{ skip: string } | { everyone: Person[]; recipient: Person; view: CaseView }> {
    const everyone = await batch.people;
    const recipient = everyone.find((p) => p.id === item.recipient);
    if (!recipient) return { skip: 'recipient no longer in the directory' };
    if (recipient.leftAt !== undefined) return { skip: 'recipient has left' };
    const view = await this.view(item.caseId, batch);
    if (!view) return { skip: 'case not found' };
    return { everyone, recipient, view };
  }

  /**
   * Who gets a person's notices now: while they are away with a deputy named, the deputy, acting
   * for them (in their roles on the case); otherwise the person.
   */
  private deliverTo(recipient: Person, everyone: Person[]): { to: Person; forWhom?: Person } {
    const id = deputyAt(recipient, this.deps.clock.now());
    const deputy = id && everyone.find((p) => p.id === id && p.leftAt === undefined);
    return deputy
      ? { to: { ...deputy, coversFor: [recipient.id] }, forWhom: recipient }
      : { to: recipient };
  }

  /** What a new holder of a role takes over, as it stands now (nothing left: nothing sent). */
  private async prepareHandover(
    item: OutboxItem,
    batch: Batch,
  ): Promise<{ skip: string } | Prepared> {
    const payload = item.payload as { role: Role; from?: string; left?: string };
    const reached = await this.reach(item, batch);
    if ('skip' in reached) return reached;
    const { everyone, recipient, view } = reached;
    const holder = view.record.members.find((m) => m.role === payload.role);
    if (payload.left) {
      // Told to name someone: not once someone is named, nor if they no longer see the case.
      if (holder) return { skip: 'the role has a holder again' };
      if (!canSeeCase(recipient, view.record)) return { skip: 'recipient no longer on the case' };
    } else if (holder?.personId !== recipient.id)
      return { skip: 'recipient no longer holds the role' };
    const items = inherited(view.evaluation, payload.role);
    // A role left empty is told of whatever waits; a new holder only when something does.
    if (!items.length && !payload.left) return { skip: 'nothing left to take over' };
    const from = everyone.find((p) => p.id === payload.from);
    const vacatedBy = everyone.find((p) => p.id === payload.left);
    // Who named them: the latest event naming this person in this role.
    const naming = [...view.log].reverse().find((e) => {
      const named = partyNamedBy(e.event);
      return named?.role === payload.role && named.id === recipient.id;
    });
    return {
      recipient,
      view,
      message: this.deps.renderHandover(item.key, {
        record: view.record,
        role: payload.role,
        ...(from ? { from } : {}),
        ...(vacatedBy ? { vacatedBy } : {}),
        by: everyone.find((p) => p.id === naming?.recordedBy),
        items,
        now: this.deps.clock.now(),
        tabUrl: this.deps.tabUrl(item.caseId),
      }),
    };
  }

  /**
   * A card for someone who cannot be reached (an IRO or IRO Team Manager who is away: automatic
   * replies on, or a deputy named for now) goes to whoever the protocol names to be contacted
   * instead, as well (core/notices/iro-contact.ts says who). Escalations already go to managers.
   */
  private async coverIfAway(item: OutboxItem, prepared: Prepared, batch: Batch): Promise<void> {
    const payload = item.payload as { obligation: string; stage?: string; cover?: string };
    const stage = STAGE_OF_KIND[item.kind];
    const { view } = prepared;
    if (!view || payload.cover || stage === 'escalation') return;
    const everyone = await batch.people;
    const person = everyone.find((p) => p.id === item.recipient);
    if (!person) return;
    const now = this.deps.clock.now();
    const covers = coverWhenAway(person, view.record, everyone);
    if (!covers.length) return;
    const status = this.deps.mailboxStatus;
    const autoReplies =
      !!status && !!person.email && (await status.automaticRepliesOn(person.email, now)) === true;
    // An IRO's deputy is another IRO, who can be contacted; a Team Manager's absence is absence.
    const away = (reason: CoverReason) =>
      autoReplies || (reason === 'team-manager-away' && deputyAt(person, now) !== undefined);
    const label = payload.stage ?? stage;
    const told = covers.filter(({ reason }) => away(reason));
    if (!told.length) return;
    const made = await this.deps.store.enqueue(
      told.flatMap(({ to, reason }) =>
        to.map((id) => ({
          key: `${payload.obligation}:${label}:cover:${id}`,
          caseId: item.caseId,
          recipient: id,
          kind: item.kind,
          payload: { ...payload, cover: person.id, reason },
          availableAt: formatInstant(now),
        })),
      ),
    );
    if (made)
      this.deps.logger.info(
        { outbox: item.id, covers: made },
        'away: told who the protocol names instead',
      );
  }

  /**
   * Brings the cards already posted about an obligation up to date in each person's chat. A card
   * that cannot be updated stays as it was (in Teams it also refreshes itself when its person
   * looks at it); a passing failure tries them all again, which only repeats the same content.
   */
  private async updateCards(item: OutboxItem, batch: Batch): Promise<void> {
    const id = (item.payload as { obligation?: unknown }).obligation;
    const view = await this.view(item.caseId, batch);
    const obligation = view?.evaluation.obligations.find((o) => o.id === id);
    const teams = this.deps.notifiers.find((n) => n.update !== undefined);
    if (!view || !obligation || !teams?.update)
      return this.settle(item, 'not-needed', 'nothing to update');
    const everyone = await batch.people;
    const posted = (await this.deps.store.outboxForCase(item.caseId)).filter(
      (i) =>
        i.channel === teams.channel &&
        i.sentRef !== undefined &&
        STAGE_OF_KIND[i.kind] !== undefined &&
        (i.payload as { obligation?: unknown }).obligation === id,
    );
    let updated = 0;
    let again: { error: string; retryAfterMs?: number } | undefined;
    for (const card of posted) {
      const recipient = everyone.find((p) => p.id === card.recipient);
      if (!recipient || !canSeeCase(recipient, view.record)) continue;
      const message = await this.message(card, recipient, view, obligation, everyone);
      const result = await teams.update(recipient, card.sentRef!, message);
      if (result.outcome === 'delivered') updated++;
      if (result.outcome === 'retry') again = result;
    }
    if (again) return this.retry(item, again.error, again.retryAfterMs);
    if (!updated) return this.settle(item, 'not-needed', 'no card to update');
    await this.settle(item, teams.channel, `${updated} card(s) updated`);
  }

  private view(caseId: string, batch: Batch): ReturnType<Cases['systemView']> {
    let viewing = batch.views.get(caseId);
    if (!viewing) batch.views.set(caseId, (viewing = this.deps.service.systemView(caseId)));
    return viewing;
  }

  /** The card (and email) for an outbox item, as the obligation stands now. */
  private async message(
    item: OutboxItem,
    recipient: Person,
    view: CaseView,
    obligation: Obligation,
    everyone: Person[],
    /** The person away whom the recipient stands in for, as their deputy. */
    forWhom?: Person,
  ): Promise<Message> {
    const { store, service } = this.deps;
    const payload = item.payload as {
      stage?: string;
      cover?: string;
      reason?: CoverReason;
      standIn?: string;
      from?: string;
    };
    // In the person's own chat the card refreshes itself for them when they look at it (a
    // countdown stays true, an obligation met meanwhile shows as met).
    const teamsUser = (await store.conversationOf(recipient.id))?.reference.user as
      { id?: unknown } | undefined;
    const input = obligationCardInput({
      record: view.record,
      obligation,
      stage: STAGE_OF_KIND[item.kind]!,
      viewer: recipient,
      directory: everyone,
      now: this.deps.clock.now(),
      tabUrl: this.deps.tabUrl(item.caseId),
      alert: showsIroAlert(obligation) ? service.latestIroAlert(view.record, view.log) : undefined,
      notice: cardNotice(
        payload,
        obligation,
        new Map(everyone.map((p) => [p.id, p])),
        everyone.find((p) => p.id === payload.cover)?.displayName,
        forWhom,
      ),
      refreshUserIds: typeof teamsUser?.id === 'string' ? [teamsUser.id] : [],
    });
    // What an email needs of the obligation: the deadline a link outside the tenant acknowledges.
    return {
      ...this.deps.render(item.key, input),
      obligation: messageObligation(recipient, view.record, obligation),
    };
  }

  private async settle(
    item: OutboxItem,
    channel: DeliveryChannel,
    why?: string,
    ref?: string,
  ): Promise<void> {
    const at = formatInstant(this.deps.clock.now());
    if (!(await this.deps.store.markSent(item.id, this.deps.owner, at, channel, ref))) return;
    await this.deps.store.audit({
      actor: { personId: 'system', surface: channel === 'email' ? 'mail' : 'bot' },
      action:
        channel === 'not-needed'
          ? 'notification.not-needed'
          : item.kind === CARD_UPDATE
            ? 'notification.updated'
            : 'notification.delivered',
      ...(item.caseId ? { caseId: item.caseId } : {}),
      detail: { key: item.key, to: item.recipient, channel, ...(why ? { why } : {}) },
    });
  }

  private async retry(item: OutboxItem, error: string, retryAfterMs: number | undefined) {
    if (item.attempts + 1 >= MAX_ATTEMPTS) return this.park(item, error);
    // Exponential backoff from 2 s, capped at 5 minutes, with jitter so that items failed
    // together do not return together; never sooner than a 429's Retry-After.
    const backoff = Math.min(300_000, 2_000 * 2 ** item.attempts);
    const jittered = backoff / 2 + (backoff / 2) * (this.deps.random ?? Math.random)();
    // Whole milliseconds: formatInstant of a fractional instant is not a valid timestamp, and the
    // store's refusal of it left the item leased (and its attempt uncounted) until the lease lapsed.
    const wait = Math.ceil(Math.max(retryAfterMs ?? 0, jittered));
    const retryAt = formatInstant(this.deps.clock.now() + wait);
    await this.deps.store.markFailed(item.id, this.deps.owner, error, { retryAt });
  }

  private async park(item: OutboxItem, error: string): Promise<void> {
    if (!(await this.deps.store.markFailed(item.id, this.deps.owner, error, 'park'))) return;
    this.deps.logger.warn({ outbox: item.id, kind: item.kind, error }, 'notification parked');
    await this.deps.store.audit({
      actor: { personId: 'system', surface: 'bot' },
      action: 'notification.parked',
      caseId: item.caseId,
      detail: { key: item.key, to: item.recipient, error },
    });
  }
}

/** An item ready to go: to whom, the case as it stands (if it is about one), and what to send. */
type CaseView = NonNullable<Awaited<ReturnType<Cases['systemView']>>>;

interface Prepared {
  recipient: Person;
  view?: CaseView;
  message: Message;
}

/** What the items of one claimed batch share. */
interface Batch {
  views: Map<string, ReturnType<Cases['systemView']>>;
  people: Promise<Person[]>;
}

/** Round-robin by recipient, in due order within each: one person's burst does not stall the rest. */
function interleaved(items: OutboxItem[]): OutboxItem[] {
  const byRecipient = new Map<string, OutboxItem[]>();
  for (const item of items) {
    const queue = byRecipient.get(item.recipient);
    if (queue) queue.push(item);
    else byRecipient.set(item.recipient, [item]);
  }
  const out: OutboxItem[] = [];
  for (let round = 0; out.length < items.length; round++)
    for (const queue of byRecipient.values()) if (round < queue.length) out.push(queue[round]!);
  return out;
}
