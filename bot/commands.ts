/**
 * Text commands in personal chat, mapped onto the same verbs as the card buttons, so that every
 * command is also a button and the two cannot drift apart. Unknown text gets help, not silence.
 */
export interface Command {
  verb: string;
  data: Record<string, unknown>;
}

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/**
 * The commands the app manifest lists for Teams' command menu, each with what a person types to
 * use it (the package test checks every listed command is one of these and parses to a verb).
 */
export const COMMAND_EXAMPLES: Record<string, string> = {
  help: 'help',
  'my deadlines': 'my deadlines',
  'send iro alert': 'send iro alert',
  case: 'case C-1001',
};

export function parseCommand(text: string): Command {
  // Teams prefixes @mentions of the bot in chats; strip markup and squeeze spaces.
  const typed = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const words = typed.map((w) => w.toLowerCase());
  const phrase = words.join(' ');
  if (phrase === '' || phrase === 'help' || phrase === 'hi' || phrase === 'hello')
    return { verb: 'showHelp', data: {} };
  if (phrase === 'my deadlines' || phrase === 'deadlines')
    return { verb: 'showMyDeadlines', data: {} };
  if (phrase === 'send iro alert' || phrase === 'iro alert')
    return { verb: 'startIroAlert', data: {} };
  // "send iro alert C-1042 12/02/2027 4pm": straight to the preview; nothing is sent yet. The
  // date and time are read as British people write them (core/time/british.ts).
  if (phrase.startsWith('send iro alert ') && typed.length >= 5 && CASE_ID.test(typed[3]!))
    return {
      verb: 'previewIroAlert',
      data: { caseId: typed[3], when: typed.slice(4).join(' ') },
    };
  // "case c-1004" finds C-1004: the bot tries the reference as typed, then in capitals.
  if (words[0] === 'case' && typed.length === 2 && CASE_ID.test(typed[1]!))
    return { verb: 'showCase', data: { caseId: typed[1] } };
  return { verb: 'unknown', data: {} };
}
