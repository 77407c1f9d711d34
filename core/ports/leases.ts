/**
 * The `Leases` port: a named lease held by one process at a time until it lapses, so that a
 * background job runs on one instance of several (server/background.ts).
 */
export interface Leases {
  /** Takes or renews the named lease for `owner` until `now + ms`; false while another owner holds it. */
  acquireLease(name: string, owner: string, now: string, ms: number): Promise<boolean>;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const LEASES_METHODS: Record<keyof Leases, true> = {
  acquireLease: true,
};
