/**
 * The Teams bot, as the composition root sees it: an HTTP handler for `/api/messages` and the
 * adapter that proactive delivery continues conversations with. Nothing outside `bot/` imports
 * botbuilder, so moving to its successor SDK touches this folder only.
 */
import type { Request, Response } from 'express';
import { createAdapter, type BotRegistration } from './adapter';
import { LiaisonBot, type BotDeps } from './liaison-bot';

export type { BotRegistration } from './adapter';
export type { BotDeps, BotLog, Links } from './liaison-bot';

export interface Bot {
  /** Express handler for `POST /api/messages`. */
  messages(req: Request, res: Response): Promise<void>;
}

export function createBot(registration: BotRegistration, deps: BotDeps): Bot {
  const adapter = createAdapter(registration, deps.log);
  const bot = new LiaisonBot(deps);
  return {
    messages: (req, res) => adapter.process(req, res, (context) => bot.run(context)),
  };
}
