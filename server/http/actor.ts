import type { Request } from 'express';
import { SURFACES, type Actor, type Person } from '../../core';

/**
 * Who is acting and from where: the tab and Outlook say so; anything else is the API itself. No
 * signed-in client is an acknowledgement link: that surface is the link page's alone, and what it
 * records is how a link is known to be used.
 */
export function actorOf(req: Request, person: Person): Actor {
  const claimed = req.get('X-Client-Surface');
  const surface =
    claimed && claimed !== 'email-link' && (SURFACES as readonly string[]).includes(claimed)
      ? (claimed as Actor['surface'])
      : 'api';
  return { personId: person.id, surface, origin: req.ip };
}
