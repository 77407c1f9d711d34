/**
 * A case's page as `GET /api/cases/:id` sends it, as bytes.
 *
 * Most of a page is the same for everyone who may see the case until the case changes: its
 * obligations with who holds each by name (about 45 KB for a case a year into proceedings) and
 * its log. Serialising those on every read was the largest single cost of a read, so they are
 * rendered once per evaluation of the case (server/cases/evaluations.ts: the same obligations
 * are given to every read while the evaluation holds) and kept for the pages read most recently.
 * What is the reader's own (their roles, what they may record or retract), the parties, the
 * instant and what was delivered are rendered on each read.
 */
import { holdersByName, type CaseView, type Obligation } from '../../../core';
import { caseJson, completionJson } from './json';

/**
 * Pages kept, the least recently read going first: about 50 KB each, so about 100 MB at most. A
 * council has far fewer live cases; a page not kept is rendered again, as every page was before.
 */
const PAGES_KEPT = 2_000;

interface Rendered {
  /** What the bytes were rendered from: this evaluation's obligations, this log, these parties. */
  obligationsOf: readonly Obligation[];
  version: number;
  parties: string;
  events: Buffer;
  obligations: Buffer;
}

/** The pages of one app's cases (each app its own: a test process may run several). */
export class CasePages {
  private readonly rendered = new Map<string, Rendered>();

  constructor(private readonly limit = PAGES_KEPT) {}

  /** How many pages are kept. */
  get size(): number {
    return this.rendered.size;
  }

  /** The page's JSON, field for field in this order: the API's `CaseView` (openapi.json). */
  json(view: CaseView): Buffer {
    const parties = JSON.stringify(view.parties);
    const evaluation = view.evaluation;
    const caseId = view.case.header.id;
    let kept = this.rendered.get(caseId);
    this.rendered.delete(caseId); // set again below: the map's order is least recently read first
    if (
      !kept ||
      kept.obligationsOf !== evaluation.obligations ||
      kept.version !== view.events.length ||
      kept.parties !== parties
    ) {
      kept = {
        obligationsOf: evaluation.obligations,
        version: view.events.length,
        parties,
        events: Buffer.from(JSON.stringify(view.events.map(eventJson))),
        obligations: Buffer.from(
          `[${evaluation.obligations.map((o) => obligationOnPage(o, view.parties)).join(',')}]`,
        ),
      };
    }
    this.rendered.set(caseId, kept);
    if (this.rendered.size > this.limit) this.rendered.delete(this.rendered.keys().next().value!);
    const head = JSON.stringify({
      case: caseJson(view.case),
      myRoles: view.myRoles,
      myEvents: view.myEvents,
      myRetractable: view.myRetractable,
      parties: view.parties,
      calendar: evaluation.calendar,
      evaluatedAt: evaluation.evaluatedAt,
    });
    const tail = JSON.stringify({ warnings: evaluation.warnings, deliveries: view.deliveries });
    return Buffer.concat([
      Buffer.from(`${head.slice(0, -1)},"events":`),
      kept.events,
      Buffer.from(',"obligations":'),
      kept.obligations,
      Buffer.from(`,${tail.slice(1)}`),
    ]);
  }
}

/**
 * An obligation as the page gives it: the obligation, how a person completes it, and who is on
 * the hook for it and who it is for, by name. Written as the obligation's own JSON with those
 * fields added at its end (where a copy with them added would put them), so that no copy of each
 * obligation is made and the kept evaluation's obligations are never changed.
 */
function obligationOnPage(o: Obligation, parties: CaseView['parties']): string {
  const own = JSON.stringify(o);
  const added = JSON.stringify({
    completion: completionJson(o),
    assignees: holdersByName(o.responsible, parties),
    addressees: holdersByName(o.recipients, parties),
  });
  return `${own.slice(0, -1)},${added.slice(1)}`;
}

function eventJson(e: CaseView['events'][number]) {
  return {
    seq: e.seq,
    ...e.event,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    via: e.surface,
  };
}
