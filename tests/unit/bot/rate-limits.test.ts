/**
 * The rate limiter on a virtual clock: senders sleep on timers that the test fires in time
 * order, so what is checked is when each message was let go, not how fast anything ran.
 */
import { RateLimiter, TEAMS_LIMITS } from '../../../bot/rate-limits';

class VirtualTime {
  now = 0;
  private timers: { at: number; fire: () => void }[] = [];

  readonly clock = () => this.now;
  readonly sleep = (ms: number) =>
    new Promise<void>((fire) => {
      this.timers.push({ at: this.now + ms, fire });
    });

  /** Fires timers in time order until `work` is done; fails if it can never be. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.then(
      () => (done = true),
      () => (done = true),
    );
    for (;;) {
      // Let every sender that can go on do so before time moves.
      await new Promise((r) => setImmediate(r));
      if (done) return work;
      if (!this.timers.length) throw new Error('stuck: no sender is waiting on a timer');
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
  }
}

function setUp() {
  const time = new VirtualTime();
  return { time, limiter: new RateLimiter(TEAMS_LIMITS, time.clock, time.sleep) };
}

/** The largest number of instants in any window of `ms` (half-open, as Teams counts). */
function most(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= ms) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

test('one conversation: never more than 7 in any second or 60 in any 30 seconds', async () => {
  const { time, limiter } = setUp();
  const sent: number[] = [];
  await time.run(
    Promise.all(
      Array.from({ length: 200 }, () => limiter.take('a:1').then(() => sent.push(time.now))),
    ),
  );
  expect(sent).toHaveLength(200);
  expect(most(sent, 1_000)).toBe(7);
  expect(most(sent, 30_000)).toBe(60);
  // A burst goes at once as far as the limits allow.
  expect(sent.filter((t) => t === 0)).toHaveLength(7);
});

test('across conversations: never more than 50 in any second', async () => {
  const { time, limiter } = setUp();
  const sent: number[] = [];
  const perConversation = new Map<string, number[]>();
  await time.run(
    Promise.all(
      Array.from({ length: 600 }, (_, i) => {
        const conversation = `a:${i % 120}`;
        return limiter.take(conversation).then(() => {
          sent.push(time.now);
          perConversation.set(conversation, [
            ...(perConversation.get(conversation) ?? []),
            time.now,
          ]);
        });
      }),
    ),
  );
  expect(sent).toHaveLength(600);
  expect(most(sent, 1_000)).toBe(50);
  for (const times of perConversation.values()) {
    expect(most(times, 1_000)).toBeLessThanOrEqual(7);
    expect(most(times, 30_000)).toBeLessThanOrEqual(60);
  }
  expect(sent.filter((t) => t === 0)).toHaveLength(50);
});

test('a message counts from when it was let go until 1 s after its send finished', async () => {
  const { time, limiter } = setUp();
  const started: number[] = [];
  // Seven sends to one conversation, each taking 300 ms to reach Teams and come back.
  const slow = Array.from({ length: 7 }, () =>
    limiter.send('a:1', async () => {
      started.push(time.now);
      await time.sleep(300);
    }),
  );
  const eighth = limiter.take('a:1').then(() => time.now);
  await time.run(Promise.all(slow));
  expect(started).toEqual([0, 0, 0, 0, 0, 0, 0]);
  // Not 1 s after the others were let go: 1 s after they finished, as Teams saw them arrive
  // no earlier than they were let go, and no later than they finished.
  expect(await time.run(eighth)).toBe(1_301);
});

test('sends under way count against the limits until they finish', async () => {
  const { time, limiter } = setUp();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const hanging = Array.from({ length: 7 }, () => limiter.send('a:1', () => held));
  const eighth = limiter.take('a:1').then(() => time.now);
  const other = limiter.take('a:2').then(() => time.now);
  // Another conversation is not held up.
  expect(await time.run(other)).toBe(0);
  // Ten seconds on, the seven are still under way: the eighth still waits.
  await time.run(time.sleep(10_000));
  let eighthAt: number | undefined;
  void eighth.then((t) => (eighthAt = t));
  await new Promise((r) => setImmediate(r));
  expect(eighthAt).toBeUndefined();
  release();
  await time.run(Promise.all(hanging));
  const finishedAt = time.now;
  expect(await time.run(eighth)).toBe(finishedAt + 1_001);
});

test('holdBack delays only that conversation, for as long as asked', async () => {
  const { time, limiter } = setUp();
  limiter.holdBack('a:1', 5_000);
  const held = limiter.take('a:1').then(() => time.now);
  const others = Promise.all(
    ['a:2', 'a:3', 'a:2'].map((c) => limiter.take(c).then(() => time.now)),
  );
  expect(await time.run(others)).toEqual([0, 0, 0]);
  expect(await time.run(held)).toBe(5_000);
  // A shorter hold later does not shorten a longer one.
  limiter.holdBack('a:1', 3_000);
  limiter.holdBack('a:1', 1_000);
  expect(await time.run(limiter.take('a:1').then(() => time.now))).toBe(8_000);
});

test('chats that have gone quiet are forgotten once many are tracked; busy and held ones are kept', async () => {
  const { time, limiter } = setUp();
  limiter.holdBack('held', 120_000);
  // 1,200 chats, a message each, spread over a minute (within the app's 50 a second).
  for (let i = 0; i < 1_200; i++) {
    if (i % 20 === 0) time.now += 1_000;
    await time.run(limiter.take(`chat-${i}`));
  }
  // Those quiet for more than 30 s went; the recent ones, and the held one, stay.
  expect(limiter.chats).toBeLessThan(1_200);
  expect(limiter.chats).toBeGreaterThan(500);
  const start = time.now;
  await time.run(limiter.take('held'));
  expect(time.now).toBeGreaterThanOrEqual(120_000);
  expect(time.now).toBeGreaterThan(start);
});
