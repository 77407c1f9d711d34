/** People who use the product and what they may do: the `Directory` port. */
import type { Role } from '../vocabulary';

export interface Person {
  /** Stable id in this product (e.g. "lawyer.jones"); what events record in `by`. */
  id: string;
  displayName: string;
  email?: string;
  /** Microsoft Entra object id (`oid` claim), when the person signs in through Entra. */
  entraObjectId?: string;
  roles: Role[];
  /** Service areas or teams whose cases a manager sees. */
  teams: string[];
}

export interface Directory {
  person(id: string): Promise<Person | undefined>;
  personByEntraObjectId(objectId: string): Promise<Person | undefined>;
  people(): Promise<Person[]>;
  upsertPerson(person: Person): Promise<void>;
}
