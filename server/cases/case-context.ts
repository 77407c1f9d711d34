/**
 * What every case use case works with: the case log and audit trail it reads and appends to, the
 * directory, each case's evaluation kept while it holds, the engine's settings and the clock.
 * One context is made per process (cases.ts) and given to every use case module.
 */
import type {
  AuditTrail,
  CaseEvaluation,
  CaseLog,
  CaseRecord,
  Clock,
  Directory,
  EngineSettings,
  Outbox,
  RecordedEvent,
} from '../../core';
import type { CaseEvaluations } from './evaluations';

export interface CaseContext {
  store: CaseLog & AuditTrail & Pick<Outbox, 'deliveriesOf'>;
  directory: Directory;
  evaluations: CaseEvaluations;
  settings: EngineSettings;
  clock: Clock;
}

/** A case as the system sees it (the scheduler, the dispatcher, mail signals): no person. */
export interface SystemView {
  record: CaseRecord;
  log: RecordedEvent[];
  evaluation: CaseEvaluation;
}
