/** The `DigestPreferences` port in memory (tests). */
import type { DigestPreference, DigestPreferences } from '../../../core';

export class InMemoryDigestPreferences implements DigestPreferences {
  private readonly byPerson = new Map<string, DigestPreference>();

  digestPreferences(): Promise<DigestPreference[]> {
    return Promise.resolve(
      [...this.byPerson.values()]
        .sort((a, b) => (a.personId < b.personId ? -1 : 1))
        .map((p) => structuredClone(p)),
    );
  }

  saveDigestPreference(preference: DigestPreference): Promise<void> {
    this.byPerson.set(
      preference.personId,
      JSON.parse(JSON.stringify(preference)) as DigestPreference,
    );
    return Promise.resolve();
  }
}
