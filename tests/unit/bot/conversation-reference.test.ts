/**
 * Kept conversation references keep the Bot Framework's field names (`bot`), as every reference
 * stored so far was written; the Agents SDK reads the bot's account as `agent`.
 */
import { Activity } from '@microsoft/agents-activity';
import { referenceToContinue, referenceToKeep } from '../../../bot/conversation-reference';

const incoming = Activity.fromObject({
  type: 'message',
  id: 'activity-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  from: { id: '29:user', aadObjectId: '00000000-0000-4000-8000-000000000005' },
  recipient: { id: '28:bot', name: 'IRO Liaison' },
  conversation: { id: 'a:conv', conversationType: 'personal' },
  text: 'my deadlines',
});

test('a reference is kept with the bot as `bot`, and nothing of what was said', () => {
  const kept = referenceToKeep(incoming);
  expect(kept).toMatchObject({
    bot: { id: '28:bot', name: 'IRO Liaison' },
    user: { id: '29:user' },
    conversation: { id: 'a:conv' },
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
  });
  expect(kept).not.toHaveProperty('agent');
  expect(JSON.stringify(kept)).not.toContain('my deadlines');
});

test('a kept reference, old or new, continues with the bot as the SDK names it', () => {
  const continued = referenceToContinue(referenceToKeep(incoming));
  expect(continued.agent).toEqual({ id: '28:bot', name: 'IRO Liaison' });
  expect(continued).not.toHaveProperty('bot');
  // The continuation activity the SDK makes from it is from the bot, to the person.
  const activity = Activity.getContinuationActivity(continued);
  expect(activity.recipient).toMatchObject({ id: '28:bot' });
  expect(activity.from).toMatchObject({ id: '29:user' });
  expect(activity.conversation?.id).toBe('a:conv');
});
