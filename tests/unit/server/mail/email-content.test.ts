/**
 * An email made from a message: the card as an Outlook actionable message for people inside the
 * tenant (with the council's originator, in the HTML head), a link that acknowledges the deadline
 * for people outside it, and always the same text, escaped, for clients that show no card.
 */
import type { Message } from '../../../../core';
import { emailContent, type EmailOptions } from '../../../../server/mail/email-content';
import { demoPerson } from '../../../support/demo-people';

const ORIGINATOR = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const TAB = 'https://liaison.council.example/tab/cases/C-1042';
const IRO = demoPerson('iro.patel');
const GUARDIAN = demoPerson('guardian.rivers');
const CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Introduce yourself to the IRO service', wrap: true }],
  actions: [
    {
      type: 'Action.Execute',
      title: 'Acknowledge',
      verb: 'acknowledgeObligation',
      data: { obligationId: 'C-1042:guardian-iro-introduction' },
    },
  ],
};
const MESSAGE: Message = {
  key: 'C-1042:guardian-iro-introduction:new:guardian.rivers',
  card: CARD,
  subject: '[C-1042] Introduce yourself to the IRO service: due Mon 9 Nov 2026, 23:59',
  text: [
    'Introduce yourself to the IRO service: due Mon 9 Nov 2026, 23:59',
    'Says: <b>R&D</b> "soon" — see https://elsewhere.example/x',
    '',
    `Open in IRO Liaison: ${TAB}`,
  ].join('\n'),
  obligation: {
    id: 'C-1042:guardian-iro-introduction',
    due: '2026-11-09T23:59:59+00:00',
    acknowledgeable: true,
  },
};
const LINK = 'https://liaison.council.example/ack?t=abc.def';
const OPTIONS: EmailOptions = {
  originator: ORIGINATOR,
  acknowledgementLink: () => ({ url: LINK, expires: '2026-11-10T09:00:00+00:00' }),
  ownAddresses: ['https://liaison.council.example/'],
};

/** The card in the head's script, parsed. */
function cardOf(html: string): Record<string, unknown> | undefined {
  const m =
    /<head>.*<script type="application\/adaptivecard\+json">(.*?)<\/script>.*<\/head>/s.exec(html);
  return m ? (JSON.parse(m[1]!) as Record<string, unknown>) : undefined;
}

describe('inside the tenant: the card as an actionable message', () => {
  const email = emailContent(IRO, MESSAGE, OPTIONS);

  test('the same card in the HTML head, with the council’s originator', () => {
    expect(email.html).toMatch(
      /^<html><head><meta http-equiv="Content-Type" content="text\/html; charset=utf-8"><script type="application\/adaptivecard\+json">/,
    );
    const card = cardOf(email.html)!;
    expect(card).toEqual({
      ...CARD,
      originator: ORIGINATOR,
      hideOriginalBody: true,
      correlationId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
    });
    // The same outbox item, the same correlation id.
    expect(cardOf(emailContent(IRO, MESSAGE, OPTIONS).html)!.correlationId).toBe(
      card.correlationId,
    );
  });

  test('the text as it was, and in the HTML body escaped, with only the app’s own links', () => {
    expect(email.subject).toBe(MESSAGE.subject);
    expect(email.text).toBe(MESSAGE.text);
    expect(email.html).toContain(
      '<p>Introduce yourself to the IRO service: due Mon 9 Nov 2026, 23:59<br>' +
        'Says: &lt;b&gt;R&amp;D&lt;/b&gt; &quot;soon&quot; — see https://elsewhere.example/x</p>',
    );
    expect(email.html).toContain(`<p>Open in IRO Liaison: <a href="${TAB}">${TAB}</a></p>`);
    expect(email.html).not.toContain('href="https://elsewhere.example');
    expect(email.html).not.toContain(LINK);
  });

  test('nothing in the card can end its script element', () => {
    const sly = {
      ...MESSAGE,
      card: { ...CARD, body: [{ type: 'TextBlock', text: '</script><script>alert(1)</script>' }] },
    };
    const html = emailContent(IRO, sly, OPTIONS).html;
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect((cardOf(html)!.body as { text: string }[])[0]!.text).toBe(
      '</script><script>alert(1)</script>',
    );
  });

  test('no card without an originator, nor one Outlook cannot run (before version 1.4)', () => {
    expect(emailContent(IRO, MESSAGE, { ...OPTIONS, originator: undefined }).html).not.toContain(
      '<script',
    );
    const old = { ...MESSAGE, card: { ...CARD, version: '1.3' } };
    expect(emailContent(IRO, old, OPTIONS).html).not.toContain('<script');
    expect(emailContent(IRO, old, OPTIONS).text).toBe(MESSAGE.text);
  });
});

describe('outside the tenant: a link that acknowledges the deadline', () => {
  const email = emailContent(GUARDIAN, MESSAGE, OPTIONS);

  test('no card; the link, for them alone, once, until when, in the text and the HTML', () => {
    expect(cardOf(email.html)).toBeUndefined();
    expect(email.html).not.toContain(ORIGINATOR);
    expect(email.text).toBe(
      `${MESSAGE.text}\n\nAcknowledge this deadline without signing in: ${LINK}\n` +
        'The link is for you alone and works once, until Tue 10 Nov 2026, 09:00.',
    );
    expect(email.html).toContain(
      `<p><a href="${LINK}">Acknowledge this deadline without signing in</a>.<br>` +
        'The link is for you alone and works once, until Tue 10 Nov 2026, 09:00.</p>',
    );
    expect(email.subject).toBe(MESSAGE.subject);
  });

  test('no link for a deadline they may not acknowledge, nor for a message about none', () => {
    const seen = {
      ...MESSAGE,
      obligation: { ...MESSAGE.obligation!, acknowledgeable: false },
    };
    expect(emailContent(GUARDIAN, seen, OPTIONS).text).toBe(MESSAGE.text);
    const aboutNone = { ...MESSAGE, obligation: undefined };
    expect(emailContent(GUARDIAN, aboutNone, OPTIONS).html).not.toContain(LINK);
  });
});
