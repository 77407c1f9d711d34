/** The `IdempotencyRecords` port in memory: for tests, and a single process that keeps nothing. */
import {
  mayTakeOver,
  type Claim,
  type IdempotencyRecord,
  type IdempotencyRecords,
  type StoredAnswer,
} from '../../../core';

export class InMemoryIdempotencyRecords implements IdempotencyRecords {
  private readonly records = new Map<string, IdempotencyRecord>();

  claim(r: Parameters<IdempotencyRecords['claim']>[0]): Promise<Claim> {
    const id = `${r.scope}\n${r.key}`;
    const found = this.records.get(id);
    if (!mayTakeOver(found, r)) return Promise.resolve({ outcome: 'seen', record: { ...found! } });
    this.records.set(id, {
      scope: r.scope,
      key: r.key,
      fingerprint: r.fingerprint,
      startedAt: r.now,
      leaseUntil: r.leaseUntil,
    });
    return Promise.resolve({ outcome: 'claimed' });
  }

  answer(scope: string, key: string, fingerprint: string, answer: StoredAnswer): Promise<void> {
    const found = this.records.get(`${scope}\n${key}`);
    if (found?.fingerprint === fingerprint) found.answer = { ...answer };
    return Promise.resolve();
  }

  release(scope: string, key: string, fingerprint: string): Promise<void> {
    const id = `${scope}\n${key}`;
    const found = this.records.get(id);
    if (found?.fingerprint === fingerprint && found.answer === undefined) this.records.delete(id);
    return Promise.resolve();
  }

  forget(before: string): Promise<number> {
    let n = 0;
    for (const [id, r] of this.records) {
      if (Date.parse(r.startedAt) < Date.parse(before)) {
        this.records.delete(id);
        n++;
      }
    }
    return Promise.resolve(n);
  }
}
