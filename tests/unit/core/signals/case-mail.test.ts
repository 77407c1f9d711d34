/** What a message's metadata says about a case (the protocol's emails). */
import {
  caseRefsIn,
  signalOf,
  type CaseMailContext,
  type MailMessage,
} from '../../../../core/signals/case-mail';
import { IRO_EMAIL, LAWYER_EMAIL, caseMailContext } from '../../../support/case-mail';

const LAWYER = LAWYER_EMAIL;
const IRO = IRO_EMAIL;
const context = caseMailContext;

function message(over: Partial<MailMessage> = {}): MailMessage {
  return {
    id: 'AAMk1',
    internetMessageId: '<m1@council.example.gov.uk>',
    conversationId: 'conv-1',
    subject: '[C-1042] Draft final evidence',
    from: LAWYER,
    to: [IRO],
    cc: [],
    sentAt: '2026-12-11T15:30:00Z',
    hasAttachments: true,
    ...over,
  };
}

const only = (c: CaseMailContext) => (id: string) => (id === 'C-1042' ? c : undefined);

test('case references in a subject: bracketed, case-insensitive, each once', () => {
  expect(caseRefsIn('RE: [C-1042] draft [c-1042] and [C-7]')).toEqual(['C-1042', 'C-7']);
  expect(caseRefsIn('C-1042 without brackets')).toEqual([]);
});

test('the draft with an attachment from the lawyer to the IRO, while it is due: recorded at its sent time', () => {
  expect(signalOf(message(), only(context(['draft-final-evidence-to-iro'])))).toEqual({
    caseId: 'C-1042',
    event: 'draft.sent-to-iro',
    at: '2026-12-11T15:30:00Z',
    confidence: 'confident',
    reason: expect.stringContaining('with an attachment'),
    messageId: '<m1@council.example.gov.uk>',
  });
});

test('without an attachment, or with the alert due, it is a question for a person', () => {
  expect(
    signalOf(message({ hasAttachments: false }), only(context(['draft-final-evidence-to-iro']))),
  ).toMatchObject({ event: 'draft.sent-to-iro', confidence: 'uncertain' });
  expect(
    signalOf(message({ hasAttachments: false }), only(context(['final-evidence-alert']))),
  ).toMatchObject({ event: 'iro-alert.sent', confidence: 'uncertain' });
});

test('the IRO’s reply in the draft’s thread is the comments; another message from the IRO is a question', () => {
  const reply = message({
    from: IRO,
    to: [LAWYER],
    conversationId: 'conv-1',
    hasAttachments: false,
  });
  expect(signalOf(reply, only(context(['iro-comments-on-draft'], 'conv-1')))).toMatchObject({
    event: 'iro.comments-returned',
    confidence: 'confident',
  });
  expect(
    signalOf(
      { ...reply, conversationId: 'other' },
      only(context(['iro-comments-on-draft'], 'conv-1')),
    ),
  ).toMatchObject({ event: 'iro.comments-returned', confidence: 'uncertain' });
});

test('nothing is read into mail that is not between the case’s own parties, names no case, or comes when nothing is due', () => {
  const c = context(['draft-final-evidence-to-iro', 'iro-comments-on-draft'], 'conv-1');
  expect(signalOf(message({ from: 'someone@else.example' }), only(c))).toBeUndefined();
  expect(signalOf(message({ to: ['someone@else.example'] }), only(c))).toBeUndefined();
  expect(signalOf(message({ subject: 'Draft final evidence' }), only(c))).toBeUndefined();
  expect(signalOf(message({ subject: '[C-1042] and [C-1043]' }), only(c))).toBeUndefined();
  expect(signalOf(message({ subject: '[C-9999] draft' }), only(c))).toBeUndefined();
  expect(signalOf(message(), only(context([])))).toBeUndefined();
  // Addresses match whatever their case; a copy to the IRO counts as sending it to them.
  expect(
    signalOf(message({ from: LAWYER.toUpperCase(), to: ['x@y.example'], cc: [IRO] }), only(c)),
  ).toMatchObject({ event: 'draft.sent-to-iro' });
});

test('what comes back never carries the subject', () => {
  const signal = signalOf(
    message({ subject: '[C-1042] Draft final evidence for Jane Doe' }),
    only(context(['draft-final-evidence-to-iro'])),
  );
  expect(JSON.stringify(signal)).not.toMatch(/Jane|Doe/);
});

test('the IRO alert the app emailed for the lawyer is not taken for the draft; a reply with the draft attached is', () => {
  const alertMail = message({
    subject: '[C-1042] IRO alert: final evidence due Fri 18 Dec 2026, 16:00',
    hasAttachments: false,
  });
  expect(signalOf(alertMail, only(context(['draft-final-evidence-to-iro'])))).toBeUndefined();
  // A reply in its thread with the draft attached is the draft.
  expect(
    signalOf(
      { ...alertMail, subject: `RE: ${alertMail.subject}`, hasAttachments: true },
      only(context(['draft-final-evidence-to-iro'])),
    ),
  ).toMatchObject({ event: 'draft.sent-to-iro', confidence: 'confident' });
  // Before the alert is recorded, an email called the alert is asked about as the alert.
  expect(signalOf(alertMail, only(context(['final-evidence-alert'])))).toMatchObject({
    event: 'iro-alert.sent',
    confidence: 'uncertain',
  });
});
