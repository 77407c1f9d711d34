/**
 * The IRO alert as the protocol describes it — "The allocated lawyer will email the IRO an alert"
 * — sent from the lawyer's own mailbox when they ask for it in the tab: Microsoft Graph's
 * `/me/sendMail` on behalf of the signed-in lawyer (the on-behalf-of flow; delegated `Mail.Send`),
 * kept in their Sent Items, so the IRO can reply to it as to any email from them.
 *
 * The alert itself is recorded first and stays recorded whatever happens to the email (the IRO
 * also gets the card in Teams); the answer says whether the email went. The subject carries the
 * case reference and the filing date, never a child's name, and the body the dates the engine
 * computed and a link to the case, which needs signing in. Each attempt is audited.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  humanInstant,
  type Actor,
  type Directory,
  type IroAlertDates,
  type CaseLog,
  type AuditTrail,
} from '../../core';
import { isGraphTimeout, type Graph } from '../graph/graph-client';
import { escapeHtml } from '../html';

export interface IroAlertEmailDeps {
  /** A Graph client acting for the person whose API token this is. */
  asPerson(userToken: string): Graph;
  store: Pick<CaseLog, 'getCase'> & Pick<AuditTrail, 'audit'> & Pick<Directory, 'person'>;
  /** The case in the tab. */
  caseLink(caseId: string): string;
}

export type EmailOutcome = { sent: true } | { sent: false; reason: string };

export class IroAlertEmail {
  constructor(private readonly deps: IroAlertEmailDeps) {}

  /** Emails the case's IRO from the signed-in person's mailbox; never throws for Graph's sake. */
  async send(
    userToken: string,
    caseId: string,
    dates: IroAlertDates,
    actor: Actor,
  ): Promise<EmailOutcome> {
    const { store } = this.deps;
    const record = await store.getCase(caseId);
    const iroId = record?.members.find((m) => m.role === 'iro')?.personId;
    const iro = iroId ? await store.person(iroId) : undefined;
    let outcome: EmailOutcome;
    if (!iro?.email)
      outcome = { sent: false, reason: 'The case has no IRO with an email address.' };
    else
      try {
        await this.deps
          .asPerson(userToken)
          .client.api('/me/sendMail')
          .post({
            message: {
              subject: `[${caseId}] IRO alert: final evidence due ${humanInstant(dates.filingDue)}`,
              body: { contentType: 'HTML', content: this.body(caseId, dates) },
              toRecipients: [{ emailAddress: { address: iro.email } }],
            },
            saveToSentItems: true,
          });
        outcome = { sent: true };
      } catch (e) {
        outcome = { sent: false, reason: reasonOf(e) };
      }
    await store.audit({
      actor,
      action: outcome.sent ? 'iro-alert.emailed' : 'iro-alert.email-failed',
      caseId,
      detail: outcome.sent ? { to: iroId } : { to: iroId, reason: outcome.reason },
    });
    return outcome;
  }

  private body(caseId: string, dates: IroAlertDates): string {
    const line = (text: string) => `<p>${escapeHtml(text)}</p>`;
    return [
      line(
        `The final evidence in case ${caseId} is due to be filed on ${humanInstant(dates.filingDue)}.`,
      ),
      dates.draftToIroBy
        ? line(`The draft final evidence should reach you by ${humanInstant(dates.draftToIroBy)}.`)
        : '',
      dates.commentsDueIfDraftOnTime
        ? line(
            `Your comments would then be due by ${humanInstant(dates.commentsDueIfDraftOnTime)} (24 hours after the draft).`,
          )
        : '',
      dates.commentWindowCompressed
        ? line('The time for your comments is shorter than the protocol allows.')
        : '',
      `<p><a href="${escapeHtml(this.deps.caseLink(caseId))}">Open the case in IRO Liaison</a> (sign-in needed).</p>`,
    ].join('');
  }
}

function reasonOf(e: unknown): string {
  if (isGraphTimeout(e)) return 'Microsoft 365 did not answer in time.';
  // No HTTP answer (-1): the on-behalf-of exchange failed before the request (consent missing,
  // a token for another app), or the network did.
  if (e instanceof GraphError && e.statusCode > 0) {
    if (e.statusCode === 403)
      return 'Microsoft 365 did not let the app send email for you (Mail.Send not consented).';
    return `Microsoft 365 refused the email (${e.statusCode}${e.code ? ` ${e.code}` : ''}).`;
  }
  return 'Your sign-in could not be used to send email for you, or Microsoft 365 could not be reached.';
}
