/**
 * The `DigestPreferences` port: each person's choice about the weekly digest — off, or on another
 * day than the council's — and who last changed it, when. A person with no entry gets the
 * council's day. Adapters: SQLite (`digest_preferences`), a SharePoint list
 * (`LiaisonDigestPreferences`), in memory (tests).
 */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestPreference {
  personId: string;
  /** No digest at all. */
  off: boolean;
  /** Their own day; absent: the council's. */
  day?: Weekday;
  /** Who set it and when (ISO 8601): the server's word. */
  updatedBy: string;
  updatedAt: string;
}

export interface DigestPreferences {
  /** Everyone's preferences (people without one are not listed). */
  digestPreferences(): Promise<DigestPreference[]>;
  /** Creates or replaces the person's preference. */
  saveDigestPreference(preference: DigestPreference): Promise<void>;
}
