/** An in-memory Directory for tests that need people but not a store. */
import type { Directory, Person } from '../../core/ports/directory';

export class FakeDirectory implements Directory {
  private readonly byId = new Map<string, Person>();

  constructor(people: Person[] = []) {
    for (const p of people) this.byId.set(p.id, structuredClone(p));
  }

  person(id: string): Promise<Person | undefined> {
    const p = this.byId.get(id);
    return Promise.resolve(p && structuredClone(p));
  }

  personByEntraObjectId(objectId: string): Promise<Person | undefined> {
    const p = [...this.byId.values()].find((x) => x.entraObjectId === objectId);
    return Promise.resolve(p && structuredClone(p));
  }

  people(): Promise<Person[]> {
    return Promise.resolve([...this.byId.values()].map((p) => structuredClone(p)));
  }

  upsertPerson(person: Person): Promise<void> {
    this.byId.set(person.id, structuredClone(person));
    return Promise.resolve();
  }

  deputisedBy(personId: string): Promise<Person[]> {
    return Promise.resolve(
      [...this.byId.values()]
        .filter((p) => p.deputy?.personId === personId)
        .map((p) => structuredClone(p)),
    );
  }
}
