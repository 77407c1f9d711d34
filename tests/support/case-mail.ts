/** A case with a lawyer and an IRO, for tests of mailbox signals and the IRO's cards. */
import type { CaseEvent } from '../../core/case-file';
import type { CaseStore, Person } from '../../core';
import type { PackId } from '../../core/vocabulary';
import type { CaseMailContext } from '../../core/signals/case-mail';

export const LAWYER_EMAIL = 'l.jones@council.example.gov.uk';
export const IRO_EMAIL = 's.patel@council.example.gov.uk';

/** The case's lawyer and IRO as the directory holds them. */
export const LAWYER_PERSON: Person = {
  id: 'lawyer.jones',
  displayName: 'Lee Jones',
  email: LAWYER_EMAIL,
  roles: ['lawyer'],
  teams: ['north'],
};
export const IRO_PERSON: Person = {
  id: 'iro.patel',
  displayName: 'Sam Patel',
  email: IRO_EMAIL,
  roles: ['iro'],
  teams: ['north'],
};

/** The case as the mail matcher sees it. */
export function caseMailContext(
  openRules: string[],
  draftConversationId?: string,
): CaseMailContext {
  return {
    record: {
      header: {
        id: 'C-1042',
        childRef: 'LCS-1',
        childInitials: 'A.B.',
        lookedAfterBeforeProceedings: false,
        packs: ['iro-legal'],
      },
      members: [
        { personId: 'lawyer.jones', role: 'lawyer' },
        { personId: 'iro.patel', role: 'iro' },
      ],
    },
    people: new Map([
      ['lawyer.jones', { email: LAWYER_EMAIL }],
      ['iro.patel', { email: IRO_EMAIL }],
    ]),
    openRules: new Set(openRules),
    draftConversationId,
  };
}

/** A case in the store with a lawyer and an IRO, and its opening events. */
export async function seedCase(
  store: Pick<CaseStore, 'createCase' | 'append'>,
  c: {
    id: string;
    lawyer: string;
    iro: string;
    packs?: PackId[];
    events: CaseEvent[];
  },
): Promise<void> {
  const actor = { personId: 'system', surface: 'import' as const };
  await store.createCase(
    {
      header: {
        id: c.id,
        childRef: `LCS-${c.id.slice(2)}`,
        childInitials: 'A.B.',
        lookedAfterBeforeProceedings: false,
        packs: c.packs ?? ['iro-legal'],
      },
      team: 'north',
      members: [
        { personId: c.lawyer, role: 'lawyer' },
        { personId: c.iro, role: 'iro' },
      ],
    },
    actor,
  );
  const appended = await store.append({
    caseId: c.id,
    expectedVersion: 0,
    actor,
    events: c.events,
  });
  if (appended.status !== 'appended') throw new Error(`${c.id}: ${appended.status}`);
}

/**
 * A case in the store with a lawyer and an IRO whose IRO alert has gone out: the draft final
 * evidence is due (the mailbox signals' and the IRO's cards' starting point).
 */
export async function seedAlertedCase(
  store: Pick<CaseStore, 'createCase' | 'append'>,
  c: {
    id: string;
    lawyer: string;
    iro: string;
    alertedAt: string;
    filingDue: string;
    /** Events after the alert (the case's other duties done, for a test about these). */
    then?: CaseEvent[];
  },
): Promise<void> {
  await seedCase(store, {
    ...c,
    events: [
      { type: 'application.issued', at: '2026-09-01T10:00:00Z' },
      { type: 'filing.scheduled', at: c.alertedAt, filing: 'final-evidence', due: c.filingDue },
      { type: 'iro-alert.sent', at: c.alertedAt },
      ...(c.then ?? []),
    ],
  });
}
