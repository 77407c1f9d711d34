/**
 * The small lists: people (`LiaisonPeople`, the `Directory` port), the bot's conversation
 * references (`LiaisonConversations`) and named leases (`LiaisonLeases`). Each item is found by
 * its unique key column; a new one is created with POST (409: someone else just created it, so
 * read again), an existing one changed with `If-Match` its eTag (412: read again and decide again).
 */
import type {
  Conversation,
  Conversations,
  Directory,
  Leases,
  NewConversation,
  Person,
  Role,
} from '../../../core';
import {
  ceilSecond,
  floorSecond,
  instantOf,
  jsonOf,
  MAX_ROUNDS,
  textOf,
  title,
  type Fields,
  type ListItem,
  type SiteLists,
} from './lists';
import { CONVERSATIONS, LEASES, PEOPLE } from './schema';

/**
 * Creates the item with `key` = `value` or changes it: `decide` sees the current item (none:
 * undefined) and gives the fields to write, or undefined to write nothing. The result is what
 * `decide` said last, and whether it was written.
 */
export async function upsert(
  lists: SiteLists,
  list: string,
  keyColumn: string,
  value: string,
  decide: (current: ListItem | undefined) => Fields | undefined,
): Promise<boolean> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await findOne(lists, list, keyColumn, value);
    const fields = decide(current);
    if (!fields) return false;
    if (!current) {
      const made = await lists.create(list, { Title: title(value), [keyColumn]: value, ...fields });
      if (made !== 'exists') return true;
      continue;
    }
    const changed = await lists.update(list, current.id, current.eTag, fields);
    if (changed !== 'stale' && changed !== 'gone') return true;
  }
  throw new Error(`${list} ${value} kept changing`);
}

export async function findOne(
  lists: SiteLists,
  list: string,
  keyColumn: string,
  value: string,
): Promise<ListItem | undefined> {
  return (await lists.where(list, keyColumn, value))[0];
}

export class SharePointDirectory implements Directory {
  constructor(private readonly lists: SiteLists) {}

  async person(id: string): Promise<Person | undefined> {
    const item = await findOne(this.lists, PEOPLE.displayName, 'PersonId', id);
    return item && toPerson(item);
  }

  async personByEntraObjectId(objectId: string): Promise<Person | undefined> {
    const oid = objectId.toLowerCase();
    const items = await this.lists.where(PEOPLE.displayName, 'EntraObjectId', oid);
    const item = items.sort((a, b) => a.id - b.id)[0];
    return item && toPerson(item);
  }

  async people(): Promise<Person[]> {
    const items = await this.lists.query(PEOPLE.displayName, { top: 1000 });
    return items.map(toPerson).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async upsertPerson(p: Person): Promise<void> {
    await upsert(this.lists, PEOPLE.displayName, 'PersonId', p.id, () => ({
      DisplayName: p.displayName,
      Email: p.email ?? null,
      EntraObjectId: p.entraObjectId?.toLowerCase() ?? null,
      Roles: JSON.stringify(p.roles),
      Teams: JSON.stringify(p.teams),
      LeftAt: p.leftAt ? floorSecond(Date.parse(p.leftAt)) : null,
      DeputyId: p.deputy?.personId ?? null,
      DeputyFrom: p.deputy ? floorSecond(Date.parse(p.deputy.from)) : null,
      DeputyUntil: p.deputy ? ceilSecond(Date.parse(p.deputy.until)) : null,
    }));
  }

  async deputisedBy(personId: string): Promise<Person[]> {
    const items = await this.lists.where(PEOPLE.displayName, 'DeputyId', personId);
    return items.map(toPerson).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

export class SharePointConversations implements Conversations {
  constructor(
    private readonly lists: SiteLists,
    private readonly now: () => number,
  ) {}

  async saveConversation(c: NewConversation): Promise<void> {
    const updatedAt = floorSecond(this.now());
    await upsert(this.lists, CONVERSATIONS.displayName, 'EntraObjectId', c.entraObjectId, () => ({
      PersonId: c.personId,
      Reference: JSON.stringify(c.reference),
      UpdatedAt: updatedAt,
    }));
  }

  async conversationOf(personId: string): Promise<Conversation | undefined> {
    const items = await this.lists.where(CONVERSATIONS.displayName, 'PersonId', personId);
    const latest = items.sort(
      (a, b) =>
        Date.parse(textOf(b.fields.UpdatedAt) ?? '') -
          Date.parse(textOf(a.fields.UpdatedAt) ?? '') || b.id - a.id,
    )[0];
    if (!latest) return undefined;
    return {
      entraObjectId: textOf(latest.fields.EntraObjectId) ?? '',
      personId,
      reference: jsonOf<Record<string, unknown>>(latest.fields.Reference) ?? {},
      updatedAt: instantOf(latest.fields.UpdatedAt) ?? '',
    };
  }

  async forgetConversation(entraObjectId: string): Promise<boolean> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const item = await findOne(
        this.lists,
        CONVERSATIONS.displayName,
        'EntraObjectId',
        entraObjectId,
      );
      if (!item) return false;
      const removed = await this.lists.remove(CONVERSATIONS.displayName, item.id, item.eTag);
      if (removed === 'deleted') return true;
      if (removed === 'gone') return false;
    }
    throw new Error(`conversation ${entraObjectId} kept changing`);
  }
}

export class SharePointLeases implements Leases {
  constructor(private readonly lists: SiteLists) {}

  /** Taken when free, lapsed or already this owner's; with If-Match, so two cannot both take it. */
  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean> {
    const at = Date.parse(now);
    const until = ceilSecond(at + ms);
    return upsert(this.lists, LEASES.displayName, 'LeaseName', name, (current) => {
      if (current) {
        const holder = textOf(current.fields.Owner);
        const lapses = Date.parse(textOf(current.fields.Until) ?? '');
        if (holder !== owner && !(lapses <= at)) return undefined;
      }
      return { Owner: owner, Until: until };
    });
  }
}

function toPerson(item: ListItem): Person {
  const f = item.fields;
  const p: Person = {
    id: textOf(f.PersonId) ?? '',
    displayName: textOf(f.DisplayName) ?? '',
    roles: jsonOf<Role[]>(f.Roles) ?? [],
    teams: jsonOf<string[]>(f.Teams) ?? [],
  };
  const email = textOf(f.Email);
  if (email !== undefined) p.email = email;
  const oid = textOf(f.EntraObjectId);
  if (oid !== undefined) p.entraObjectId = oid;
  const leftAt = instantOf(f.LeftAt);
  if (leftAt !== undefined) p.leftAt = leftAt;
  const deputy = textOf(f.DeputyId);
  const from = instantOf(f.DeputyFrom);
  const until = instantOf(f.DeputyUntil);
  if (deputy !== undefined && from !== undefined && until !== undefined)
    p.deputy = { personId: deputy, from, until };
  return p;
}
