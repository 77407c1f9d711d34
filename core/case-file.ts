/**
 * The case file: a case's header and its event log, the engine's only input besides config and
 * the current time. Validation names the event index and field of the first problem, so a person
 * can fix the file; nothing is evaluated from a file that does not validate.
 *
 * One file for the event vocabulary: every event's schema in one table, as the tab's form and the
 * CLI read it.
 */
import { z } from 'zod';
import { isLiaisonError } from './errors';
import { isPartyEvent, PARTY_ROLES } from './parties/parties';
import { humanInstant } from './time/human';
import { instantOrNaN, parseInstant } from './time/london';
import { iroAlertRefusal } from './rules/iro-alert';
import {
  CONDITIONAL_DOCUMENTS,
  COURT_DOCUMENTS,
  DISCUSSION_MANNERS,
  FILINGS,
  FINAL_DOCUMENTS,
  HEARINGS,
  INITIAL_DOCUMENTS,
  LPM_SOURCES,
  ORDERS,
  PACKS,
  SURFACES,
} from './vocabulary';

/**
 * A refinement, not a superRefine: zod's superRefine makes a function for every value it checks,
 * and every event has an instant (validating 10,000 cases spent about a tenth of its time there).
 * The reason is worked out again only for a value that fails.
 */
const instant = z.string().refine((text) => !Number.isNaN(instantOrNaN(text)), {
  error: (issue) => {
    const text = String(issue.input);
    const parsed = parseInstant(text);
    return parsed.ok ? undefined : `"${text}" ${parsed.reason}`;
  },
});

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be 1–40 letters, digits, ".", "_" or "-"');

const party = z.strictObject({
  name: z.string().min(1).max(200),
  id: z.string().min(1).max(200).optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .regex(/^[0-9 +()-]{5,30}$/, 'must be a phone number')
    .optional(),
});

/**
 * The Outlook meeting a review or hearing was read from (its `iCalUId`, the same in every
 * attendee's calendar): what ties a moved meeting to the review it already scheduled.
 */
const meeting = z
  .string()
  .regex(/^[A-Za-z0-9+/=_-]{1,300}$/, 'must be a calendar item id')
  .optional();

/** ISO 8601 period in days, weeks or months: P14D, P2W, P1M. */
export const frequency = z
  .string()
  .regex(/^P[1-9][0-9]?[DWM]$/, 'must be a period like P14D, P2W or P1M');

const common = {
  at: instant,
  by: z.string().min(1).max(200).optional(),
  surface: z.enum(SURFACES).optional(),
};

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  // Spelled out so that a field an event redefines (`by`, required on obligation events) takes
  // the event's type rather than an intersection with the common one.
  const fields = { type: z.literal(type), ...common, ...shape } as { type: z.ZodLiteral<T> } & Omit<
    typeof common,
    keyof S
  > &
    S;
  return z.strictObject(fields);
}

const obligationRef = z.string().regex(/^[A-Za-z0-9:._-]{3,200}$/, 'must be an obligation id');

/** Every event type the protocols need, with its fields. Keep these names: other systems use them. */
export const EVENT_SCHEMAS = {
  'looked-after.started': event('looked-after.started', {}),
  'lpm.recommended': event('lpm.recommended', { source: z.enum(LPM_SOURCES) }),
  // The Legal Gateway/Planning Meeting: listed, or decided against by the social work team.
  'lpm.scheduled': event('lpm.scheduled', { on: instant }),
  'lpm.not-needed': event('lpm.not-needed', {}),
  'lpm.reasons-sent-to-iro': event('lpm.reasons-sent-to-iro', {}),
  /** The IRO's details and preliminary views are on the referral form, checked by the lawyer. */
  'lpm.referral-checked': event('lpm.referral-checked', {}),
  /** The social worker has the IRO's views on the proposed care plan, ahead of the LPM. */
  'lpm.iro-views-obtained': event('lpm.iro-views-obtained', {}),
  /** The meeting the PPM convenes between the IRO and the social work team. */
  'iro-sw-meeting.held': event('iro-sw-meeting.held', {}),
  'order.made': event('order.made', { order: z.enum(ORDERS) }),
  'iro-service.notified': event('iro-service.notified', {}),
  // A case's parties: each names a directory person; a later one re-allocates or replaces.
  'lawyer.allocated': event('lawyer.allocated', { lawyer: party }),
  'social-worker.allocated': event('social-worker.allocated', { socialWorker: party }),
  'iro.allocated': event('iro.allocated', { iro: party }),
  'court.notified-of-iro': event('court.notified-of-iro', {}),
  'application.issued': event('application.issued', {}),
  'standard-directions.received': event('standard-directions.received', {}),
  'standard-directions.sent-to-iro': event('standard-directions.sent-to-iro', {}),
  'guardian.appointed': event('guardian.appointed', { guardian: party }),
  'childs-solicitor.appointed': event('childs-solicitor.appointed', { solicitor: party }),
  'guardian-details.sent-to-iro': event('guardian-details.sent-to-iro', {}),
  /** Legal gives the IRO administrator the allocated lawyer's and Guardian's details. */
  'legal-details.sent-to-iro-admin': event('legal-details.sent-to-iro-admin', {}),
  /** A party to the proceedings asks for earlier reviews; the lawyer asks the IRO service. */
  'previous-reviews.asked-for': event('previous-reviews.asked-for', {}),
  'previous-reviews.requested': event('previous-reviews.requested', {}),
  /** CAFCASS has contacted IRO admin, learnt the designated IRO and given the Guardian's name. */
  'cafcass.contacted-iro-service': event('cafcass.contacted-iro-service', {}),
  'guardian-name.passed-to-iro': event('guardian-name.passed-to-iro', {}),
  /** The Guardian has a concern about the details of the care plan, to discuss with the IRO. */
  'guardian.care-plan-concern': event('guardian.care-plan-concern', {}),
  /** Legal has put on record that the Guardian receives each review record (Handbook 8.4). */
  'review-record-requirement.recorded': event('review-record-requirement.recorded', {}),
  'document.sent-to-iro': event('document.sent-to-iro', { document: z.enum(INITIAL_DOCUMENTS) }),
  /** A conditional document is not needed: no initial care plan was prepared; contact is in the plan. */
  'document.not-needed': event('document.not-needed', { document: z.enum(CONDITIONAL_DOCUMENTS) }),
  'court-document.received': event('court-document.received', {
    document: z.enum(COURT_DOCUMENTS),
    ref: identifier,
  }),
  'court-document.uploaded': event('court-document.uploaded', { ref: identifier }),
  'review.scheduled': event('review.scheduled', { review: identifier, on: instant, meeting }),
  'review.held': event('review.held', {
    review: identifier,
    first: z.boolean().optional(),
    recommendsLpm: z.boolean().optional(),
  }),
  'review.minutes-sent-to-lawyer': event('review.minutes-sent-to-lawyer', { review: identifier }),
  'guardian.invited-to-review': event('guardian.invited-to-review', { review: identifier }),
  'review.record-sent-to-guardian': event('review.record-sent-to-guardian', { review: identifier }),
  'filing.scheduled': event('filing.scheduled', { filing: z.enum(FILINGS), due: instant }),
  'iro-alert.sent': event('iro-alert.sent', {}),
  'draft.sent-to-iro': event('draft.sent-to-iro', {}),
  'iro.comments-returned': event('iro.comments-returned', {}),
  /** The IRO's views for the draft final care plan, sent to the social worker (copied to the PPM). */
  'iro-views.sent-to-social-worker': event('iro-views.sent-to-social-worker', {
    copiedToPpm: z.boolean(),
  }),
  'concern.raised': event('concern.raised', {}),
  'concern.resolved': event('concern.resolved', {}),
  /** The IRO remains dissatisfied after mediation: they must seek legal advice. */
  'concern.remains': event('concern.remains', {}),
  'legal-advice.sought': event('legal-advice.sought', {}),
  'dispute.raised': event('dispute.raised', {}),
  'dispute.resolved': event('dispute.resolved', {}),
  /** The Head of Service and Principal Lawyer told of the IRO alert and the responses to it. */
  'dispute.managers-informed': event('dispute.managers-informed', {}),
  'court.informed-of-dispute': event('court.informed-of-dispute', {}),
  'hearing.scheduled': event('hearing.scheduled', {
    hearing: z.enum(HEARINGS),
    on: instant,
    meeting,
  }),
  /** The court's timetable kept: a dated item filed or a hearing held. */
  'filing.made': event('filing.made', { filing: z.enum(FILINGS) }),
  'hearing.held': event('hearing.held', { hearing: z.enum(HEARINGS) }),
  'proceedings.concluded': event('proceedings.concluded', { remainsLookedAfter: z.boolean() }),
  'final-documents.confirmed': event('final-documents.confirmed', {
    documents: z.array(z.enum(FINAL_DOCUMENTS)).min(1),
  }),
  'iro-guardian.contact-made': event('iro-guardian.contact-made', {}),
  'iro-guardian.discussion-held': event('iro-guardian.discussion-held', {}),
  /** What the IRO and Guardian discussed is on the child's case record. */
  'discussion.recorded': event('discussion.recorded', {}),
  /** An issue left outstanding at the final discussion, kept under review until resolved. */
  'outstanding-issue.identified': event('outstanding-issue.identified', { issue: identifier }),
  'outstanding-issue.reviewed': event('outstanding-issue.reviewed', { issue: identifier }),
  'outstanding-issue.resolved': event('outstanding-issue.resolved', { issue: identifier }),
  'discussion-frequency.agreed': event('discussion-frequency.agreed', {
    every: frequency,
    /** "how often and in what manner": in person, by phone or video, or in writing. */
    manner: z.enum(DISCUSSION_MANNERS).optional(),
  }),
  /** Acknowledged as due at `due`: when the deadline moves, it is asked for again. */
  'obligation.acknowledged': event('obligation.acknowledged', {
    obligation: obligationRef,
    by: z.string().min(1).max(200),
    due: instant.optional(),
  }),
  'obligation.completed': event('obligation.completed', {
    obligation: obligationRef,
    by: z.string().min(1).max(200),
  }),
  /** The person responsible says they cannot meet it, and why: their manager is told at once. */
  'obligation.cannot-meet': event('obligation.cannot-meet', {
    obligation: obligationRef,
    by: z.string().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
  }),
  /**
   * A party's part ended without a successor named: they left the council (recorded by the
   * server when a person is deactivated). Their role's open work waits for a new holder.
   */
  'party.left': event('party.left', {
    role: z.enum(PARTY_ROLES),
    personId: z.string().min(1).max(200),
  }),
  /**
   * A mistake corrected: the event at recording position `retracts` is to be read as never having
   * happened. Nothing is edited or deleted; the timeline shows both.
   */
  'event.retracted': event('event.retracted', {
    retracts: z.number().int().min(0),
    reason: z.string().trim().min(1).max(2000),
  }),
  'obligation.waived': event('obligation.waived', {
    obligation: obligationRef,
    by: z.string().min(1).max(200),
    reason: z.string().trim().min(1).max(2000),
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type CaseEvent = { [K in EventType]: z.infer<(typeof EVENT_SCHEMAS)[K]> }[EventType];
export type EventOf<K extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[K]>;

/**
 * A case reference as a person types or sends it (" c-1011"), as the case is known: trimmed and
 * in capitals (`C-1011`). References are unique whatever their letter case, so every way in
 * (the API, the bot, case files) reads a reference through this before using it.
 */
export function caseIdOf(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * Does `use` with the case a person referred to: read in capitals, as cases are stored
 * (`caseIdOf`); if there is no such case and they typed it otherwise, as typed, for a case opened
 * before references were upper-cased. Only "no such case" tries again: any other refusal stands.
 */
export async function onCaseReference<T>(
  typed: string,
  use: (caseId: string) => Promise<T>,
): Promise<T> {
  const id = caseIdOf(typed);
  try {
    return await use(id);
  } catch (e) {
    const asTyped = typed.trim();
    if (asTyped !== id && isLiaisonError(e) && e.code === 'case-not-found') return use(asTyped);
    throw e;
  }
}

/**
 * The case an obligation id names: its part before the first `:` (`C-1042:iro-alert` →
 * `C-1042`), as written. Not upper-cased: obligation ids are made from the case's stored id, and
 * a case opened before references were upper-cased keeps its lower-case one.
 */
export function caseIdOfObligation(obligationId: string): string {
  const colon = obligationId.indexOf(':');
  return colon === -1 ? obligationId : obligationId.slice(0, colon);
}

export const caseHeaderSchema = z.strictObject({
  /** The case reference, always in capitals (caseIdOf): `c-1011` opens case `C-1011`. */
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'must be 1–32 letters, digits or "-" (e.g. C-1042)')
    .overwrite(caseIdOf),
  /** The child's reference in the case management system; never the child's name. */
  childRef: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/,
      'must be a case-system reference such as LCS-123456',
    ),
  childInitials: z
    .string()
    .regex(/^(\p{Lu}\.){1,4}$/u, 'must be initials such as "A.B." (never a name)'),
  lookedAfterBeforeProceedings: z.boolean(),
  packs: z
    .array(z.enum(PACKS))
    .min(1)
    .refine((p) => new Set(p).size === p.length, 'must not repeat a pack'),
});
export type CaseHeader = z.infer<typeof caseHeaderSchema>;

export interface CaseFile {
  case: CaseHeader;
  events: CaseEvent[];
}

export interface ValidationIssue {
  /** Where: "case.childInitials", "events[3].order". */
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    prefix,
  );
}

function zodIssues(prefix: string, error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        path: formatPath(prefix, issue.path),
        message: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    if (
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
      issue.input === undefined
    ) {
      return { path: formatPath(prefix, issue.path), message: 'is required' };
    }
    return { path: formatPath(prefix, issue.path), message: issue.message };
  });
}

/** Why a value failed, with each issue's input: what `zodIssues` reads to say "is required". */
function withInput(schema: z.ZodType, raw: unknown): z.ZodError {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) throw new Error('a value failed validation once and passed the second time');
  return parsed.error;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validates one event; `path` names it in messages ("events[3]"). */
export function validateEvent(raw: unknown, path: string): Validated<CaseEvent> {
  if (!isRecord(raw)) return { ok: false, issues: [{ path, message: 'must be an object' }] };
  const type = raw.type;
  if (typeof type !== 'string') {
    return { ok: false, issues: [{ path: `${path}.type`, message: 'is required (a string)' }] };
  }
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) {
    return {
      ok: false,
      issues: [{ path: `${path}.type`, message: `"${type}" is not a known event type` }],
    };
  }
  const schema = EVENT_SCHEMAS[type as EventType];
  // Parsed without options first: zod copies an options object on every call, which cost about
  // a sixth of validating 10,000 cases. Only a failure is parsed again, for the messages.
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: zodIssues(path, withInput(schema, raw)) };
}

/** Milliseconds of an instant already known to be valid. */
export function instantOf(text: string): number {
  // The engine reads every event's instant on every evaluation: read without a result object.
  const instant = instantOrNaN(text);
  if (Number.isNaN(instant)) throw new Error(`invalid instant "${text}" reached the engine`);
  return instant;
}

/**
 * Checks that an event may follow the log so far: identities that must be unique (court
 * document refs, held reviews) are. Order is not checked: an event may be recorded late, and the
 * engine reads the log in the order things happened.
 */
export function checkSequence(
  prior: readonly CaseEvent[],
  next: CaseEvent,
  path: string,
): ValidationIssue[] {
  if (next.type === 'event.retracted') {
    const target = prior[next.retracts];
    const problem = !target
      ? `there is no event ${next.retracts} to retract`
      : target.type === 'event.retracted'
        ? 'a retraction cannot itself be retracted'
        : isPartyEvent(target.type) || target.type === 'party.left'
          ? 'who holds a role is corrected by naming the right person (a new allocation or appointment), not by retracting'
          : prior.some((e) => e.type === 'event.retracted' && e.retracts === next.retracts)
            ? `event ${next.retracts} is already retracted`
            : undefined;
    if (problem) return [{ path: `${path}.retracts`, message: problem }];
  }
  if (next.type === 'court-document.received') {
    const i = prior.findIndex((e) => e.type === 'court-document.received' && e.ref === next.ref);
    if (i >= 0)
      return [
        { path: `${path}.ref`, message: `"${next.ref}" was already received at events[${i}]` },
      ];
  }
  if (next.type === 'iro-alert.sent') {
    // The filing date it alerts to is the latest final-evidence date (sent with it).
    const filing = [...prior]
      .reverse()
      .find((e) => e.type === 'filing.scheduled' && e.filing === 'final-evidence');
    const refusal =
      filing?.type === 'filing.scheduled'
        ? iroAlertRefusal(prior, instantOf(filing.due), instantOf(next.at))
        : undefined;
    if (refusal) return [{ path, message: refusal }];
  }
  if (next.type === 'review.held') {
    const i = prior.findIndex((e) => e.type === 'review.held' && e.review === next.review);
    if (i >= 0)
      return [
        {
          path: `${path}.review`,
          message: `review "${next.review}" was already held at events[${i}]`,
        },
      ];
  }
  return [];
}

/** How far ahead of the server's clock an event may be dated (clock skew between machines). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * When an event being recorded now may say it happened: not in the future, and not before the
 * case began (its earliest event). Earlier than events already recorded is fine: that is a late
 * record, and the engine reads the log in the order things happened.
 */
export function checkTiming(
  prior: readonly CaseEvent[],
  next: CaseEvent,
  path: string,
  now: number,
): ValidationIssue[] {
  const at = instantOf(next.at);
  if (at > now + FUTURE_TOLERANCE_MS)
    return [{ path: `${path}.at`, message: 'is in the future; record what has happened' }];
  let began: CaseEvent | undefined;
  for (const e of prior) if (!began || instantOf(e.at) < instantOf(began.at)) began = e;
  if (began && at < instantOf(began.at))
    return [
      {
        path: `${path}.at`,
        message: `is before the case began (its first event happened ${humanInstant(began.at)})`,
      },
    ];
  return [];
}

export function validateCaseFile(raw: unknown): Validated<CaseFile> {
  if (!isRecord(raw))
    return {
      ok: false,
      issues: [{ path: '(file)', message: 'must be a JSON object with "case" and "events"' }],
    };
  const unknown = Object.keys(raw).filter((k) => k !== 'case' && k !== 'events');
  if (unknown.length) {
    return {
      ok: false,
      issues: [
        { path: '(file)', message: `unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')}` },
      ],
    };
  }
  const header = caseHeaderSchema.safeParse(raw.case, { reportInput: true });
  if (!header.success) {
    if (raw.case === undefined)
      return { ok: false, issues: [{ path: 'case', message: 'is required' }] };
    return { ok: false, issues: zodIssues('case', header.error) };
  }
  if (!Array.isArray(raw.events)) {
    return { ok: false, issues: [{ path: 'events', message: 'is required (an array of events)' }] };
  }
  const events: CaseEvent[] = [];
  for (let i = 0; i < raw.events.length; i++) {
    const path = `events[${i}]`;
    const result = validateEvent(raw.events[i], path);
    if (!result.ok) return result;
    const sequence = checkSequence(events, result.value, path);
    if (sequence.length) return { ok: false, issues: sequence };
    events.push(result.value);
  }
  return { ok: true, value: { case: header.data, events } };
}
