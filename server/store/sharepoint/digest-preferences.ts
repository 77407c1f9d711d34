/**
 * The `DigestPreferences` port on a SharePoint list (`LiaisonDigestPreferences`, schema version
 * 7): each person's weekly-digest preference, one item a person who chose, on the store's site
 * beside the case lists.
 *
 * - A save is an upsert by the list's unique `PersonId` (found through its index; POST when there
 *   is none, and on 409 someone else just created it, so read again and PATCH with `If-Match`; on
 *   412 read again). Of two instances saving the same person at once, the later write stays.
 * - The preferences are read whole, page after page, without a filter: paging by item id never
 *   meets the list view threshold, and the list holds at most one item a person.
 * - `UpdatedAt` goes to SharePoint to the second, rounded down (it keeps no milliseconds), and
 *   comes back in `Date.toISOString()` form, as the SQLite adapter gives what it was given.
 * - `Day` is written empty (null) when the person keeps the council's day, so that a PATCH clears
 *   a day chosen before; an item edited by hand to something other than a weekday reads as the
 *   council's day, and one without a person or a time is left out.
 * - Person ids are the app's own lower-case ids (e.g. iro.patel); like every unique column in
 *   SharePoint, `PersonId` compares without regard to case.
 *
 * Round trips: digestPreferences 1 (a page holds 1,000 people); saveDigestPreference 2 (the
 * person's item; the create or the change), more only when another instance writes it meanwhile.
 */
import {
  WEEKDAYS,
  type DigestPreference,
  type DigestPreferences,
  type Weekday,
} from '../../../core';
import type { Graph } from '../../graph/graph-client';
import { upsert } from './directory';
import { SiteLists, floorSecond, instantOf, textOf, type ListItem } from './lists';
import { DIGEST_PREFERENCES } from './schema';

/** Items a page: every person's preference in one round trip. */
const PAGE = 1000;

export class SharePointDigestPreferences implements DigestPreferences {
  private readonly lists: SiteLists;

  constructor(graph: Graph, siteId: string) {
    this.lists = new SiteLists(graph, siteId);
  }

  async digestPreferences(): Promise<DigestPreference[]> {
    const items = await this.lists.query(DIGEST_PREFERENCES.displayName, { top: PAGE });
    return items
      .map(toPreference)
      .filter((p): p is DigestPreference => p !== undefined)
      .sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
  }

  async saveDigestPreference(p: DigestPreference): Promise<void> {
    const updatedAt = floorSecond(p.updatedAt);
    await upsert(this.lists, DIGEST_PREFERENCES.displayName, 'PersonId', p.personId, () => ({
      Off: p.off,
      // Null, not absent: a PATCH leaves out what it does not name.
      Day: p.day ?? null,
      UpdatedBy: p.updatedBy,
      UpdatedAt: updatedAt,
    }));
  }
}

function toPreference(item: ListItem): DigestPreference | undefined {
  const f = item.fields;
  const personId = textOf(f.PersonId);
  const updatedAt = instantOf(f.UpdatedAt);
  if (personId === undefined || updatedAt === undefined) return undefined;
  const p: DigestPreference = {
    personId,
    off: f.Off === true,
    updatedBy: textOf(f.UpdatedBy) ?? '',
    updatedAt,
  };
  const day = textOf(f.Day)?.toLowerCase();
  // Absent, not undefined, when they keep the council's day.
  if (day !== undefined && (WEEKDAYS as readonly string[]).includes(day)) p.day = day as Weekday;
  return p;
}
