/**
 * Tokens already verified, remembered until they expire. Checking a token's signature is a
 * large part of answering a small API request, and a tab or bot presents the same token for
 * every request for up to an hour. Only successful verifications are kept, keyed by the whole
 * token, and each is dropped at its `exp` (no clock tolerance), so nothing is accepted here that
 * the verifier would refuse — except a token whose signing key is withdrawn before it expires,
 * which stays accepted until then, as it would under any stateless JWT check.
 */
import { decodeJwt } from 'jose';

/** Tokens kept at most; the oldest is forgotten first. */
const DEFAULT_CAPACITY = 10_000;

export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** What `verify` said about this token, from memory while the token is unexpired. */
  async verify(token: string, verify: (token: string) => Promise<T>): Promise<T> {
    const known = this.entries.get(token);
    if (known) {
      if (this.now() < known.expiresAt) return known.value;
      this.entries.delete(token);
    }
    const value = await verify(token);
    // The verifier required `exp`; read it again rather than trust each verifier to return it.
    const exp = decodeJwt(token).exp;
    if (typeof exp === 'number') {
      this.entries.set(token, { value, expiresAt: exp * 1000 });
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
