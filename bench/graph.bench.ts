/**
 * Graph efficiency as JSON: mailbox signals for 200 mailboxes of 5,000 messages each, through
 * the production connection (MSAL, retry, per-mailbox limit) against the loopback Graph double
 * in this process. Figures: requests and time of the first sync, and of an incremental sync after
 * 1% new messages in half the mailboxes. Target: a folder with no change costs exactly one request
 * a round, and no 429 is left unhandled (every round completes). The same for calendars: 200
 * calendars of 300 meetings in the calendar-view window, read in full, then a round with none
 * changed.
 */
import { GraphCalendarSignals } from '../server/graph/graph-calendar-signals';
import { GraphMailSignals } from '../server/graph/graph-mail-signals';
import { MailboxLimiter } from '../server/graph/graph-client';
import { GraphDouble, graphClientFor, graphMessage } from '../tests/support/graph-double';

const MAILBOXES = 200;
const MESSAGES = 5_000;
const MEETINGS = 300;
/** Mailboxes read at once. */
const PARALLEL = 16;

async function eachMailbox<T>(
  boxes: string[],
  work: (box: string, i: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < boxes.length) {
        const i = next++;
        out[i] = await work(boxes[i]!, i);
      }
    }),
  );
  return out;
}

async function main(): Promise<void> {
  const double = await GraphDouble.start({ seed: 11, throttleRate: 0.01, retryAfterSeconds: 0 });
  const boxes = Array.from({ length: MAILBOXES }, (_, i) => `lawyer${i}@council.example.gov.uk`);
  let n = 0;
  for (const box of boxes) {
    double.mail.addMailbox(box);
    double.mail.addMessages(
      box,
      'inbox',
      Array.from({ length: MESSAGES }, () =>
        graphMessage(n++, { body: { contentType: 'text', content: '' } }),
      ),
    );
  }
  const signals = new GraphMailSignals(
    graphClientFor(double, { maxRetries: 5, mailboxes: new MailboxLimiter() }),
  );
  await double.accessToken();

  const requests = () => double.stats().roundTrips;
  const before = requests();
  const started = performance.now();
  const first = await eachMailbox(boxes, (box) => signals.changes(box, 'inbox'));
  const firstSync = {
    requests: requests() - before,
    seconds: +((performance.now() - started) / 1000).toFixed(2),
    messages: first.reduce((sum, r) => sum + r.messages.length, 0),
  };

  // 1% new messages in half the mailboxes; the other half unchanged.
  const changed = boxes.filter((_, i) => i % 2 === 0);
  for (const box of changed)
    double.mail.addMessages(
      box,
      'inbox',
      Array.from({ length: MESSAGES / 100 }, () => graphMessage(n++)),
    );
  const cursors = new Map(boxes.map((box, i) => [box, first[i]!.cursor]));
  const unchanged = boxes.filter((_, i) => i % 2 === 1);
  const round = async (group: string[]) => {
    const at = requests();
    const t = performance.now();
    const results = await eachMailbox(group, (box) =>
      signals.changes(box, 'inbox', cursors.get(box)),
    );
    return {
      requests: requests() - at,
      seconds: +((performance.now() - t) / 1000).toFixed(2),
      newMessages: results.reduce((sum, r) => sum + r.messages.length, 0),
      completed: results.length,
    };
  };
  // Unchanged folders measured without injected faults, so the count is exactly what a round
  // costs; the changed ones with them (their retries are counted).
  double.setFaults({ throttleRate: 0 });
  const quiet = await round(unchanged);
  double.setFaults({ throttleRate: 0.01 });
  const busy = await round(changed);
  const calendars = await calendarRounds(double, boxes);
  const stats = double.stats();
  const result = {
    graph: {
      mailboxes: MAILBOXES,
      messagesPerMailbox: MESSAGES,
      pageSize: 200,
      injected429: stats.injected429,
      firstSync,
      incrementalSync: {
        requests: quiet.requests + busy.requests,
        seconds: +(quiet.seconds + busy.seconds).toFixed(2),
        newMessages: busy.newMessages,
        unchangedFolders: { folders: unchanged.length, requests: quiet.requests },
        changedFolders: { folders: changed.length, requests: busy.requests },
      },
      calendars,
      targets: { requestsPerUnchangedFolder: 1 },
      met: {
        unchangedFolderOneRequest: quiet.requests === unchanged.length && quiet.newMessages === 0,
        unchangedCalendarOneRequest: calendars.quietRound.requests === MAILBOXES,
        no429LeftUnhandled:
          first.length === MAILBOXES &&
          firstSync.messages === MAILBOXES * MESSAGES &&
          busy.completed === changed.length &&
          busy.newMessages === changed.length * (MESSAGES / 100),
      },
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await double.close();
}

/** Calendars: a first read of each window, then a round in which nothing changed. */
async function calendarRounds(double: GraphDouble, boxes: string[]) {
  const DAY = 86_400_000;
  const now = Date.now();
  for (const box of boxes)
    for (let i = 0; i < MEETINGS; i++)
      double.calendar.addMeeting({
        organizer: box,
        attendees: [],
        subject: `[C-${i}] LAC review`,
        start: new Date(now + (i + 1) * DAY).toISOString(),
        end: new Date(now + (i + 1) * DAY + 3_600_000).toISOString(),
      });
  const calendars = new GraphCalendarSignals(
    graphClientFor(double, { maxRetries: 5, mailboxes: new MailboxLimiter() }),
    { now: Date.now },
  );
  double.setFaults({ throttleRate: 0.01 });
  let at = double.stats().roundTrips;
  let t = performance.now();
  const first = await eachMailbox(boxes, (box) => calendars.changes(box));
  const firstRead = {
    requests: double.stats().roundTrips - at,
    seconds: +((performance.now() - t) / 1000).toFixed(2),
    meetings: first.reduce((sum, r) => sum + r.meetings.length, 0),
  };
  double.setFaults({ throttleRate: 0 });
  at = double.stats().roundTrips;
  t = performance.now();
  const quiet = await eachMailbox(boxes, (box, i) => calendars.changes(box, first[i]!.cursor));
  return {
    calendars: boxes.length,
    meetingsPerCalendar: MEETINGS,
    firstRead,
    quietRound: {
      requests: double.stats().roundTrips - at,
      seconds: +((performance.now() - t) / 1000).toFixed(2),
      meetings: quiet.reduce((sum, r) => sum + r.meetings.length, 0),
    },
  };
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
