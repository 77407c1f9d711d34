/** The `DeadlineCalendarStore` port in memory (tests). */
import type {
  DeadlineCalendarStore,
  DeadlineEntry,
  ReconciledCase,
} from '../../../core/ports/deadline-calendar-store';

export class InMemoryDeadlineCalendars implements DeadlineCalendarStore {
  private readonly entries = new Map<string, DeadlineEntry>();
  private readonly marks = new Map<string, ReconciledCase>();

  deadlineEntriesOf(caseId: string): Promise<DeadlineEntry[]> {
    return Promise.resolve(
      [...this.entries.entries()]
        .filter(([, e]) => e.caseId === caseId)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([, e]) => structuredClone(e)),
    );
  }

  saveDeadlineEntry(entry: DeadlineEntry): Promise<void> {
    this.entries.set(
      `${entry.obligationId}\n${entry.personId}`,
      JSON.parse(JSON.stringify(entry)) as DeadlineEntry,
    );
    return Promise.resolve();
  }

  reconciledCases(): Promise<ReconciledCase[]> {
    return Promise.resolve(
      [...this.marks.values()]
        .sort((a, b) => (a.caseId < b.caseId ? -1 : 1))
        .map((m) => structuredClone(m)),
    );
  }

  markReconciled(mark: ReconciledCase): Promise<void> {
    this.marks.set(mark.caseId, { ...mark, at: new Date(mark.at).toISOString() });
    return Promise.resolve();
  }
}
