/** The `AuditTrail` port in memory (tests): the same sealed chain as the stores of record keep. */
import type { Actor, AuditEntry, AuditHead, AuditTrail, Clock } from '../../../core';
import { auditHash, canonicalJson, GENESIS_HASH, type SealKey } from '../audit-chain';

export class InMemoryAuditTrail implements AuditTrail {
  private readonly entries: AuditEntry[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly seal?: SealKey,
  ) {}

  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void> {
    this.record(entry.actor, entry.action, entry.caseId, entry.detail);
    return Promise.resolve();
  }

  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return Promise.resolve(
      structuredClone(this.entries.filter((e) => e.seq > afterSeq).slice(0, limit)),
    );
  }

  auditHead(): Promise<AuditHead | undefined> {
    const last = this.entries[this.entries.length - 1];
    return Promise.resolve(last && { seq: last.seq, hash: last.hash });
  }

  /** Adds an entry at once: the case log calls this within the change it audits. */
  record(actor: Actor, action: string, caseId: string | undefined, detail: unknown): void {
    const last = this.entries[this.entries.length - 1];
    const entry: Omit<AuditEntry, 'prevHash' | 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date(this.clock.now()).toISOString(),
      // As a store keeps them: no undefined fields, the detail as its canonical JSON reads back.
      actor: {
        personId: actor.personId,
        surface: actor.surface,
        ...(actor.origin === undefined ? {} : { origin: actor.origin }),
      },
      action,
      ...(caseId === undefined ? {} : { caseId }),
      ...(detail === undefined ? {} : { detail: JSON.parse(canonicalJson(detail)) as unknown }),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    this.entries.push({ ...entry, prevHash, hash: auditHash(prevHash, entry, this.seal) });
  }
}
