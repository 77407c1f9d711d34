/** A case with a lawyer and an IRO, as the mail matcher sees it (tests of mailbox signals). */
import type { CaseMailContext } from '../../core/signals/case-mail';

export const LAWYER_EMAIL = 'l.jones@council.example.gov.uk';
export const IRO_EMAIL = 's.patel@council.example.gov.uk';

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
