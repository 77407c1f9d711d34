/**
 * The Teams bot's turns: commands in personal chat, the Send IRO alert form, and the Universal
 * Actions (`Action.Execute`) behind every card button. Whoever sends a turn is identified by their
 * Entra object id and acts only through the case operations, which authorise and audit.
 * The Send IRO alert turns are in iro-alert-turns.ts, the obligation card's in obligation-turns.ts.
 */
import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import {
  ActivityHandler,
  CardFactory,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type TurnContext,
} from '@microsoft/agents-hosting';
import {
  caseRefsIn,
  coveredBy,
  isLiaisonError,
  type Actor,
  type CaseOperations,
  type Clock,
  type Directory,
  type Person,
  onCaseReference,
  type People,
  type CaseLog,
  type AuditTrail,
  type Conversations,
} from '../core';
import { CARD_VERBS, type Card, type CardVerb } from './cards/render';
import {
  caseLinkCard,
  caseSummaryCard,
  helpCard,
  messageCard,
  myDeadlinesCard,
} from './cards/views';
import { parseCommand } from './commands';
import { referenceToKeep } from './conversation-reference';
import { iroAlertForm, previewIroAlert, sendIroAlert } from './iro-alert-turns';
import {
  caseQuery,
  forDialog,
  isMessageExtensionCommand,
  messageText,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from './message-extension';
import { obligationAction } from './obligation-turns';
import { isRecord, text } from './turn-input';

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
  /**
   * The actionable-message provider's id: a card answering a button pressed in an Outlook email
   * carries it, as the card in the email did, so that Outlook shows it in the email's place.
   */
  outlookOriginator?: string;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/** Every verb a card button may carry (`Action.Execute`); text commands map onto the same verbs. */
export const VERBS = CARD_VERBS;
export type Verb = CardVerb;

function isVerb(verb: string): verb is Verb {
  return (VERBS as readonly string[]).includes(verb);
}

export const WELCOME =
  'I track the deadlines in the IRO and Legal Services protocol and the IRO and Guardian protocol, remind you before they fall due, and tell your manager when they slip.';

export class LiaisonBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
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
      const oid = context.activity.from?.aadObjectId;
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
    const oid = context.activity.from?.aadObjectId;
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
        reference: referenceToKeep(context.activity),
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

  /**
   * The message extension's invokes, which the SDK leaves to the bot; every other invoke
   * (Universal Actions' `adaptiveCard/action`, from Teams or Outlook) as the SDK dispatches it.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value: unknown = context.activity.value;
    switch (context.activity.name) {
      case 'composeExtension/query':
        return invokeAnswer(await this.findCase(context, value ?? {}));
      case 'composeExtension/fetchTask':
        return invokeAnswer(await this.startAlertDialog(context, value ?? {}));
      case 'composeExtension/submitAction':
        return invokeAnswer(await this.submitDialog(context, value ?? {}));
      default:
        return super.onInvokeActivity(context);
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const person = await this.remember(context);
    const verb = typeof invoke.action?.verb === 'string' ? invoke.action.verb : '';
    const data = isRecord(invoke.action?.data) ? invoke.action.data : {};
    const card = person ? await this.perform(context, person, verb, data) : notRegistered();
    const originator = this.deps.outlookOriginator;
    const inOutlook = context.activity.channelId === 'outlook' && originator;
    return { statusCode: 200, type: CARD, value: inOutlook ? { ...card, originator } : card };
  }

  /**
   * "Find case" (message extension search, Teams and Outlook): cases the person may see whose
   * reference matches what they typed. The preview (seen only by them) shows the child's
   * initials; the card it inserts shows the reference and a link that needs sign-in, nothing
   * more. Each search is audited like any other read of the case list.
   */
  private async findCase(
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
  private async startAlertDialog(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const person = await this.remember(context);
    if (!person) return dialog(notRegistered());
    if (action.commandId !== 'sendIroAlert')
      return dialog(helpCard(person, 'That command is from an older version of this app.'));
    const refs = caseRefsIn(messageText(action.messagePayload));
    const caseId = refs.length === 1 ? refs[0] : undefined;
    return dialog(await iroAlertForm(this.deps, person, caseId ? { caseId } : {}));
  }

  /** A button pressed in the dialog: the same verbs as everywhere else, the answer in the dialog. */
  private async submitDialog(
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
          return await iroAlertForm(this.deps, person, data);
        case 'previewIroAlert':
          return await previewIroAlert(this.deps, person, actor, data);
        case 'sendIroAlert':
          return await sendIroAlert(this.deps, person, actor, data);
        case 'acknowledgeObligation':
        case 'completeObligation':
        case 'waiveObligation':
        case 'reportCannotMeet':
        case 'refreshObligation':
          return await obligationAction(this.deps, context, person, actor, verb, data);
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
}

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

/** An invoke's answer: 200 with the body Teams expects for it. */
function invokeAnswer(body: unknown): InvokeResponse {
  return { status: 200, body };
}

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
  await context.sendActivity(
    Activity.fromObject({
      type: ActivityTypes.Message,
      attachments: [CardFactory.adaptiveCard(card)],
    }),
  );
}

function isPersonal(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}
