/**
 * Acknowledging a deadline from a link in an email, without signing in: for people outside the
 * council's tenant (Guardians, children's solicitors), who cannot act on a card in Outlook.
 *
 * Looking at a link (GET) never records anything: mail scanners such as Defender Safe Links open
 * every link in a message before the person does. Pressing Acknowledge on the page (POST)
 * acknowledges through the case operations as the link's person, from the `email-link` surface,
 * as a card or the tab would, and is refused as they would refuse it. Core decides what a use may
 * do (`linkStanding`); the log is the record of a link's use, so a link used once stays used
 * across restarts and instances on every store. Two presses racing carry the same idempotency
 * key (made from the token), so only one acknowledgement is recorded.
 *
 * Every use is audited: seen, used, or refused and why, with the person's id and the obligation
 * (never a name, never the token).
 */
import { createHash } from 'node:crypto';
import {
  acknowledgementLink,
  caseIdOfObligation,
  coveredBy,
  formatInstant,
  isLiaisonError,
  linkStanding,
  refuse,
  type AcknowledgementLink,
  type Actor,
  type AuditTrail,
  type Clock,
  type Directory,
  type LiaisonError,
  type LinkStanding,
  type MessageObligation,
  type Person,
} from '../../core';
import type { Cases } from '../cases/cases';
import type { LinkTokens } from './link-tokens';

/** Where the page lives, under the public URL: outside /api, which needs signing in. */
export const LINK_PATH = '/ack';

export interface AcknowledgementLinksDeps {
  tokens: LinkTokens;
  cases: Pick<Cases, 'systemView' | 'actOnObligation'>;
  directory: Pick<Directory, 'person' | 'deputisedBy'>;
  audit: Pick<AuditTrail, 'audit'>;
  clock: Clock;
  /** The address people reach the server at (config.http.publicUrl). */
  publicUrl: string;
  /** How many days a link works for. */
  days: number;
}

/** What a link's page says: what may be done, what was done, or why nothing can be. */
export type LinkPage =
  | { kind: 'ready'; caseRef: string; due: string; expires: string }
  | { kind: 'acknowledged'; caseRef: string; due: string; at: string }
  /** Acknowledged already, another way (Teams, the tab): nothing to do, and nothing wrong. */
  | { kind: 'already-acknowledged'; caseRef: string; due: string; at: string }
  | {
      kind: 'refused';
      error: LiaisonError;
      /** What the link was for, when it is ours (never for one that is not valid). */
      caseRef?: string;
      due?: string;
      /** When it was used, or expired. */
      at?: string;
      /** The deadline now, when it has moved. */
      movedTo?: string;
    };

export class AcknowledgementLinks {
  constructor(private readonly deps: AcknowledgementLinksDeps) {}

  /**
   * The link an email about `about` gives `recipient`, and when it stops working; none when
   * there is nothing they may acknowledge (core/notices/email-actions.ts says who gets one).
   */
  linkFor(
    recipient: Person,
    about: MessageObligation,
  ): { url: string; expires: string } | undefined {
    const link = acknowledgementLink(recipient, about, this.deps.clock.now(), this.deps.days);
    if (!link) return undefined;
    const token = this.deps.tokens.sign(link);
    return {
      url: `${this.deps.publicUrl}${LINK_PATH}?t=${token}`,
      expires: link.expires,
    };
  }

  /** What the page shows for a link: what it is for, and whether it may still be used. */
  async show(token: string, origin: string | undefined): Promise<LinkPage> {
    const link = this.deps.tokens.verify(token);
    if (!link) return this.notValid(origin);
    const { standing } = await this.standing(link);
    await this.record(link, origin, 'acknowledgement-link.viewed', { standing: standing.kind });
    return pageOf(link, standing);
  }

  /** Acknowledges the link's deadline as its person, once. */
  async acknowledge(token: string, origin: string | undefined): Promise<LinkPage> {
    const link = this.deps.tokens.verify(token);
    if (!link) return this.notValid(origin);
    const actor: Actor = {
      personId: link.person,
      surface: 'email-link',
      ...(origin ? { origin } : {}),
    };
    // A case written to meanwhile is a version conflict: judged again on the case as it is then.
    for (let attempt = 0; ; attempt++) {
      const { standing, person } = await this.standing(link);
      if (standing.kind !== 'ready' || !person) {
        const page = pageOf(link, standing);
        await this.refused(link, origin, page);
        return page;
      }
      try {
        const acted = await this.deps.cases.actOnObligation(
          person,
          link.obligation,
          'acknowledge',
          { idempotencyKey: idempotencyKeyOf(token) },
          actor,
        );
        // Not recorded: the same link pressed twice at once, or acknowledged another way
        // meanwhile. The next pass says which.
        if (!acted.changed && attempt === 0) continue;
        const at = formatInstant(this.deps.clock.now());
        await this.record(link, origin, 'acknowledgement-link.used', { due: link.due });
        return { kind: 'acknowledged', caseRef: caseRefOf(link), due: link.due, at };
      } catch (e) {
        if (isLiaisonError(e) && e.code === 'version-conflict' && attempt === 0) continue;
        if (!isLiaisonError(e) || e.kind === 'internal' || e.kind === 'unavailable') throw e;
        const page: LinkPage = {
          kind: 'refused',
          error: e,
          caseRef: caseRefOf(link),
          due: link.due,
        };
        await this.refused(link, origin, page);
        return page;
      }
    }
  }

  /** The link's standing now, and its person as the directory has them (with whom they cover). */
  private async standing(
    link: AcknowledgementLink,
  ): Promise<{ standing: LinkStanding; person?: Person }> {
    const now = this.deps.clock.now();
    const [found, view] = await Promise.all([
      this.deps.directory.person(link.person),
      this.deps.cases.systemView(caseIdOfObligation(link.obligation)),
    ]);
    // A deputy acts, while the absence lasts, in the roles of whom they stand in for.
    const covers = found
      ? coveredBy(await this.deps.directory.deputisedBy(found.id), found.id, now)
      : [];
    const person = found && covers.length ? { ...found, coversFor: covers } : found;
    const standing = linkStanding(link, {
      at: now,
      person,
      record: view?.record,
      obligation: view?.evaluation.obligations.find((o) => o.id === link.obligation),
      log: view?.log ?? [],
    });
    return { standing, ...(person ? { person } : {}) };
  }

  private async notValid(origin: string | undefined): Promise<LinkPage> {
    const error = refuse('acknowledgement-link-invalid');
    // Nothing in a token that is not ours can be believed: no person, no case.
    await this.deps.audit.audit({
      actor: { personId: 'unknown', surface: 'email-link', ...(origin ? { origin } : {}) },
      action: 'acknowledgement-link.refused',
      detail: { reason: error.code },
    });
    return { kind: 'refused', error };
  }

  private refused(link: AcknowledgementLink, origin: string | undefined, page: LinkPage) {
    const reason = page.kind === 'refused' ? page.error.code : page.kind;
    return this.record(link, origin, 'acknowledgement-link.refused', { reason });
  }

  private record(
    link: AcknowledgementLink,
    origin: string | undefined,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.deps.audit.audit({
      actor: { personId: link.person, surface: 'email-link', ...(origin ? { origin } : {}) },
      action,
      caseId: caseRefOf(link),
      detail: { obligation: link.obligation, ...detail },
    });
  }
}

/** What the page says for a link in a standing. */
function pageOf(link: AcknowledgementLink, standing: LinkStanding): LinkPage {
  const about = { caseRef: caseRefOf(link), due: link.due };
  switch (standing.kind) {
    case 'ready':
      return { kind: 'ready', ...about, expires: link.expires };
    case 'already-acknowledged':
      return { kind: 'already-acknowledged', ...about, at: standing.at };
    case 'used':
      return {
        kind: 'refused',
        error: refuse('acknowledgement-link-used', 'This link was used already.'),
        ...about,
        at: standing.at,
      };
    case 'expired':
      return {
        kind: 'refused',
        error: refuse('acknowledgement-link-expired', 'This link has expired.'),
        ...about,
        at: standing.at,
      };
    case 'moved':
      return {
        kind: 'refused',
        error: refuse('acknowledgement-link-moved', 'The deadline has moved since the email.'),
        ...about,
        ...(standing.due ? { movedTo: standing.due } : {}),
      };
    case 'closed':
      return {
        kind: 'refused',
        error: refuse('obligation-closed', `The obligation is already ${standing.status}.`, {
          status: standing.status,
        }),
        ...about,
      };
    case 'withdrawn':
      return { kind: 'refused', error: refuse('acknowledgement-link-withdrawn'), ...about };
  }
}

function caseRefOf(link: AcknowledgementLink): string {
  return caseIdOfObligation(link.obligation);
}

/** The same token, the same key: two presses at once record one acknowledgement. */
function idempotencyKeyOf(token: string): string {
  return `ack-link:${createHash('sha256').update(token).digest('base64url').slice(0, 32)}`;
}
