/**
 * The Teams bot, as the composition root sees it: an HTTP handler for `/api/messages`, and the
 * notifier that continues people's conversations for proactive cards. Nothing outside `bot/`
 * imports the Agents SDK.
 */
import type { Request as AgentRequest } from '@microsoft/agents-hosting';
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
    messages: async (req, res) => {
      const request = req as unknown as AgentRequest;
      // The SDK checks the Bot Service's token in its middleware, then processes the turn.
      const authorised = await new Promise<boolean>((resolve, reject) => {
        adapter
          .authorizeRequest(request, res, () => resolve(true))
          .then(
            () => resolve(false),
            (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
          );
      });
      if (!authorised) return;
      try {
        await adapter.process(request, res, (context) => bot.run(context));
      } catch (e) {
        // The SDK reads the body against the activity schema before the turn (a turn's own
        // failure goes to onTurnError): a body it refuses is the sender's mistake.
        if (!res.headersSent && e instanceof Error && e.name === 'ZodError') {
          res.status(400).end();
          return;
        }
        throw e;
      }
    },
    notifier: new TeamsNotifier(adapter, registration.appId, deps.store),
  };
}
