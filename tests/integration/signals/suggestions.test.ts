/**
 * Suggestions from mailboxes over real HTTP against a real SQLite file: listing them (only for
 * people who may see the case), confirming one (its event recorded through the case service,
 * which decides who may), and dismissing one. Every response is checked against the OpenAPI
 * document by the test server.
 */
import type { NewSuggestion, Suggestion } from '../../../core';
import { startTestServer, type TestServer } from '../../support/running-server';

let server: TestServer;
let lawyer: string;
let iro: string;
let otherIro: string;
let manager: string;

const CASE = 'C-3001';
const OTHER = 'C-3002';

const header = (id: string) => ({
  id,
  childRef: `LCS-${id.slice(2)}`,
  childInitials: 'D.E.',
  lookedAfterBeforeProceedings: false,
  packs: ['iro-legal', 'iro-guardian'],
});

/** Seeds a suggestion as the mailbox signals would, and returns it with the id the store gave. */
async function suggest(s: Partial<NewSuggestion> & Pick<NewSuggestion, 'event' | 'at'>) {
  const full: NewSuggestion = {
    caseId: CASE,
    messageId: `<${Math.random().toString(36).slice(2)}@council.example>`,
    reason: 'Sent by the case lawyer to the IRO with an attachment, but not in reply to the alert.',
    from: 'lee.jones@council.example',
    to: ['sam.patel@council.example'],
    hasAttachments: true,
    ...s,
  };
  expect(await server.store.suggest(full)).toBe(true);
  const found = (await server.store.suggestionsFor(full.caseId)).find(
    (x) => x.messageId === full.messageId && x.event === full.event,
  );
  return found!;
}

const path = (s: Pick<Suggestion, 'id'>, action: 'confirm' | 'dismiss', caseId = CASE) =>
  `/api/cases/${caseId}/suggestions/${s.id}/${action}`;

async function events(caseId = CASE) {
  return (await server.call(lawyer, 'GET', `/api/cases/${caseId}`)).body.events as {
    type: string;
    at: string;
    by?: string;
    surface?: string;
  }[];
}

async function audited(action: string) {
  return (await server.store.readAudit(0, 100_000)).filter((e) => e.action === action);
}

beforeAll(async () => {
  server = await startTestServer('2023-06-01T10:00:00+01:00');
  lawyer = await server.signIn('lawyer.jones');
  iro = await server.signIn('iro.patel');
  otherIro = await server.signIn('iro.smith'); // south: not on the case
  manager = await server.signIn('ppm.lee'); // north's manager: sees the case, records neither
  for (const id of [CASE, OTHER]) {
    const opened = await server.call(lawyer, 'POST', '/api/cases', {
      case: header(id),
      team: 'north',
      members: [
        { personId: 'sw.khan', role: 'social-worker' },
        { personId: 'iro.patel', role: 'iro' },
      ],
    });
    expect(opened.status).toBe(201);
    const issued = await server.call(lawyer, 'POST', `/api/cases/${id}/events`, {
      event: { type: 'application.issued', at: '2023-06-01T09:00:00+01:00' },
    });
    expect(issued.status).toBe(201);
  }
  server.setNow('2023-06-10T12:00:00+01:00');
});
afterAll(async () => server.close());

describe('listing', () => {
  test("a party sees the case's suggestions, open ones first; the read is audited", async () => {
    const draft = await suggest({ event: 'draft.sent-to-iro', at: '2023-06-05T10:30:00+01:00' });
    const before = (await audited('suggestions.listed')).length;
    const listed = await server.call(lawyer, 'GET', `/api/cases/${CASE}/suggestions`);
    expect(listed.status).toBe(200);
    expect(listed.body.suggestions).toContainEqual({
      id: draft.id,
      caseId: CASE,
      event: 'draft.sent-to-iro',
      at: '2023-06-05T10:30:00+01:00',
      messageId: draft.messageId,
      reason: draft.reason,
      from: 'lee.jones@council.example',
      to: ['sam.patel@council.example'],
      hasAttachments: true,
      createdAt: expect.any(String) as string,
    });
    const after = await audited('suggestions.listed');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      caseId: CASE,
      actor: { personId: 'lawyer.jones' },
      detail: { count: listed.body.suggestions.length },
    });
    // The IRO on the case and the team's manager see them too.
    expect((await server.call(iro, 'GET', `/api/cases/${CASE}/suggestions`)).status).toBe(200);
    expect((await server.call(manager, 'GET', `/api/cases/${CASE}/suggestions`)).status).toBe(200);
  });

  test('someone off the case gets 403; no token 401; an unknown case 404', async () => {
    const off = await server.call(otherIro, 'GET', `/api/cases/${CASE}/suggestions`);
    expect(off).toMatchObject({ status: 403, body: { code: 'case-forbidden' } });
    expect(off.body.suggestions).toBeUndefined();
    const anonymous = await server.call(undefined, 'GET', `/api/cases/${CASE}/suggestions`);
    expect(anonymous.status).toBe(401);
    const unknown = await server.call(lawyer, 'GET', '/api/cases/C-9999/suggestions');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'case-not-found' } });
  });
});

describe('confirming', () => {
  test('records the event through the case service with surface mail, once, and resolves the suggestion', async () => {
    const draft = await suggest({ event: 'draft.sent-to-iro', at: '2023-06-06T10:30:00+01:00' });
    const versionBefore = (await server.call(lawyer, 'GET', `/api/cases/${CASE}`)).body.case
      .version as number;

    // The IRO may see the case but does not record that the draft was sent: 403, still open.
    const refused = await server.call(iro, 'POST', path(draft, 'confirm'));
    expect(refused).toMatchObject({ status: 403, body: { code: 'event-forbidden' } });
    expect((await server.store.suggestion(draft.id))?.resolution).toBeUndefined();
    // Someone off the case learns nothing about it.
    const off = await server.call(otherIro, 'POST', path(draft, 'confirm'));
    expect(off).toMatchObject({ status: 403, body: { code: 'case-forbidden' } });

    const confirmed = await server.call(lawyer, 'POST', path(draft, 'confirm'));
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({
      replayed: false,
      version: versionBefore + 1,
      suggestion: {
        id: draft.id,
        resolution: {
          outcome: 'confirmed',
          by: 'lawyer.jones',
          at: '2023-06-10T12:00:00+01:00',
        },
      },
    });
    expect((await events()).at(-1)).toMatchObject({
      type: 'draft.sent-to-iro',
      at: '2023-06-06T10:30:00+01:00',
      by: 'lawyer.jones',
      surface: 'mail',
    });
    expect((await server.store.suggestion(draft.id))?.resolution?.outcome).toBe('confirmed');
    expect((await audited('suggestion.confirmed')).at(-1)).toMatchObject({
      caseId: CASE,
      actor: { personId: 'lawyer.jones' },
      detail: { suggestion: draft.id, event: 'draft.sent-to-iro' },
    });

    // A second confirmation is refused and records nothing more.
    const again = await server.call(lawyer, 'POST', path(draft, 'confirm'));
    expect(again).toMatchObject({ status: 409, body: { code: 'suggestion-resolved' } });
    expect(
      (await events()).filter(
        (e) => e.type === 'draft.sent-to-iro' && e.at === '2023-06-06T10:30:00+01:00',
      ),
    ).toHaveLength(1);
    expect((await server.call(lawyer, 'GET', `/api/cases/${CASE}`)).body.case.version).toBe(
      versionBefore + 1,
    );
  });

  test('an event the case cannot take (from before the case began) is refused and the suggestion stays open', async () => {
    const early = await suggest({ event: 'draft.sent-to-iro', at: '2020-05-20T10:00:00+01:00' });
    const refused = await server.call(lawyer, 'POST', path(early, 'confirm'));
    expect(refused).toMatchObject({ status: 400, body: { code: 'invalid-event' } });
    expect(refused.body.detail).toMatch(/before the case began/);
    expect((await server.store.suggestion(early.id))?.resolution).toBeUndefined();
    expect((await events()).some((e) => e.at === '2020-05-20T10:00:00+01:00')).toBe(false);
  });

  test("an unknown suggestion, or another case's, is 404", async () => {
    const elsewhere = await suggest({
      caseId: OTHER,
      event: 'draft.sent-to-iro',
      at: '2023-06-07T10:00:00+01:00',
    });
    for (const action of ['confirm', 'dismiss'] as const) {
      const wrongCase = await server.call(lawyer, 'POST', path(elsewhere, action));
      expect(wrongCase).toMatchObject({ status: 404, body: { code: 'suggestion-not-found' } });
      const unknown = await server.call(lawyer, 'POST', path({ id: 999_999 }, action));
      expect(unknown).toMatchObject({ status: 404, body: { code: 'suggestion-not-found' } });
      const notAnId = await server.call(
        lawyer,
        'POST',
        `/api/cases/${CASE}/suggestions/x/${action}`,
      );
      expect(notAnId).toMatchObject({ status: 404, body: { code: 'suggestion-not-found' } });
    }
    expect((await server.store.suggestion(elsewhere.id))?.resolution).toBeUndefined();
    expect((await events(OTHER)).some((e) => e.type === 'draft.sent-to-iro')).toBe(false);
  });

  test('a body is refused: the suggestion says what happened', async () => {
    const s = await suggest({ event: 'draft.sent-to-iro', at: '2023-06-08T10:00:00+01:00' });
    const withBody = await server.call(lawyer, 'POST', path(s, 'confirm'), {
      at: '2023-06-09T10:00:00+01:00',
    });
    expect(withBody).toMatchObject({ status: 400, body: { code: 'invalid-request' } });
    expect((await server.store.suggestion(s.id))?.resolution).toBeUndefined();
  });
});

describe('dismissing', () => {
  test('those who may record the event dismiss it, once; others get 403', async () => {
    const comments = await suggest({
      event: 'iro.comments-returned',
      at: '2023-06-09T09:00:00+01:00',
      from: 'sam.patel@council.example',
      to: ['lee.jones@council.example'],
      hasAttachments: false,
    });
    const versionBefore = (await server.call(lawyer, 'GET', `/api/cases/${CASE}`)).body.case
      .version as number;

    // The lawyer does not record the IRO's comments, so cannot say it is not them.
    const byLawyer = await server.call(lawyer, 'POST', path(comments, 'dismiss'));
    expect(byLawyer).toMatchObject({ status: 403, body: { code: 'event-forbidden' } });
    const byManager = await server.call(manager, 'POST', path(comments, 'dismiss'));
    expect(byManager).toMatchObject({ status: 403, body: { code: 'event-forbidden' } });
    const off = await server.call(otherIro, 'POST', path(comments, 'dismiss'));
    expect(off).toMatchObject({ status: 403, body: { code: 'case-forbidden' } });
    expect((await server.store.suggestion(comments.id))?.resolution).toBeUndefined();

    const dismissed = await server.call(iro, 'POST', path(comments, 'dismiss'));
    expect(dismissed).toMatchObject({
      status: 200,
      body: {
        suggestion: {
          id: comments.id,
          event: 'iro.comments-returned',
          hasAttachments: false,
          resolution: { outcome: 'dismissed', by: 'iro.patel', at: '2023-06-10T12:00:00+01:00' },
        },
      },
    });
    expect((await audited('suggestion.dismissed')).at(-1)).toMatchObject({
      caseId: CASE,
      actor: { personId: 'iro.patel' },
      detail: { suggestion: comments.id, event: 'iro.comments-returned' },
    });
    // Nothing recorded on the case.
    expect((await server.call(lawyer, 'GET', `/api/cases/${CASE}`)).body.case.version).toBe(
      versionBefore,
    );

    // Dismissed is resolved: neither dismissed again nor confirmed.
    const again = await server.call(iro, 'POST', path(comments, 'dismiss'));
    expect(again).toMatchObject({ status: 409, body: { code: 'suggestion-resolved' } });
    const confirm = await server.call(iro, 'POST', path(comments, 'confirm'));
    expect(confirm).toMatchObject({ status: 409, body: { code: 'suggestion-resolved' } });

    // The list puts resolved ones after the open ones.
    const listed = (await server.call(iro, 'GET', `/api/cases/${CASE}/suggestions`)).body
      .suggestions as Suggestion[];
    const firstResolved = listed.findIndex((s) => s.resolution);
    expect(firstResolved).toBeGreaterThan(0);
    expect(listed.slice(firstResolved).every((s) => s.resolution)).toBe(true);
    expect(listed.find((s) => s.id === comments.id)?.resolution?.outcome).toBe('dismissed');
  });
});
