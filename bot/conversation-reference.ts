/**
 * Where the bot can reach a person proactively, as it is stored: a conversation reference with
 * the Bot Framework protocol's field names (`bot` for the agent's account), as every reference
 * kept so far was written. The Agents SDK names that field `agent`; the names are translated here,
 * at the edge, so that what is stored never changed and every kept reference still works.
 */
import type { Activity, ConversationReference } from '@microsoft/agents-activity';

/** The reference to keep for the conversation an activity came in. */
export function referenceToKeep(activity: Activity): Record<string, unknown> {
  const { agent, ...rest } = activity.getConversationReference();
  // JSON round trip: only plain data is kept, never the SDK's objects.
  return JSON.parse(JSON.stringify({ ...rest, bot: agent })) as Record<string, unknown>;
}

/** A kept reference, as the SDK takes it to continue the conversation. */
export function referenceToContinue(kept: Record<string, unknown>): ConversationReference {
  const { bot, ...rest } = kept;
  return {
    ...rest,
    agent: (rest.agent ?? bot) as ConversationReference['agent'],
  } as ConversationReference;
}
