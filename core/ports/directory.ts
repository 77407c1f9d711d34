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
  /**
   * When they left the council (deactivated, never deleted; it takes effect at once): they sign
   * in no more, are party to no case and are told nothing; their events keep naming them.
   */
  leftAt?: string;
  /** Who stands in for them while they are away: cards, reminders and escalations go there. */
  deputy?: Absence;
  /**
   * Whom they stand in for right now, as a deputy (ids; worked out when they sign in, never
   * stored): they act on those people's cases in those people's roles.
   */
  coversFor?: readonly string[];
}

/** A period of absence with a named deputy (instants, ISO 8601). */
export interface Absence {
  personId: string;
  from: string;
  until: string;
}

/** The deputy standing in for a person at an instant, if any. */
export function deputyAt(p: Pick<Person, 'deputy'>, at: number): string | undefined {
  const d = p.deputy;
  return d && Date.parse(d.from) <= at && at < Date.parse(d.until) ? d.personId : undefined;
}

export interface Directory {
  person(id: string): Promise<Person | undefined>;
  personByEntraObjectId(objectId: string): Promise<Person | undefined>;
  people(): Promise<Person[]>;
  upsertPerson(person: Person): Promise<void>;
  /** The people whose deputy this person is, at some time (their absences say when). */
  deputisedBy(personId: string): Promise<Person[]>;
}

/** The ids of those among `absent` whose deputy `personId` is at an instant. */
export function coveredBy(absent: readonly Person[], personId: string, at: number): string[] {
  return absent
    .filter((p) => deputyAt(p, at) === personId && p.leftAt === undefined)
    .map((p) => p.id);
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const DIRECTORY_METHODS: Record<keyof Directory, true> = {
  person: true,
  personByEntraObjectId: true,
  people: true,
  upsertPerson: true,
  deputisedBy: true,
};
