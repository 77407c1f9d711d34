/**
 * The Teams bot's turns: commands in personal chat, the Send IRO alert form, and the Universal
 * Actions (`Action.Execute`) behind every card button. Whoever sends a turn is identified by their
 * Entra object id and acts only through the case operations, which authorise and audit.
 *
 * One class because the Bot Framework hands every turn of the conversation to one handler; each
 * turn kind is a method of its own below.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import {
  caseRefsIn,
  coveredBy,
  humanInstant,
  instantFromLondon,
  isLiaisonError,
  formatInstant,
  parseBritishDateTime,
  toldOfAlertText,
  mayRecord,
  parseInstant,
  type Actor,
  type CaseOperations,
  type CaseRecord,
  type Clock,
  type Directory,
  type Person,
  caseIdOf,
  caseIdOfObligation,
  obligationCardInput,
  onCaseReference,
  showsIroAlert,
  type Notice,
  type People,
  type Stage,
  type CaseLog,
  type AuditTrail,
  type Conversations,
} from '../core';
import { isoDateOf } from '../core/time/london';
import type { Card } from './cards/render';
import {
  caseLinkCard,
  caseSummaryCard,
  helpCard,
  iroAlertFormCard,
  iroAlertPreviewCard,
  iroAlertSentCard,
  messageCard,
  myDeadlinesCard,
  obligationCard,
} from './cards/views';
import { parseCommand } from './commands';
import { refusalText } from './refusals';
import { caseQuery, forDialog, isMessageExtensionCommand, messageText } from './message-extension';

/** Where the tab shows a case (a Teams deep link in production, the local tab otherwise). */
export interface Links {
  tab(caseId?: string): string;
}

/** What the bot logs: never message text, card inputs or tokens (they may name a child). */
export interface BotLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface BotDeps {
  operations: CaseOperations;
  directory: Directory;
  store: Pick<Conversations, 'saveConversation' | 'forgetConversation'> &
    Pick<AuditTrail, 'audit'> &
    Pick<CaseLog, 'listCases'>;
  clock: Clock;
  links: Links;
  log: BotLog;
}

const CARD = 'application/vnd.microsoft.card.adaptive';
const STAGES = new Set<Stage>(['new', 'moved', 'reminder', 'overdue', 'escalation', 'current']);

/** Every verb a card button may carry (`Action.Execute`); text commands map onto the same verbs. */
export const VERBS = [
  'showHelp',
  'showMyDeadlines',
  'showCase',
  'startIroAlert',
  'previewIroAlert',
  'sendIroAlert',
  'acknowledgeObligation',
  'completeObligation',
  'waiveObligation',
  'reportCannotMeet',
  'refreshObligation',
] as const;
export type Verb = (typeof VERBS)[number];

function isVerb(verb: string): verb is Verb {
  return (VERBS as readonly string[]).includes(verb);
}

export const WELCOME =
  'I track the deadlines in the IRO and Legal Services protocol and the IRO and Guardian protocol, remind you before they fall due, and tell your manager when they slip.';

export class LiaisonBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded && isPersonal(context)) {
        const person = await this.remember(context);
        await reply(context, person ? await this.help(person, WELCOME) : notRegistered());
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      const oid = context.activity.from.aadObjectId;
      if (oid && (await this.deps.store.forgetConversation(oid)))
        this.deps.log.info({ bot: 'uninstalled' }, 'conversation reference removed');
      await next();
    });
  }

  /** The help card, its examples naming one of the person's own cases. */
  private async help(person: Person, intro: string): Promise<Card> {
    const [mine] = await this.deps.store.listCases({ teams: [], memberId: person.id, limit: 1 });
    return helpCard(person, intro, mine?.header.id);
  }

  /** Who sent this turn, and from now on where to reach them (personal chats only). */
  private async remember(context: TurnContext): Promise<Person | undefined> {
    const oid = context.activity.from.aadObjectId;
    const found = oid ? await this.deps.directory.personByEntraObjectId(oid) : undefined;
    // Someone who has left is no longer a user, in Teams as in the tab.
    const person = found?.leftAt === undefined ? found : undefined;
    // A deputy acts, while the absence lasts, in the roles of whom they stand in for.
    if (person) {
      const covers = coveredBy(
        await this.deps.directory.deputisedBy(person.id),
        person.id,
        this.deps.clock.now(),
      );
      if (covers.length) person.coversFor = covers;
    }
    if (person && oid && isPersonal(context)) {
      await this.deps.store.saveConversation({
        entraObjectId: oid,
        personId: person.id,
        reference: JSON.parse(
          JSON.stringify(TurnContext.getConversationReference(context.activity)),
        ) as Record<string, unknown>,
      });
    }
    return person;
  }

  private actor(context: TurnContext, person: Person): Actor {
    // Universal Actions from an Outlook message arrive on the Outlook channel.
    const surface = context.activity.channelId === 'outlook' ? 'outlook' : 'bot';
    return { personId: person.id, surface, origin: `${context.activity.channelId}` };
  }

  private async message(context: TurnContext): Promise<void> {
    const person = await this.remember(context);
    if (!person) return reply(context, notRegistered());
    const command = parseCommand(context.activity.text ?? '');
    const card = await this.perform(context, person, command.verb, command.data);
    await reply(context, card);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const person = await this.remember(context);
    const verb = typeof invoke.action?.verb === 'string' ? invoke.action.verb : '';
    const data = isRecord(invoke.action?.data) ? invoke.action.data : {};
    const card = person ? await this.perform(context, person, verb, data) : notRegistered();
    return { statusCode: 200, type: CARD, value: card };
  }

  /**
   * "Find case" (message extension search, Teams and Outlook): cases the person may see whose
   * reference matches what they typed. The preview (seen only by them) shows the child's
   * initials; the card it inserts shows the reference and a link that needs sign-in, nothing
   * more. Each search is audited like any other read of the case list.
   */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const person = await this.remember(context);
    const typed = text(query.parameters?.find((p) => p.name === 'query')?.value);
    if (!person || query.commandId !== 'findCase' || !typed)
      return {
        composeExtension: {
          type: 'message',
          text: !person
            ? 'You are not registered as a user of IRO Liaison.'
            : 'Type a case reference, e.g. C-1042.',
        },
      };
    const { cases: found } = await this.deps.operations.listCases(
      person,
      { limit: SEARCH_RESULTS, reference: caseQuery(typed) },
      this.actor(context, person),
    );
    return {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: found.map((c) => {
          const id = c.case.header.id;
          return {
            ...CardFactory.adaptiveCard(caseLinkCard(id, this.deps.links.tab(id))),
            preview: CardFactory.thumbnailCard(
              `${id} (${c.case.header.childInitials})`,
              `${c.counts.open} open, ${c.counts.dueSoon} due soon, ${c.counts.overdue} overdue`,
            ),
          };
        }),
      },
    };
  }

  /**
   * "Send IRO alert" on a message (Teams or Outlook): the alert form in a dialog, with the case
   * the message names already chosen (when it names exactly one the person may alert on).
   */
  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const person = await this.remember(context);
    if (!person) return dialog(notRegistered());
    if (action.commandId !== 'sendIroAlert')
      return dialog(helpCard(person, 'That command is from an older version of this app.'));
    const refs = caseRefsIn(messageText(action.messagePayload));
    const caseId = refs.length === 1 ? refs[0] : undefined;
    return dialog(await this.iroAlertForm(person, caseId ? { caseId } : {}));
  }

  /** A button pressed in the dialog: the same verbs as everywhere else, the answer in the dialog. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const person = await this.remember(context);
    if (!person) return dialog(notRegistered());
    const data = isRecord(action.data) ? action.data : {};
    const verb = typeof data.verb === 'string' ? data.verb : 'unknown';
    if (!isMessageExtensionCommand(action.commandId))
      return dialog(helpCard(person, 'That command is from an older version of this app.'));
    return dialog(await this.perform(context, person, verb, data));
  }

  /** One place for every command and card button: the verb says what to do. */
  private async perform(
    context: TurnContext,
    person: Person,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<Card> {
    const actor = this.actor(context, person);
    if (verb === 'unknown')
      return this.help(person, "I didn't recognise that. Here is what I can do:");
    if (!isVerb(verb)) return helpCard(person, 'That button is from an older version of this app.');
    try {
      switch (verb) {
        case 'showHelp':
          return await this.help(person, WELCOME);
        case 'showMyDeadlines':
          return myDeadlinesCard(
            await this.deps.operations.myObligations(person, actor),
            this.deps.clock.now(),
            this.deps.links.tab(),
          );
        case 'showCase':
          return await this.caseSummary(person, actor, text(data.caseId));
        case 'startIroAlert':
          return await this.iroAlertForm(person, data);
        case 'previewIroAlert':
          return await this.previewIroAlert(person, actor, data);
        case 'sendIroAlert':
          return await this.sendIroAlert(context, person, actor, data);
        case 'acknowledgeObligation':
        case 'completeObligation':
        case 'waiveObligation':
        case 'reportCannotMeet':
        case 'refreshObligation':
          return await this.obligationAction(context, person, actor, verb, data);
        default:
          return unhandled(verb);
      }
    } catch (e) {
      if (!isLiaisonError(e)) throw e;
      await this.deps.store.audit({
        actor,
        action: 'card.refused',
        detail: { verb, code: e.code },
      });
      return messageCard(
        verb.startsWith('show') ? 'Not available to you' : 'Nothing was changed',
        e.detail,
      );
    }
  }

  private async people(ids: string[]): Promise<People> {
    const out = new Map<string, Person>();
    for (const id of new Set(ids)) {
      const p = await this.deps.directory.person(id);
      if (p) out.set(id, p);
    }
    return out;
  }

  private async caseSummary(person: Person, actor: Actor, typed: string): Promise<Card> {
    if (!typed)
      return messageCard('Which case?', 'Say "case" and its reference, e.g. case C-1001.');
    const view = await onCaseReference(typed, (id) =>
      this.deps.operations.getCase(person, id, actor),
    );
    const caseId = view.case.header.id;
    const people = await this.people(view.case.members.map((m) => m.personId));
    return caseSummaryCard(
      view,
      people,
      person,
      this.deps.clock.now(),
      this.deps.links.tab(caseId),
    );
  }

  /** The cases on which this person may send the IRO alert. */
  private async alertableCases(person: Person): Promise<CaseRecord[]> {
    const out: CaseRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.deps.store.listCases({
        teams: person.teams,
        memberId: person.id,
        limit: 200,
        after,
      });
      out.push(...page.filter((c) => mayRecord(person, c, 'iro-alert.sent')));
      if (page.length < 200) return out;
      after = page[page.length - 1]!.header.id;
    }
  }

  private async iroAlertForm(
    person: Person,
    data: Record<string, unknown>,
    error?: string,
  ): Promise<Card> {
    const cases = await this.alertableCases(person);
    if (!cases.length)
      return messageCard(
        'Send IRO alert',
        'Only Legal Services send the IRO alert, on cases they work on. You have none.',
      );
    // "Change" comes back with the instant it showed: split it into the form's fields again.
    const local = parseInstant(text(data.filingDue)).ok ? text(data.filingDue) : '';
    // Only a case the form offers can be chosen in it.
    const caseId = cases.find((c) => caseIdOf(c.header.id) === caseIdOf(text(data.caseId)))?.header
      .id;
    return iroAlertFormCard({
      cases,
      caseId,
      filingDate: text(data.filingDate) || local.slice(0, 10) || undefined,
      filingTime: text(data.filingTime) || local.slice(11, 16) || undefined,
      error,
    });
  }

  private async previewIroAlert(
    person: Person,
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<Card> {
    const caseId = text(data.caseId);
    // Typed after the command ("12/02/2027 4pm"), or from the form's date and time pickers.
    const typed = text(data.when);
    let filingDue: string | undefined;
    let understood: string | undefined;
    if (typed) {
      const read = parseBritishDateTime(typed, this.deps.clock.now());
      if (!read.ok) return this.iroAlertForm(person, { caseId }, read.reason);
      if (read.instant === undefined)
        return this.iroAlertForm(
          person,
          { caseId, filingDate: isoDateOf(read.day) },
          `I read the date as ${read.understood}. Give the filing time too, e.g. 4pm.`,
        );
      filingDue = formatInstant(read.instant);
      understood = `I read “${typed}” as ${read.understood}.`;
    } else filingDue = instantFromLondon(text(data.filingDate), text(data.filingTime));
    if (!caseId || !filingDue)
      return this.iroAlertForm(person, data, 'Choose the case and give the filing date and time.');
    try {
      const due = filingDue;
      return await onCaseReference(caseId, async (id) => {
        const dates = await this.deps.operations.previewIroAlert(person, id, due, actor);
        const view = await this.deps.operations.getCase(person, id, actor);
        return iroAlertPreviewCard(view.case, dates, due, randomUUID(), understood);
      });
    } catch (e) {
      if (isLiaisonError(e) && e.kind === 'invalid')
        return this.iroAlertForm(person, data, e.detail);
      throw e;
    }
  }

  private async sendIroAlert(
    context: TurnContext,
    person: Person,
    actor: Actor,
    data: Record<string, unknown>,
  ): Promise<Card> {
    const caseId = text(data.caseId);
    // Send comes only from a preview, which carries the key that makes a second press harmless.
    const idempotencyKey = requestKey(data.requestKey, 'iro-alert');
    if (!idempotencyKey)
      return this.iroAlertForm(person, data, 'Preview the dates first, then send.');
    const sent = await this.deps.operations.sendIroAlert(
      person,
      caseId,
      { filingDue: text(data.filingDue), idempotencyKey },
      actor,
    );
    const notice = sent.replayed
      ? 'This IRO alert was already sent. Nothing was sent twice.'
      : `IRO alert sent. ${toldOfAlertText(sent.told ?? [])}`;
    const view = await this.deps.operations.getCase(person, caseId, actor);
    return iroAlertSentCard(view.case, sent, notice, this.deps.links.tab(caseId));
  }

  private async obligationAction(
    context: TurnContext,
    person: Person,
    actor: Actor,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<Card> {
    const obligationId = text(data.obligationId);
    const stage = STAGES.has(data.view as Stage) ? (data.view as Stage) : 'current';
    const ops = this.deps.operations;
    // The key the card rendered into this button: pressed twice, the button records once. A card
    // posted before buttons carried keys still works, without one.
    const idempotencyKey = requestKey(data.requestKey, 'card');
    const keyed = idempotencyKey ? { idempotencyKey } : {};
    let notice: Notice | undefined;
    try {
      switch (verb) {
        case 'acknowledgeObligation': {
          const r = await ops.actOnObligation(person, obligationId, 'acknowledge', keyed, actor);
          notice = r.changed
            ? { text: 'You acknowledged this.', tone: 'good' }
            : { text: 'You had already acknowledged this. Nothing changed.', tone: 'warning' };
          break;
        }
        case 'completeObligation': {
          // The card's own fields, and when it happened, are not the completion's inputs.
          const inputs = Object.fromEntries(
            Object.entries(data).filter(([k]) => !CARD_FIELDS.has(k)),
          );
          const on = text(data.happenedOn);
          const time = text(data.happenedAt);
          const at = on || time ? instantFromLondon(on, time) : undefined;
          if ((on || time) && !at) {
            notice = {
              text: 'Give both the date and the time it happened, or neither for just now. Nothing was changed.',
              tone: 'attention',
            };
            break;
          }
          const r = await ops.actOnObligation(
            person,
            obligationId,
            'complete',
            at ? { inputs, at, ...keyed } : { inputs, ...keyed },
            actor,
          );
          notice = !r.changed
            ? ALREADY_RECORDED
            : {
                text: at
                  ? `Recorded as done ${humanInstant(at)}. Thank you.`
                  : 'Recorded. Thank you.',
                tone: 'good',
              };
          break;
        }
        case 'waiveObligation': {
          const r = await ops.actOnObligation(
            person,
            obligationId,
            'waive',
            { reason: text(data.waiverReason), ...keyed },
            actor,
          );
          notice = r.changed
            ? { text: 'Waived, with your reason.', tone: 'good' }
            : ALREADY_RECORDED;
          break;
        }
        case 'reportCannotMeet': {
          const r = await ops.actOnObligation(
            person,
            obligationId,
            'cannot-meet',
            { reason: text(data.cannotMeetReason), ...keyed },
            actor,
          );
          notice = r.changed
            ? { text: cannotMeetTold(r.told ?? []), tone: 'good' }
            : {
                text: 'That was already recorded, with your reason. Nobody was told twice.',
                tone: 'warning',
              };
          break;
        }
      }
    } catch (e) {
      if (!isLiaisonError(e) || e.kind === 'not-found') throw e;
      await this.deps.store.audit({
        actor,
        action: 'card.refused',
        caseId: caseIdOfObligation(obligationId),
        detail: { verb, obligation: obligationId, code: e.code },
      });
      // The same button of the same card, pressed again with something else filled in: the
      // first press stands.
      notice =
        e.code === 'idempotency-key-reused'
          ? {
              text: 'That button was already pressed on this card, and what it recorded stands. Nothing was changed.',
              tone: 'warning',
            }
          : {
              text: `${refusalText(e)} Nothing was changed.`,
              tone: 'attention',
            };
    }
    return this.obligationCardFor(context, person, actor, obligationId, { stage, notice });
  }

  /** The obligation's card as it stands now, for this person. */
  private async obligationCardFor(
    context: TurnContext,
    person: Person,
    actor: Actor,
    obligationId: string,
    options: { stage: Stage; notice?: Notice },
  ): Promise<Card> {
    const caseId = caseIdOfObligation(obligationId);
    const view = await this.deps.operations.getCase(person, caseId, actor);
    const obligation = view.evaluation.obligations.find((o) => o.id === obligationId);
    if (!obligation)
      return messageCard('Not found', 'That obligation is no longer part of the case.');
    return obligationCard(
      obligationCardInput({
        record: view.case,
        obligation,
        stage: options.stage,
        viewer: person,
        directory: await this.deps.directory.people(),
        now: this.deps.clock.now(),
        tabUrl: this.deps.links.tab(caseId),
        alert: showsIroAlert(obligation)
          ? await this.deps.operations.currentIroAlert(person, caseId, actor)
          : undefined,
        notice: options.notice,
        refreshUserIds: [context.activity.from.id],
      }),
    );
  }
}

/** What saying it cannot be met did: who was told, by name. */
function cannotMeetTold(told: readonly { displayName: string }[]): string {
  if (!told.length)
    return 'Recorded, with your reason. Nobody holds the role the protocol names to be told; ask your manager.';
  const names = told.map((t) => t.displayName);
  const list =
    names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `Recorded, with your reason: ${list} ${told.length === 1 ? 'has' : 'have'} been told.`;
}

/** A completion card's own fields: not the completion's inputs. */
const CARD_FIELDS = new Set(['obligationId', 'view', 'happenedOn', 'happenedAt', 'requestKey']);

/** Done already (the same button pressed again, or the same thing asked twice): it stands. */
const ALREADY_RECORDED: Notice = {
  text: 'That was already recorded. Nothing was recorded twice.',
  tone: 'warning',
};

/** A verb in `VERBS` without a case above does not compile. */
function unhandled(verb: never): never {
  throw new Error(`verb ${String(verb)} is not handled`);
}

function notRegistered(): Card {
  return messageCard(
    'Not a user of IRO Liaison',
    'You are signed in to Teams, but you are not registered as a user of IRO Liaison. Ask your IRO or Legal Services administrator to add you.',
  );
}

/** How many cases "Find case" lists. */
const SEARCH_RESULTS = 10;

/** A card shown in the message extension's dialog. */
function dialog(card: Card): MessagingExtensionActionResponse {
  return {
    task: {
      type: 'continue',
      value: { title: 'IRO Liaison', card: CardFactory.adaptiveCard(forDialog(card)) },
    },
  };
}

async function reply(context: TurnContext, card: Card): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.Message,
    attachments: [CardFactory.adaptiveCard(card)],
  });
}

function isPersonal(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function text(x: unknown): string {
  return typeof x === 'string' ? x.trim() : '';
}

/**
 * The idempotency key for a button's request key, made when its card was rendered (the IRO alert
 * preview's Send, an obligation card's buttons): pressing twice records once. Scoped by where it
 * comes from, so that no card's key can be mistaken for one the tab sent (`tab-…`).
 */
function requestKey(x: unknown, scope: 'iro-alert' | 'card'): string | undefined {
  const key = text(x);
  return /^[A-Za-z0-9._:-]{8,100}$/.test(key) ? `${scope}:${key}` : undefined;
}
