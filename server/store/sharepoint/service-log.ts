/**
 * The `ServiceLog` port on a SharePoint list (`LiaisonServiceLog`, schema version 6): the
 * services' own duties, about 14 events a year, on the store's site beside the case lists.
 *
 * - An append is one POST: the list's unique `EventKey` lets exactly one of several instances
 *   create the item for a key; the others get 409 and are told it was already there, with the
 *   item as the first one recorded it.
 * - The log is read whole, page after page in item-id order, without a filter: paging by item id
 *   never meets the list view threshold, and the list stays small. SharePoint assigns item ids in
 *   order and nothing is ever deleted, so an event's position (`seq`) is its place in id order.
 * - `RecordedAt` is the store's clock to the second (SharePoint keeps no milliseconds) and comes
 *   back in `Date.toISOString()` form, as the SQLite adapter gives it.
 * - Keys are the app's own (`register.published:2026-12`), at most a line of text (255
 *   characters), and, like every unique column in SharePoint, compare without regard to case.
 *
 * Round trips: readServiceLog 1 (a page holds 1,000 events); appendServiceEvent 2 (the item; the
 * log, for its position), whether or not the key was already recorded.
 */
import type {
  Clock,
  NewServiceEvent,
  RecordedServiceEvent,
  ServiceEvent,
  ServiceLog,
  Surface,
} from '../../../core';
import { GraphResponseError } from '../../graph/collections';
import type { Graph } from '../../graph/graph-client';
import { SiteLists, floorSecond, instantOf, jsonOf, textOf, title, type ListItem } from './lists';
import { SERVICE_LOG } from './schema';

/** Items a page: the whole log in one round trip for decades. */
const PAGE = 1000;
/** `EventKey` is single-line text. */
const MAX_KEY_LENGTH = 255;

export class SharePointServiceLog implements ServiceLog {
  private readonly lists: SiteLists;

  constructor(
    graph: Graph,
    siteId: string,
    private readonly clock: Clock,
  ) {
    this.lists = new SiteLists(graph, siteId);
  }

  async readServiceLog(): Promise<RecordedServiceEvent[]> {
    return (await this.items()).map(toRecorded);
  }

  async appendServiceEvent(
    entry: NewServiceEvent,
  ): Promise<{ appended: boolean; recorded: RecordedServiceEvent }> {
    if (entry.key.length > MAX_KEY_LENGTH) {
      throw new RangeError(`a service event key longer than ${MAX_KEY_LENGTH}: ${entry.key}`);
    }
    // 1: the item; 409 ('exists') when another append took the key first.
    const made = await this.lists.create(SERVICE_LOG.displayName, {
      Title: title(entry.key),
      EventKey: entry.key,
      EventType: entry.event.type,
      Body: JSON.stringify(entry.event),
      RecordedAt: floorSecond(this.clock.now()),
      RecordedBy: entry.recordedBy,
      Surface: entry.surface,
    });
    // 2: the log, for the event's position (and, when the key was taken, the event as recorded).
    const items = await this.items();
    const at =
      made === 'exists'
        ? // SharePoint found the key without regard to case; only the exact key is this event.
          items.findIndex((i) => i.fields.EventKey === entry.key)
        : items.findIndex((i) => i.id === made.id);
    if (at < 0) {
      throw made === 'exists'
        ? new Error(
            `the service log holds a key differing only in case from ${entry.key}; SharePoint takes them for the same`,
          )
        : new GraphResponseError(
            `the service event just created (item ${made.id}) was not read back`,
          );
    }
    return { appended: made !== 'exists', recorded: toRecorded(items[at]!, at) };
  }

  /** Every item, in item-id order (the order SharePoint assigned them: recording order). */
  private async items(): Promise<ListItem[]> {
    const items = await this.lists.query(SERVICE_LOG.displayName, { top: PAGE });
    return items.sort((a, b) => a.id - b.id);
  }
}

function toRecorded(item: ListItem, seq: number): RecordedServiceEvent {
  const f = item.fields;
  const key = textOf(f.EventKey);
  const event = jsonOf<ServiceEvent>(f.Body);
  const recordedAt = instantOf(f.RecordedAt);
  if (key === undefined || event === undefined || recordedAt === undefined) {
    // Items are never changed: one without these was edited by hand, and positions after it
    // would be wrong if it were skipped.
    throw new GraphResponseError(`service log item ${item.id} lacks its key, event or time`);
  }
  return {
    seq,
    key,
    event,
    recordedAt,
    recordedBy: textOf(f.RecordedBy) ?? '',
    surface: (textOf(f.Surface) ?? 'api') as Surface,
  } as RecordedServiceEvent;
}
