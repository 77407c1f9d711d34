/**
 * Teams' limits on proactive messages: per conversation 7 a second and 60 in 30 seconds, and
 * 50 a second for the whole app. A send waits for a slot under all three; a 429 also holds the
 * conversation back for as long as Teams asked. Windows slide, so no burst at a window's edge
 * can break them.
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

interface Lane {
  sent: number[];
  heldUntil: number;
}

export class RateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly app: Lane = { sent: [], heldUntil: 0 };

  constructor(
    private readonly limits = TEAMS_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {}

  /**
   * Resolves when a message to this conversation may be sent, and counts it as sent. The check
   * and the count happen without an await between them, so concurrent senders cannot both take
   * the last slot; a conversation held back by a 429 does not hold up the others.
   */
  async take(conversation: string): Promise<void> {
    const lane = this.lane(conversation);
    for (;;) {
      const now = this.now();
      const delay = Math.max(
        lane.heldUntil - now,
        delayFor(lane.sent, this.limits.perConversation, now),
        delayFor(this.app.sent, this.limits.perApp, now),
      );
      if (delay <= 0) {
        lane.sent.push(now);
        this.app.sent.push(now);
        prune(lane.sent, this.limits.perConversation, now);
        prune(this.app.sent, this.limits.perApp, now);
        return;
      }
      await this.sleep(delay);
    }
  }

  /** Teams said 429: nothing more to this conversation for `ms`. */
  holdBack(conversation: string, ms: number): void {
    const lane = this.lane(conversation);
    lane.heldUntil = Math.max(lane.heldUntil, this.now() + ms);
  }

  private lane(conversation: string): Lane {
    let lane = this.lanes.get(conversation);
    if (!lane) this.lanes.set(conversation, (lane = { sent: [], heldUntil: 0 }));
    return lane;
  }
}

/** How long until one more send fits every window (0: now). `sent` is in time order. */
function delayFor(sent: number[], windows: Window[], now: number): number {
  let delay = 0;
  for (const w of windows) {
    const inWindow = sent.filter((t) => t > now - w.ms);
    if (inWindow.length >= w.max) {
      // The oldest send that must leave the window before another fits.
      const leaving = inWindow[inWindow.length - w.max]!;
      delay = Math.max(delay, leaving + w.ms - now + 1);
    }
  }
  return delay;
}

function prune(sent: number[], windows: Window[], now: number): void {
  const longest = Math.max(...windows.map((w) => w.ms));
  while (sent.length && sent[0]! <= now - longest) sent.shift();
}
