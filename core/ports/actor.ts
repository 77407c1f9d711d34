/** Who did something, and from where: the server says so, from the verified caller and the route. */
import type { SURFACES } from '../vocabulary';

export type Surface = (typeof SURFACES)[number];

/** Who did something, and from where: every change and every read of a case records one. */
export interface Actor {
  personId: string;
  surface: Surface;
  /** Client address or other origin, for the audit trail. */
  origin?: string;
}
