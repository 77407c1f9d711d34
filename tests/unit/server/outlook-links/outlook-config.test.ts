/**
 * What emails let people do from Outlook, as configured: the actionable-message originator (none:
 * emails carry no card), and the acknowledgement links' key and lifetime. Bad values are refused
 * at start-up, naming the variable; the summary logged at start-up holds no key.
 */
import { describeConfig, loadConfig } from '../../../../server/config';
import { problemsOf } from '../../../support/config-problems';

const ORIGINATOR = '6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B';
const KEY = Buffer.alloc(32, 9).toString('base64');

test('by default: no card in emails, links signed with a key derived from the seal key, for 7 days', () => {
  const config = loadConfig({});
  expect(config.outlook).toEqual({ acknowledgementLinks: { days: 7 } });
  expect(describeConfig(config).outlook).toEqual({
    actionableMessages: 'off (no originator: emails carry no card)',
    acknowledgementLinks: { key: 'derived from the seal key', days: 7 },
  });
});

test('the originator, the link key and the links’ lifetime as set', () => {
  const config = loadConfig({
    LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: ORIGINATOR,
    LIAISON_ACK_LINK_KEY: KEY,
    LIAISON_ACK_LINK_DAYS: '14',
  });
  expect(config.outlook).toEqual({
    actionableMessageOriginator: ORIGINATOR.toLowerCase(),
    acknowledgementLinks: { key: { base64: KEY }, days: 14 },
  });
  const summary = JSON.stringify(describeConfig(config));
  expect(summary).toContain(ORIGINATOR.toLowerCase());
  expect(summary).not.toContain(KEY);
});

test('bad values are refused, naming the variable and why', () => {
  expect(
    problemsOf({
      LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: 'my-provider',
      LIAISON_ACK_LINK_KEY: 'c2hvcnQ=',
      LIAISON_ACK_LINK_DAYS: '31',
    }),
  ).toEqual([
    'LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: must be the provider id (originator) the Actionable Email Developer Dashboard gave, a GUID',
    'LIAISON_ACK_LINK_KEY: must be at least 32 random bytes in base64 (e.g. openssl rand -base64 32)',
    'LIAISON_ACK_LINK_DAYS: must be an integer 1–30',
  ]);
});
