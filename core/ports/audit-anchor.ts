/**
 * The `AuditAnchor` port: the audit trail's head — its last entry's position and seal — kept
 * somewhere the store's own credentials cannot rewrite, after each batch of writes and at least
 * hourly. Whoever deletes the newest entries, or rewrites the trail, cannot make the anchors
 * agree. Adapters: an append-only file beside the data folder (local), Application Insights
 * (Microsoft 365 mode, read back through its Log Analytics workspace).
 */
export interface ChainHead {
  seq: number;
  /** The entry's seal (hash) as the store holds it. */
  seal: string;
  /** When it was anchored (ISO 8601, UTC). */
  at: string;
}

export interface AuditAnchor {
  /** Where the anchors are, in words, for the verification's report. */
  readonly where: string;
  anchor(head: ChainHead): Promise<void>;
  /** Every head anchored, oldest first; undefined where the app cannot read them back. */
  heads(): Promise<ChainHead[] | undefined>;
}
