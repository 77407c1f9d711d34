/** The `Leases` port in memory (tests, and one process alone). */
import type { Leases } from '../../../core';

export class InMemoryLeases implements Leases {
  private readonly leases = new Map<string, { owner: string; until: number }>();

  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean> {
    const at = Date.parse(now);
    const held = this.leases.get(name);
    if (held && held.owner !== owner && held.until > at) return Promise.resolve(false);
    this.leases.set(name, { owner, until: at + ms });
    return Promise.resolve(true);
  }
}
