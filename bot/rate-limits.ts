/**
 * Teams' limits on proactive messages: per conversation 7 a second and 60 in 30 seconds, and
 * 50 a second for the whole app. A send waits for a slot under all three; a 429 also holds the
 * conversation back for as long as Teams asked. Windows slide, so no burst at a window's edge
 * can break them.
 *
 * Teams counts a message when it arrives, which is some time after the slot was taken (the
 * request is prepared, queued, carried). So `send` counts a message as in the windows from the
 * moment it takes its slot until it has finished, and from then on at the time it finished,
 * which is no earlier than its arrival: however the delays vary, what arrives fits the windows.
 */
export interface Window {
  ms: number;
  max: number;
}

export const TEAMS_LIMITS = {
  perConversation: [
    { ms: 1_000, max: 7 },
    { ms: 30_000, max: 60 },
  ] as Window[],
  perApp: [{ ms: 1_000, max: 50 }] as Window[],
};

/** Above this many chats, idle ones are forgotten (a lane is only needed while it is busy). */
const LANES_KEPT = 1_000;

interface Lane {
  /** When each send finished (for `take`, when it was taken), in time order. */
  sent: number[];
  /** Sends under way: in every window until they finish. */
  inFlight: number;
  heldUntil: number;
}

export class RateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly app: Lane = { sent: [], inFlight: 0, heldUntil: 0 };

  constructor(
    private readonly limits = TEAMS_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * Resolves when a message to this conversation may be sent, and counts it as sent now. The
   * check and the count happen without an await between them, so concurrent senders cannot both
   * take the last slot; a conversation held back by a 429 does not hold up the others.
   */
  async take(conversation: string): Promise<void> {
    this.finish(await this.acquire(conversation));
  }

  /**
   * Runs `send` in a slot: waits as `take` does, and counts the message as under way until
   * `send` settles, then at the time it settled (see above).
   */
  async send<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    const lane = await this.acquire(conversation);
    try {
      return await send();
    } finally {
      this.finish(lane);
    }
  }

  /** How many chats the limiter is keeping track of (idle ones are forgotten). */
  get chats(): number {
    return this.lanes.size;
  }

  /** Teams said 429: nothing more to this conversation for `ms`. */
  holdBack(conversation: string, ms: number): void {
    const lane = this.lane(conversation);
    lane.heldUntil = Math.max(lane.heldUntil, this.now() + ms);
  }

  /** Waits for a slot and takes it as under way. */
  private async acquire(conversation: string): Promise<Lane> {
    const lane = this.lane(conversation);
    for (;;) {
      const now = this.now();
      const delay = Math.max(
        lane.heldUntil - now,
        delayFor(lane, this.limits.perConversation, now),
        delayFor(this.app, this.limits.perApp, now),
      );
      if (delay <= 0) {
        lane.inFlight++;
        this.app.inFlight++;
        return lane;
      }
      await this.sleep(delay);
    }
  }

  /** The send is over: from now on it counts at this instant. */
  private finish(lane: Lane): void {
    const now = this.now();
    for (const l of [lane, this.app]) {
      l.inFlight--;
      l.sent.push(now);
    }
    prune(lane.sent, this.limits.perConversation, now);
    prune(this.app.sent, this.limits.perApp, now);
    if (this.lanes.size > LANES_KEPT) this.forgetIdle(now);
  }

  /** Chats with nothing in any window, under way or held back no longer need a lane. */
  private forgetIdle(now: number): void {
    for (const [conversation, l] of this.lanes) {
      prune(l.sent, this.limits.perConversation, now);
      if (!l.sent.length && !l.inFlight && l.heldUntil <= now) this.lanes.delete(conversation);
    }
  }

  private lane(conversation: string): Lane {
    let lane = this.lanes.get(conversation);
    if (!lane) this.lanes.set(conversation, (lane = { sent: [], inFlight: 0, heldUntil: 0 }));
    return lane;
  }
}

/**
 * How long until one more send fits every window (0: now). Sends under way are in every window;
 * one of them leaves a window no sooner than its length from now, so when a window waits on one,
 * the delay is that length and the check is made again then.
 */
function delayFor(lane: Lane, windows: Window[], now: number): number {
  let delay = 0;
  for (const w of windows) {
    const inWindow = lane.sent.filter((t) => t > now - w.ms);
    const excess = inWindow.length + lane.inFlight - w.max;
    if (excess < 0) continue;
    // The finished send that must leave the window before another fits, if one is enough.
    const leaving = inWindow[excess];
    delay = Math.max(delay, leaving === undefined ? w.ms : leaving + w.ms - now + 1);
  }
  return delay;
}

function prune(sent: number[], windows: Window[], now: number): void {
  const longest = Math.max(...windows.map((w) => w.ms));
  while (sent.length && sent[0]! <= now - longest) sent.shift();
}
