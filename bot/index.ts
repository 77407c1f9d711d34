/**
 * The Teams bot, as the composition root sees it: an HTTP handler for `/api/messages`, and the
 * notifier that continues people's conversations for proactive cards. Nothing outside `bot/`
 * imports botbuilder, so moving to its successor SDK touches this folder only.
 */
import type { Request, Response } from 'express';
import type { Conversations } from '../core';
import { createAdapter, type BotRegistration } from './adapter';
import { LiaisonBot, type BotDeps } from './liaison-bot';
import { TeamsNotifier } from './teams-notifier';

export type { BotRegistration } from './adapter';
export type { BotDeps, BotLog, Links } from './liaison-bot';
export {
  handoverMessage,
  notificationMessage,
  serviceNoticeMessage,
  weeklyDigestMessage,
} from './notifications';
export type { TeamsNotifier } from './teams-notifier';

export interface Bot {
  /** Express handler for `POST /api/messages`. */
  messages(req: Request, res: Response): Promise<void>;
  notifier: TeamsNotifier;
}

export function createBot(
  registration: BotRegistration,
  deps: BotDeps & { store: BotDeps['store'] & Pick<Conversations, 'conversationOf'> },
): Bot {
  const adapter = createAdapter(registration, deps.log);
  const bot = new LiaisonBot(deps);
  return {
    messages: (req, res) => adapter.process(req, res, (context) => bot.run(context)),
    notifier: new TeamsNotifier(adapter, registration.appId ?? '', deps.store),
  };
}
