/**
 * A case's page as `GET /api/cases/:id` sends it: JSON text, written to the response as text
 * (json-text.ts).
 *
 * It is rendered on every read and never kept. A page is about 60 KB (a case a year into
 * proceedings); pages kept as Buffers, and replaced as other cases were read, counted towards
 * V8's "external memory pressure", which started a full garbage collection of the whole heap
 * (every kept evaluation, about 270 MB with 10,000 cases) every 5 seconds or so at 300 reads a
 * second. While it marked, for about 300 ms, reads queued: a steady 300 reads a second had a p99
 * of 230–310 ms. Rendered on each read and written as text, the same load had a p99 of 25–40 ms,
 * with less memory (490 MB RSS against 600). Pages kept as text did as well on latency, but left
 * the server at 1.7 GB; keeping rendered pages saved about 0.4 ms of a re-read.
 */
import { holdersByName, type CaseView, type Obligation } from '../../../core';
import { caseJson, completionJson } from './json';

/** The page's JSON, field for field in this order: the API's `CaseView` (openapi.json). */
export function casePageJson(view: CaseView): string {
  const evaluation = view.evaluation;
  const head = JSON.stringify({
    case: caseJson(view.case),
    myRoles: view.myRoles,
    myEvents: view.myEvents,
    myRetractable: view.myRetractable,
    parties: view.parties,
    calendar: evaluation.calendar,
    evaluatedAt: evaluation.evaluatedAt,
    events: view.events.map(eventJson),
  });
  const obligations = evaluation.obligations.map((o) => obligationOnPage(o, view.parties));
  const tail = JSON.stringify({ warnings: evaluation.warnings, deliveries: view.deliveries });
  return `${head.slice(0, -1)},"obligations":[${obligations.join(',')}],${tail.slice(1)}`;
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
