/** The `Directory` port in memory (tests): Entra object ids matched in any letter case. */
import type { Directory, Person } from '../../../core';

export class InMemoryDirectory implements Directory {
  private readonly byId = new Map<string, Person>();

  constructor(people: readonly Person[] = []) {
    for (const p of people) this.put(p);
  }

  person(id: string): Promise<Person | undefined> {
    const p = this.byId.get(id);
    return Promise.resolve(p && structuredClone(p));
  }

  personByEntraObjectId(objectId: string): Promise<Person | undefined> {
    const oid = objectId.toLowerCase();
    return Promise.resolve(this.sorted().find((p) => p.entraObjectId === oid));
  }

  people(): Promise<Person[]> {
    return Promise.resolve(this.sorted());
  }

  upsertPerson(person: Person): Promise<void> {
    this.put(person);
    return Promise.resolve();
  }

  deputisedBy(personId: string): Promise<Person[]> {
    return Promise.resolve(this.sorted().filter((p) => p.deputy?.personId === personId));
  }

  private put(person: Person): void {
    // As a store keeps it: no fields left undefined, the object id in lower case.
    const p = JSON.parse(JSON.stringify(person)) as Person;
    if (p.entraObjectId !== undefined) p.entraObjectId = p.entraObjectId.toLowerCase();
    this.byId.set(p.id, p);
  }

  private sorted(): Person[] {
    return [...this.byId.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((p) => structuredClone(p));
  }
}
