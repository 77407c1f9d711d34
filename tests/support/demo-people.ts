/** The demo people (server/demo/demo-data.ts) by id, for tests that need a person as they are. */
import type { Person } from '../../core';
import { DEMO_PEOPLE } from '../../server/demo/demo-data';

export function demoPerson(id: string): Person {
  const p = DEMO_PEOPLE.find((x) => x.id === id);
  if (!p) throw new Error(`no demo person ${id}`);
  return p;
}
