/**
 * What every `DigestPreferences` must do (SQLite and SharePoint): one preference a person, kept
 * exactly as saved (off or on, with or without a day of their own, who and when), replaced by the
 * next save for that person, seen by every instance, however many save at once.
 *
 * Instants here are whole seconds in `Date.toISOString()` form: SharePoint keeps date-times to
 * the second and gives them back in that form, as the SQLite adapter keeps what it is given.
 */
import type { DigestPreference, DigestPreferences } from '../../core';

export interface DigestPreferencesUnderTest {
  preferences: DigestPreferences;
  /** The same preferences through a new connection (what another instance, or a restart, sees). */
  reopen(): Promise<DigestPreferences>;
}

const byPerson = (list: DigestPreference[]) =>
  [...list].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));

/** Everyone's preferences, in person order (the port promises no order). */
const all = async (preferences: DigestPreferences) =>
  byPerson(await preferences.digestPreferences());

const own = (personId: string, day: DigestPreference['day'] = 'friday'): DigestPreference => ({
  personId,
  off: false,
  day,
  updatedBy: personId,
  updatedAt: '2026-12-03T12:00:00.000Z',
});

export function digestPreferencesContract(
  name: string,
  make: () => Promise<DigestPreferencesUnderTest>,
) {
  describe(`${name} honours the DigestPreferences contract`, () => {
    test('nobody has a preference at first', async () => {
      const t = await make();
      expect(await t.preferences.digestPreferences()).toStrictEqual([]);
    });

    test('a preference saved reads back exactly, with or without a day, off or on', async () => {
      const t = await make();
      const saved: DigestPreference[] = [
        // Another day than the council's.
        {
          personId: 'iro.patel',
          off: false,
          day: 'tuesday',
          updatedBy: 'iro.patel',
          updatedAt: '2026-12-03T12:00:07.000Z',
        },
        // No digest at all, set by someone else.
        {
          personId: 'lawyer.jones',
          off: true,
          updatedBy: 'iroadmin.wood',
          updatedAt: '2026-12-04T09:30:00.000Z',
        },
        // On, on the council's day: neither off nor a day of their own.
        {
          personId: 'sw.khan',
          off: false,
          updatedBy: 'sw.khan',
          updatedAt: '2027-01-15T17:45:59.000Z',
        },
        // Off, with the day they had chosen kept for when they turn it on again.
        {
          personId: 'irotm.brown',
          off: true,
          day: 'sunday',
          updatedBy: 'irotm.brown',
          updatedAt: '2027-06-30T23:59:59.000Z',
        },
      ];
      for (const p of saved) await t.preferences.saveDigestPreference(p);

      // Strictly: `day` absent where none was given, not present and undefined.
      expect(await all(t.preferences)).toStrictEqual(byPerson(saved));
      expect(await all(await t.reopen())).toStrictEqual(byPerson(saved));
    });

    test('saving again for the same person replaces their preference', async () => {
      const t = await make();
      await t.preferences.saveDigestPreference(own('iro.patel', 'monday'));
      const later: DigestPreference = {
        personId: 'iro.patel',
        off: true,
        updatedBy: 'iroadmin.wood',
        updatedAt: '2026-12-10T08:00:00.000Z',
      };
      await t.preferences.saveDigestPreference(later);

      expect(await t.preferences.digestPreferences()).toStrictEqual([later]);

      // And back to a day: the day comes back, `off` goes.
      const again = own('iro.patel', 'thursday');
      await t.preferences.saveDigestPreference(again);
      expect(await t.preferences.digestPreferences()).toStrictEqual([again]);
    });

    test('several people each keep their own', async () => {
      const t = await make();
      const people = ['a.one', 'b.two', 'c.three', 'd.four', 'e.five'];
      const days = ['monday', 'wednesday', 'friday', 'saturday', 'sunday'] as const;
      const saved = people.map((p, i) => own(p, days[i]));
      for (const p of saved) await t.preferences.saveDigestPreference(p);
      await t.preferences.saveDigestPreference({ ...own('c.three'), off: true });

      expect(await all(t.preferences)).toStrictEqual(
        saved.map((p) => (p.personId === 'c.three' ? { ...own('c.three'), off: true } : p)),
      );
    });

    test('what one instance saved, another sees', async () => {
      const t = await make();
      await t.preferences.saveDigestPreference(own('iro.patel', 'tuesday'));
      const other = await t.reopen();
      expect(await other.digestPreferences()).toStrictEqual([own('iro.patel', 'tuesday')]);

      const changed = { ...own('iro.patel'), off: true, updatedBy: 'iroadmin.wood' };
      await other.saveDigestPreference(changed);
      expect(await t.preferences.digestPreferences()).toStrictEqual([changed]);
      expect(await (await t.reopen()).digestPreferences()).toStrictEqual([changed]);
    });

    test('two instances saving different people at once both keep theirs', async () => {
      const t = await make();
      const other = await t.reopen();
      await Promise.all([
        t.preferences.saveDigestPreference(own('iro.patel', 'monday')),
        other.saveDigestPreference(own('lawyer.jones', 'friday')),
      ]);

      expect(await all(t.preferences)).toStrictEqual([
        own('iro.patel', 'monday'),
        own('lawyer.jones', 'friday'),
      ]);
    });

    test('two instances saving the same person at once leave one preference, one of theirs', async () => {
      const t = await make();
      const other = await t.reopen();
      const mine = own('iro.patel', 'monday');
      const theirs = { ...own('iro.patel', 'friday'), updatedBy: 'iroadmin.wood' };
      await Promise.all([
        t.preferences.saveDigestPreference(mine),
        other.saveDigestPreference(theirs),
      ]);

      const read = await t.preferences.digestPreferences();
      expect(read).toHaveLength(1);
      expect([mine, theirs]).toContainEqual(read[0]);
    });
  });
}
