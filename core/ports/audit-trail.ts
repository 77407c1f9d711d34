/**
 * The `AuditTrail` port: who saw and did what, in order, each entry sealed over the one before it
 * (server/store/audit-chain.ts). Changes are audited by the `CaseLog` in the transaction that makes
 * them; reads and exports are recorded here.
 */
import type { Actor } from './actor';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  /** e.g. `case.read`, `case.created`, `event.appended`, `report.exported`. */
  action: string;
  caseId?: string;
  detail?: unknown;
  /**
   * The entry's seal over the previous entry's and its own content — keyed HMAC-SHA-256
   * (`hmac-<key id>:<hex>`), or plain SHA-256 for entries of before the key: removing, editing or
   * re-sealing a row breaks the chain (server/store/audit-chain.ts).
   */
  prevHash: string;
  hash: string;
}

export interface AuditTrail {
  /** Records a read or an export; changes are audited by the methods that make them. */
  audit(entry: { actor: Actor; action: string; caseId?: string; detail?: unknown }): Promise<void>;
  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /**
   * The last entry's position and seal, without reading the entries before it (anchoring
   * follows the head every few seconds, while every read of a case adds an entry); none yet:
   * undefined.
   */
  auditHead(): Promise<AuditHead | undefined>;
}

/** Where the trail ends: its last entry's position and seal. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The port's methods by name, for wiring adapters together (store/combine-ports.ts). */
export const AUDIT_TRAIL_METHODS: Record<keyof AuditTrail, true> = {
  audit: true,
  readAudit: true,
  auditHead: true,
};
