/**
 * The compliance report as the API sends it (`GET /api/reports/compliance`), shared by the
 * server that makes it and the tab that shows it.
 */
import type { PackId } from '../vocabulary';

export interface ComplianceCounts {
  /** Met by the deadline. */
  met: number;
  /** Met, but after the deadline. */
  metLate: number;
  /** Not met and past the deadline. */
  overdue: number;
  /** Waived by a manager: reported, but not part of the rate. */
  waived: number;
  /** Still open and not yet due: reported, but not part of the rate. */
  open: number;
  /** met / (met + metLate + overdue); null when nothing in the period has fallen due. */
  onTimeRate: number | null;
}

export interface ComplianceReport {
  /** London calendar dates; `from` is included, `to` is not. */
  period: { from: string; to: string; start: string; end: string };
  generatedAt: string;
  scope: { teams: string[]; cases: number };
  byRule: ({ rule: string; pack: PackId; title: string } & ComplianceCounts)[];
  byTeam: ({ team: string } & ComplianceCounts)[];
  /** The trend: each calendar month of the period (`YYYY-MM`), by when things fell due. */
  byMonth: ({ month: string } & ComplianceCounts)[];
  total: ComplianceCounts;
}
