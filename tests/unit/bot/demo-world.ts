/**
 * The bot's surroundings, in one process: the real case use cases over the in-memory store (every
 * port's contract suite runs on it as on SQLite and SharePoint) with the demo people and cases, a
 * fixed clock, and a Teams conversation driven through the Agents SDK's own `CloudAdapter`, as the
 * server runs it (without an app id, as for the Agents Playground: no token, and replies returned
 * in the answer, `expectReplies`, rather than posted to a connector).
 */
import type { Activity } from '@microsoft/agents-activity';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import { createAdapter } from '../../../bot/adapter';
import {
  resolveCouncilConfig,
  type Actor,
  type EngineSettings,
  type NewConversation,
  type Person,
  type RecordedEvent,
} from '../../../core';
import { LiaisonBot, type BotLog } from '../../../bot/liaison-bot';
import { textOfBlock } from '../../../bot/cards/plain-text';
import type { Card } from '../../../bot/cards/render';
import { composeCases, type Cases } from '../../../server/cases/cases';
import { seedDemo } from '../../../server/demo/demo-data';
import { inMemoryStore } from '../../../server/store/memory/memory-store';
import type { Store } from '../../../server/store/open-store';

/** A Tuesday in term, before the clocks change; the demo cases are dated relative to it. */
export const NOW = '2024-03-12T10:00:00Z';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export { demoPerson } from '../../support/demo-people';

export function engineSettings(): EngineSettings {
  const settings = resolveCouncilConfig({});
  if (!settings.ok) throw new Error(JSON.stringify(settings.issues));
  return settings.value;
}

export interface DemoWorld {
  store: Store;
  service: Cases;
  now: number;
  actor(personId: string): Actor;
  events(caseId: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

export async function demoWorld(now = NOW): Promise<DemoWorld> {
  const t = Date.parse(now);
  const clock = { now: () => t };
  const store = inMemoryStore(clock);
  await seedDemo(store, store, t);
  return {
    store,
    service: composeCases(store, store, engineSettings(), clock),
    now: t,
    actor: (personId) => ({ personId, surface: 'bot' }),
    events: (caseId) => store.readEvents(caseId),
    close: () => store.close(),
  };
}

/** What the bot logged (it must never log message text or card inputs). */
export class RecordingLog implements BotLog {
  readonly entries: { level: string; fields: object; message: string }[] = [];
  info(fields: object, message: string): void {
    this.entries.push({ level: 'info', fields, message });
  }
  warn(fields: object, message: string): void {
    this.entries.push({ level: 'warn', fields, message });
  }
  error(fields: object, message: string): void {
    this.entries.push({ level: 'error', fields, message });
  }
}

type BotStore = Pick<Store, 'saveConversation' | 'forgetConversation' | 'audit' | 'listCases'>;

/** The store as the bot sees it, noting every conversation reference it saves. */
export function noteConversations(store: BotStore): BotStore & { saved: NewConversation[] } {
  const saved: NewConversation[] = [];
  return {
    saved,
    saveConversation: (c) => {
      saved.push(c);
      return store.saveConversation(c);
    },
    forgetConversation: (oid) => store.forgetConversation(oid),
    audit: (entry) => store.audit(entry),
    listCases: (query) => store.listCases(query),
  };
}

export const TAB = 'https://liaison.example/tab/';

/** The actionable-message provider id the bot is configured with. */
export const OUTLOOK_ORIGINATOR = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';

/** A Teams client talking to the bot, one person at a time. */
export class Teams {
  readonly adapter: CloudAdapter;
  readonly log = new RecordingLog();
  readonly store: ReturnType<typeof noteConversations>;
  readonly bot: LiaisonBot;

  constructor(world: DemoWorld) {
    this.store = noteConversations(world.store);
    this.bot = new LiaisonBot({
      operations: world.service,
      directory: world.store,
      store: this.store,
      clock: { now: () => world.now },
      links: { tab: (caseId) => (caseId ? `${TAB}cases/${caseId}` : TAB) },
      log: this.log,
      outlookOriginator: OUTLOOK_ORIGINATOR,
    });
    this.adapter = createAdapter({ appType: 'SingleTenant' }, this.log);
  }

  /** The fields Teams puts on every activity from this person in their personal chat with the bot. */
  static from(aadObjectId: string | undefined, conversationType = 'personal'): Partial<Activity> {
    return {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/uk/',
      from: { id: `29:user-${aadObjectId ?? 'anonymous'}`, name: 'Teams user', aadObjectId },
      conversation: {
        id: `a:conv-${aadObjectId ?? 'anonymous'}`,
        conversationType,
        isGroup: conversationType !== 'personal',
      },
      recipient: { id: 'bot', name: 'IRO Liaison' },
    };
  }

  /**
   * Runs one turn through the adapter and returns everything the bot sent back in it: the
   * activities it replied with, or an invoke's response (as an `invokeResponse` activity).
   */
  async turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const invoke = activity.type === 'invoke';
    const body = invoke ? activity : { ...activity, deliveryMode: 'expectReplies' };
    const answer = { status: 0, body: undefined as unknown };
    const res = {
      headersSent: false,
      writableEnded: false,
      status(code: number) {
        answer.status = code;
        return res;
      },
      setHeader: () => res,
      send(sent: unknown) {
        answer.body = sent;
        return res;
      },
      end() {
        res.writableEnded = true;
        return res;
      },
    };
    const req = { method: 'POST', headers: {}, body, user: { name: 'anonymous' } };
    await this.adapter.process(req, res, (context) => this.bot.run(context));
    if (invoke) return [{ type: 'invokeResponse', value: answer }];
    expect(answer.status).toBe(200);
    return (answer.body as { activities: Partial<Activity>[] }).activities;
  }

  /** A person types in their personal chat; the cards the bot replied with. */
  async say(person: Person | string | undefined, text: string): Promise<Card[]> {
    const replies = await this.turn({ ...Teams.from(oidOf(person)), type: 'message', text });
    return replies.map(cardOf);
  }

  /** The one card a person gets back for a message. */
  async sayOne(person: Person | string | undefined, text: string): Promise<Card> {
    const cards = await this.say(person, text);
    expect(cards).toHaveLength(1);
    return cards[0]!;
  }

  /**
   * A person presses an `Action.Execute` button: the card that replaces it. In Outlook (an
   * actionable message), the Azure Bot's Outlook channel posts the same invoke on `outlook`, from
   * the person's Entra account, in no personal chat with the bot.
   */
  async press(
    person: Person | string | undefined,
    verb: string,
    data: Record<string, unknown> = {},
    channel: 'msteams' | 'outlook' = 'msteams',
  ): Promise<Card> {
    const from = Teams.from(oidOf(person));
    const where: Partial<Activity> =
      channel === 'outlook'
        ? {
            channelId: 'outlook',
            from: { id: oidOf(person) ?? 'anonymous', aadObjectId: oidOf(person) },
            conversation: { id: `outlook-message-${verb}` },
          }
        : {};
    const replies = await this.turn({
      ...from,
      ...where,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
    });
    expect(replies.map((r) => r.type)).toEqual(['invokeResponse']);
    const response = replies[0]!.value as { status: number; body: any };
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ statusCode: 200, type: ADAPTIVE_CARD });
    return response.body.value as Card;
  }
}

function oidOf(person: Person | string | undefined): string | undefined {
  return typeof person === 'object' ? person.entraObjectId : person;
}

function cardOf(activity: Partial<Activity>): Card {
  expect(activity.type).toBe('message');
  expect(activity.attachments).toHaveLength(1);
  expect(activity.attachments![0]!.contentType).toBe(ADAPTIVE_CARD);
  return activity.attachments![0]!.content as Card;
}

/**
 * Every string in a card's text blocks, rich text blocks (their runs joined) and facts, in order:
 * what the person reads.
 */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const text = textOfBlock(o);
      if (text !== undefined) out.push(text);
      if (Array.isArray(o.facts))
        for (const f of o.facts as { title: string; value: string }[])
          out.push(`${f.title}: ${f.value}`);
      for (const [k, v] of Object.entries(o)) if (k !== 'facts') walk(v);
    }
  };
  walk(card);
  return out;
}

/** The card's facts as title → value (the last one wins if a title repeats). */
export function factsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'FactSet')
        for (const f of o.facts as { title: string; value: string }[]) out[f.title] = f.value;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

export interface FoundAction {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Every action on a card (buttons, show cards' buttons, select actions and the refresh action). */
export function actionsOf(card: unknown): FoundAction[] {
  const out: FoundAction[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.'))
        out.push(o as unknown as FoundAction);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Every input on a card, including those inside show cards. */
export function inputsOf(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The Execute action with this verb (exactly one is expected). */
export function executeAction(card: unknown, verb: string): FoundAction {
  const found = actionsOf(card).filter((a) => a.type === 'Action.Execute' && a.verb === verb);
  expect(found).toHaveLength(1);
  return found[0]!;
}
