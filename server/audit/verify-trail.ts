/**
 * Checks the sealed record end to end — what `npm run audit:verify` and the server's daily check
 * run, on whichever store holds it:
 *
 * 1. the audit chain, entry by entry: every seal (keyed from the first keyed entry on), every
 *    link, no gap, nothing reordered (../store/audit-chain.ts);
 * 2. every recorded case event against the digest sealed into the chain when it was appended: an
 *    edited event no longer matches, a deleted one is missing, an inserted one has no seal;
 * 3. the anchors: each anchored head must still be in the chain with the same seal, and the chain
 *    must reach the latest one (entries deleted from the end show here, and only here).
 *
 * Each problem names the entry or the event (case reference and position, never a child's name).
 */
import type {
  AuditEntry,
  ChainHead,
  Directory,
  RecordedEvent,
  CaseLog,
  AuditTrail,
} from '../../core';
import { eventInWords } from '../../core';
import { letRequestsIn } from '../background';
import { GENESIS_HASH, eventDigest, verifyChain, type SealKey } from '../store/audit-chain';

const PAGE = 5_000;
/** Problems listed in one report: the first of a kind is what someone investigates. */
const MAX_PROBLEMS = 50;

export interface TrailReport {
  ok: boolean;
  entries: number;
  cases: number;
  events: number;
  /** How many anchors were compared, or why none were. */
  anchors: number | string;
  problems: string[];
  /** The chain's last entry, as it stands. */
  head?: { seq: number; seal: string };
  /** Events appended before events were sealed (their entry has no digest): sealed by the check. */
  unsealed: { caseId: string; seq: number; digest: string }[];
}

export type TrailStore = Pick<AuditTrail, 'readAudit'> &
  Pick<CaseLog, 'readEvents' | 'listCases'> &
  Pick<Directory, 'people'>;

export async function verifyTrail(deps: {
  store: TrailStore;
  key?: SealKey;
  anchors?: ChainHead[];
  anchorsUnreadable?: string;
}): Promise<TrailReport> {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };

  // 1. The chain, page by page, collecting what it says about the events as it goes.
  const sealed = new Map<string, string>();
  const legacy = new Set<string>();
  const caseIds = new Set<string>();
  const wanted = new Map((deps.anchors ?? []).map((a) => [a.seq, a]));
  const sealAt = new Map<number, string>();
  let start = { prevHash: GENESIS_HASH, prevSeq: 0, keyed: false };
  let entries = 0;
  let chainBroken = false;
  for (;;) {
    const page = await deps.store.readAudit(start.prevSeq, PAGE);
    if (!page.length) break;
    for (const e of page) {
      if (wanted.has(e.seq)) sealAt.set(e.seq, e.hash);
      noteEvents(e, sealed, legacy, caseIds);
    }
    if (!chainBroken) {
      const check = verifyChain(page, start, deps.key);
      if (!check.ok) {
        chainBroken = true;
        problem(`Audit entry ${check.seq} ${check.problem}.`);
      } else start = { prevHash: check.lastHash, prevSeq: check.lastSeq, keyed: check.keyed };
    }
    entries += page.length;
    const last = page[page.length - 1]!;
    if (chainBroken) start = { prevHash: last.hash, prevSeq: last.seq, keyed: start.keyed };
    await letRequestsIn();
  }
  const head = entries ? { seq: start.prevSeq, seal: start.prevHash } : undefined;
  if (deps.key && entries && !start.keyed && !chainBroken)
    problem(
      'No audit entry is sealed with the key: the trail was written, or re-hashed, without it.',
    );

  // 2. The events of every case the trail or the teams know of.
  for (const team of new Set((await deps.store.people()).flatMap((p) => p.teams))) {
    let after: string | undefined;
    for (;;) {
      const page = await deps.store.listCases({ teams: [team], limit: 200, after });
      for (const c of page) caseIds.add(c.header.id);
      if (page.length < 200) break;
      after = page[page.length - 1]!.header.id;
    }
  }
  const unsealed: TrailReport['unsealed'] = [];
  let events = 0;
  for (const [i, caseId] of [...caseIds].sort().entries()) {
    if (i % 25 === 24) await letRequestsIn();
    for (const e of await deps.store.readEvents(caseId)) {
      events++;
      const id = `${caseId}\n${e.seq}`;
      const digest = eventDigest(caseId, e);
      const expected = sealed.get(id);
      sealed.delete(id);
      if (expected === undefined) {
        if (legacy.has(id)) unsealed.push({ caseId, seq: e.seq, digest });
        else problem(`${describe(caseId, e)} has no seal (it was added outside the app).`);
      } else if (expected !== digest) {
        problem(`${describe(caseId, e)} does not match its seal (it was edited).`);
      }
    }
  }
  for (const id of sealed.keys()) {
    const [caseId, seq] = id.split('\n');
    problem(`Case ${caseId} event ${seq} is sealed in the audit trail but missing (deleted).`);
  }

  // 3. The anchors.
  let anchors: number | string = deps.anchorsUnreadable ?? 'none configured';
  if (deps.anchors) {
    anchors = deps.anchors.length;
    const latest = deps.anchors.reduce<ChainHead | undefined>(
      (a, b) => (a === undefined || b.seq > a.seq ? b : a),
      undefined,
    );
    if (latest && latest.seq > (head?.seq ?? 0))
      problem(
        `The audit trail ends at entry ${head?.seq ?? 0}, but it reached entry ${latest.seq} when anchored at ${latest.at}: ${
          latest.seq === (head?.seq ?? 0) + 1
            ? `entry ${latest.seq} was`
            : `entries ${(head?.seq ?? 0) + 1}–${latest.seq} were`
        } deleted.`,
      );
    for (const a of deps.anchors) {
      const seal = sealAt.get(a.seq);
      if (seal !== undefined && seal !== a.seal)
        problem(
          `Audit entry ${a.seq} is not the one anchored at ${a.at} (the trail was rewritten).`,
        );
    }
  }
  return {
    ok: problems.length === 0,
    entries,
    cases: caseIds.size,
    events,
    anchors,
    problems,
    ...(head ? { head } : {}),
    unsealed,
  };
}

/** What an audit entry says about case events: their digests, or that they predate sealing. */
function noteEvents(
  e: AuditEntry,
  sealed: Map<string, string>,
  legacy: Set<string>,
  caseIds: Set<string>,
): void {
  if (e.caseId !== undefined) caseIds.add(e.caseId);
  const detail = (e.detail ?? {}) as {
    seq?: unknown;
    digest?: unknown;
    digests?: unknown;
  };
  if (e.action === 'event.appended' && e.caseId !== undefined && typeof detail.seq === 'number') {
    const id = `${e.caseId}\n${detail.seq}`;
    if (typeof detail.digest === 'string') sealed.set(id, detail.digest);
    else legacy.add(id);
  } else if (e.action === 'events.sealed' && e.caseId !== undefined) {
    for (const [seq, digest] of Object.entries((detail.digests ?? {}) as Record<string, unknown>))
      if (typeof digest === 'string') sealed.set(`${e.caseId}\n${seq}`, digest);
  }
}

function describe(caseId: string, e: RecordedEvent): string {
  return `Case ${caseId} event ${e.seq} (${eventInWords(e.event)}, recorded ${e.recordedAt})`;
}
