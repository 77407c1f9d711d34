/**
 * A person's weekly digest: when theirs comes (the council's day or their own, or off), and
 * changing it, for themselves only (`/api/me/digest`). The server records who and when; every
 * change is audited.
 */
import {
  digestWhen,
  formatInstant,
  type Actor,
  type Clock,
  type DigestPreference,
  type DigestPreferences,
  type DigestSchedule,
  type Person,
  type Weekday,
  type AuditTrail,
} from '../../core';

function view(pref: DigestPreference | undefined, schedule: DigestSchedule) {
  const day = pref?.day ?? schedule.day;
  return {
    off: pref?.off ?? false,
    ...(pref?.day ? { day: pref.day } : {}),
    councilDay: schedule.day,
    when: pref?.off
      ? 'Off: no weekly digest.'
      : `${digestWhen(day, schedule.time)}${pref?.day ? '' : " (the council's day)"}.`,
  };
}

export interface DigestDeps {
  preferences: DigestPreferences;
  store: Pick<AuditTrail, 'audit'>;
  schedule: DigestSchedule;
  clock: Clock;
}

/** When this person's weekly digest comes (the council's day or their own), or that it is off. */
export async function myDigest(deps: DigestDeps, person: Person) {
  const mine = (await deps.preferences.digestPreferences()).find((p) => p.personId === person.id);
  return view(mine, deps.schedule);
}

/** Changes this person's own digest (never anyone else's); audited. */
export async function setMyDigest(
  deps: DigestDeps,
  person: Person,
  asked: { off: boolean; day?: Weekday | null },
  actor: Actor,
) {
  const preference: DigestPreference = {
    personId: person.id,
    off: asked.off,
    ...(asked.day ? { day: asked.day } : {}),
    updatedBy: person.id,
    // Whole seconds: every store keeps the same instant.
    updatedAt: formatInstant(Math.floor(deps.clock.now() / 1000) * 1000),
  };
  await deps.preferences.saveDigestPreference(preference);
  await deps.store.audit({
    actor,
    action: 'digest.preference-set',
    detail: { off: preference.off, day: preference.day ?? null },
  });
  const shown = view(preference, deps.schedule);
  return { ...shown, message: `Your weekly digest: ${shown.when}` };
}
