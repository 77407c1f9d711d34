/** The `ServiceLog` port in memory (tests): each event once for its key, in recording order. */
import type { Clock, NewServiceEvent, RecordedServiceEvent, ServiceLog } from '../../../core';

export class InMemoryServiceLog implements ServiceLog {
  private readonly events: RecordedServiceEvent[] = [];

  constructor(private readonly clock: Clock) {}

  readServiceLog(): Promise<RecordedServiceEvent[]> {
    return Promise.resolve(structuredClone(this.events));
  }

  appendServiceEvent(
    entry: NewServiceEvent,
  ): Promise<{ appended: boolean; recorded: RecordedServiceEvent }> {
    const found = this.events.find((e) => e.key === entry.key);
    if (found) return Promise.resolve({ appended: false, recorded: structuredClone(found) });
    const recorded = {
      seq: this.events.length,
      key: entry.key,
      event: structuredClone(entry.event),
      recordedAt: new Date(this.clock.now()).toISOString(),
      recordedBy: entry.recordedBy,
      surface: entry.surface,
    } as RecordedServiceEvent;
    this.events.push(recorded);
    return Promise.resolve({ appended: true, recorded: structuredClone(recorded) });
  }
}
