import { parseCommand } from '../../../bot/commands';
import { VERBS } from '../../../bot/liaison-bot';

describe('parseCommand', () => {
  it.each(['help', 'hi', 'hello', '', '   ', 'HELP', ' Hi '])('"%s" asks for help', (text) => {
    expect(parseCommand(text)).toEqual({ verb: 'showHelp', data: {} });
  });

  it.each(['my deadlines', 'My Deadlines', 'my   deadlines', 'deadlines'])(
    '"%s" lists my deadlines',
    (text) => {
      expect(parseCommand(text)).toEqual({ verb: 'showMyDeadlines', data: {} });
    },
  );

  it.each(['send iro alert', 'Send IRO alert', 'iro alert'])(
    '"%s" starts the IRO alert form',
    (text) => {
      expect(parseCommand(text)).toEqual({ verb: 'startIroAlert', data: {} });
    },
  );

  it.each([
    ['send iro alert C-1042 12/02/2027 4pm', 'C-1042', '12/02/2027 4pm'],
    ['send iro alert c-1042 12 Feb 2027 16:00', 'c-1042', '12 Feb 2027 16:00'],
    ['Send IRO alert C-1042 tomorrow 4pm', 'C-1042', 'tomorrow 4pm'],
    ['send iro alert C-1042 2023-06-13', 'C-1042', '2023-06-13'],
  ])('"%s" goes straight to the preview, the date as typed', (typed, caseId, when) => {
    expect(parseCommand(typed)).toEqual({ verb: 'previewIroAlert', data: { caseId, when } });
  });

  it('"case C-1042" shows that case, with the reference kept as typed', () => {
    expect(parseCommand('case C-1042')).toEqual({ verb: 'showCase', data: { caseId: 'C-1042' } });
    expect(parseCommand('Case c-1042')).toEqual({ verb: 'showCase', data: { caseId: 'c-1042' } });
  });

  it('strips @mentions of the bot that Teams puts in chat messages', () => {
    expect(parseCommand('<at>IRO Liaison</at> my deadlines')).toEqual({
      verb: 'showMyDeadlines',
      data: {},
    });
    expect(parseCommand('<at>IRO Liaison</at>  case  C-1001 ')).toEqual({
      verb: 'showCase',
      data: { caseId: 'C-1001' },
    });
    expect(parseCommand('<AT>IRO Liaison</AT>')).toEqual({ verb: 'showHelp', data: {} });
  });

  it.each([
    'what is due',
    'case',
    'case C-1042 please',
    'case <script>',
    'case C-1042;DROP',
    `case C-${'1'.repeat(40)}`,
    'deadlines for C-1042',
  ])('unknown text "%s" is "unknown" (the bot answers it with help)', (text) => {
    expect(parseCommand(text)).toEqual({ verb: 'unknown', data: {} });
  });

  it('every command maps onto a verb a card button also carries', () => {
    const commands = ['help', 'my deadlines', 'send iro alert', 'case C-1001'];
    for (const text of commands) expect(VERBS).toContain(parseCommand(text).verb);
  });
});
