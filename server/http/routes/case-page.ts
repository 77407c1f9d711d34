/**
 * A case's page as `GET /api/cases/:id` sends it, as bytes.
 *
 * Most of a page is the same for everyone who may see the case until the case changes: its
 * obligations with who holds each by name (about 45 KB for a case a year into proceedings) and
 * its log. Serialising those on every read cost more than everything else the read does, so they
 * are rendered once per evaluation and kept beside it: in a WeakMap on the evaluation's
 * obligations, which the kept evaluation shares with every read of it while it holds
 * (server/cases/evaluations.ts). The bytes go when the evaluation goes (the case changes, the
 * clock reaches an instant that changes a status, or it is the least recently used), so they
 * need no eviction of their own. What is the reader's own (their roles, what they may record or
 * retract), the parties, the instant and what was delivered are rendered on each read.
 */
import type { CaseView, Obligation } from '../../../core';
import { holdersByName } from '../../../core';
import { caseJson, obligationJson } from './json';

interface Rendered {
  /** The log's length and the parties (names included) the bytes were rendered with. */
  version: number;
  parties: string;
  events: Buffer;
  obligations: Buffer;
}

const rendered = new WeakMap<readonly Obligation[], Rendered>();

/** The page's JSON, field for field in this order: the API's `CaseView` (openapi.json). */
export function casePageJson(view: CaseView): Buffer {
  const parties = JSON.stringify(view.parties);
  const evaluation = view.evaluation;
  let kept = rendered.get(evaluation.obligations);
  if (!kept || kept.version !== view.events.length || kept.parties !== parties) {
    kept = {
      version: view.events.length,
      parties,
      events: Buffer.from(JSON.stringify(view.events.map(eventJson))),
      obligations: Buffer.from(
        JSON.stringify(
          evaluation.obligations.map((o) =>
            Object.assign(obligationJson(o), {
              // Who is on the hook for each, and who it is for, by name.
              assignees: holdersByName(o.responsible, view.parties),
              addressees: holdersByName(o.recipients, view.parties),
            }),
          ),
        ),
      ),
    };
    rendered.set(evaluation.obligations, kept);
  }
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

function eventJson(e: CaseView['events'][number]) {
  return {
    seq: e.seq,
    ...e.event,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    via: e.surface,
  };
}
