/**
 * A council's settings: how its end of day, closure days and targets differ from the protocol's
 * defaults. Validated once; the engine then only sees resolved settings.
 */
import { z } from 'zod';
import { BusinessCalendar } from './calendar/business-calendar';
import { vendoredSnapshot, type HolidaySnapshot } from './calendar/bank-holidays';
import type { Validated, ValidationIssue } from './case-file';
import {
  AFTER_CONVENTIONS,
  BEFORE_CONVENTIONS,
  UNIT,
  isBeforeConvention,
  type Convention,
} from './conventions/conventions';
import type { DigestSchedule } from './notices/weekly-digest';
import { WEEKDAYS } from './ports/digest-preferences';
import { RULES_BY_ID } from './rules/catalogue';
import type { ReminderPoint } from './rules/rule';
import { dayFromIsoDate, isIsoDate, parseTimeOfDay } from './time/london';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isIsoDate, 'is not a real calendar date');

const reminderPoint = z.union([
  z.strictObject({ businessDaysBefore: z.number().int().min(0).max(60) }),
  z.strictObject({ hoursBefore: z.number().int().min(1).max(720) }),
]);

export const councilConfigSchema = z.strictObject({
  /** "End of day" for day-counted deadlines: "23:59:59" (default) or the council's close of business, e.g. "17:00". */
  endOfDay: z
    .string()
    .refine((t) => parseTimeOfDay(t) !== undefined, 'must be a time HH:MM or HH:MM:SS')
    .optional(),
  localClosureDays: z.array(isoDate).max(400).optional(),
  additionalBankHolidays: z
    .array(z.strictObject({ date: isoDate, title: z.string().min(1).max(100) }))
    .max(50)
    .optional(),
  /** The first IRO/CAFCASS link meeting; later ones follow every 6 months. */
  linkMeetingsFrom: isoDate.optional(),
  /** When the weekly digest goes (London): default Monday 08:00. People may choose another day. */
  digest: z
    .strictObject({
      day: z.enum(WEEKDAYS).optional(),
      time: z
        .string()
        .refine((t) => parseTimeOfDay(t) !== undefined, 'must be a time HH:MM')
        .optional(),
    })
    .optional(),
  /** The day of each month the register of cases with legal input is produced (1–28; default 1). */
  caseRegisterDay: z.number().int().min(1).max(28).optional(),
  rules: z
    .record(
      z.string(),
      z.strictObject({
        deadline: z
          .strictObject({
            convention: z.enum([...AFTER_CONVENTIONS, ...BEFORE_CONVENTIONS]).optional(),
            amount: z.number().int().min(0).max(400).optional(),
          })
          .optional(),
        reminders: z.array(reminderPoint).max(5).optional(),
      }),
    )
    .optional(),
});
export type CouncilConfig = z.infer<typeof councilConfigSchema>;

export interface RuleSettings {
  /** The council's convention and amount: an override, or the target for a rule with no number. */
  deadline?: { convention: Convention; amount: number };
  reminders?: ReminderPoint[];
}

/** What the engine needs, resolved from a council config. */
export interface EngineSettings {
  calendar: BusinessCalendar;
  endOfDay: number;
  linkMeetingsFrom?: number;
  /** The day of the month the register of cases with legal input is produced. */
  caseRegisterDay: number;
  /** When the weekly digest goes, unless a person chose another day. */
  digest: DigestSchedule;
  rules: ReadonlyMap<string, RuleSettings>;
}

const DEFAULT_END_OF_DAY = '23:59:59';

export function resolveCouncilConfig(
  raw: unknown,
  snapshot: HolidaySnapshot = vendoredSnapshot,
): Validated<EngineSettings> {
  const parsed = councilConfigSchema.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({
        path: ['config', ...i.path].map(String).join('.'),
        message:
          i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message,
      })),
    };
  }
  const config = parsed.data;
  const issues: ValidationIssue[] = [];
  const rules = new Map<string, RuleSettings>();
  for (const [id, settings] of Object.entries(config.rules ?? {})) {
    const path = `config.rules.${id}`;
    const rule = RULES_BY_ID.get(id);
    if (!rule) {
      issues.push({
        path,
        message: `"${id}" is not a rule in the catalogue (see \`liaison rules\`)`,
      });
      continue;
    }
    const resolved: RuleSettings = { reminders: settings.reminders };
    const d = settings.deadline;
    if (d && id === 'link-meeting') {
      issues.push({
        path: `${path}.deadline`,
        message: 'the link meetings fall every 6 months from `linkMeetingsFrom`; set that instead',
      });
    } else if (d) {
      const spec = rule.deadline;
      if (spec.kind === 'target') {
        if (!d.convention || d.amount === undefined) {
          issues.push({
            path: `${path}.deadline`,
            message: 'a council target needs both convention and amount',
          });
        } else if (isBeforeConvention(d.convention) && spec.default.anchor === undefined) {
          // A target counts forward, unless the rule has a date to count back from (an LPM).
          issues.push({
            path: `${path}.deadline.convention`,
            message: `a target counts forward from "${rule.trigger}"; "${d.convention}" counts back`,
          });
        } else {
          resolved.deadline = { convention: d.convention, amount: d.amount };
        }
      } else {
        const convention = d.convention ?? spec.convention;
        const wantBefore = spec.kind === 'before';
        if (isBeforeConvention(convention) !== wantBefore) {
          issues.push({
            path: `${path}.deadline.convention`,
            message: `"${id}" counts ${wantBefore ? 'back from' : 'forward from'} its ${wantBefore ? 'anchor' : 'trigger'}; use one of ${(wantBefore ? BEFORE_CONVENTIONS : AFTER_CONVENTIONS).join(', ')}`,
          });
        } else if (d.amount === undefined && UNIT[convention] !== UNIT[spec.convention]) {
          issues.push({
            path: `${path}.deadline.amount`,
            message: `is required: "${convention}" counts ${UNIT[convention]}, the protocol's default counts ${UNIT[spec.convention]}`,
          });
        } else {
          resolved.deadline = { convention, amount: d.amount ?? spec.amount };
        }
      }
    }
    rules.set(id, resolved);
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      calendar: new BusinessCalendar(snapshot, {
        additionalBankHolidays: config.additionalBankHolidays,
        localClosureDays: config.localClosureDays,
      }),
      endOfDay: parseTimeOfDay(config.endOfDay ?? DEFAULT_END_OF_DAY)!,
      linkMeetingsFrom:
        config.linkMeetingsFrom === undefined ? undefined : dayFromIsoDate(config.linkMeetingsFrom),
      caseRegisterDay: config.caseRegisterDay ?? 1,
      digest: {
        day: config.digest?.day ?? 'monday',
        time: parseTimeOfDay(config.digest?.time ?? '08:00')!,
      },
      rules,
    },
  };
}
