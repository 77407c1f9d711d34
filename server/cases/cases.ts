/**
 * The case use cases, composed once per process over one context: what the HTTP API and the bot
 * reach through the `CaseOperations` port, and what the server's own jobs use besides (a case as
 * the system sees it, the one way to append, the IRO alert last sent). Each use case is a module
 * of its own in this folder; this only wires them.
 */
import type {
  AuditTrail,
  CaseLog,
  CaseOperations,
  Clock,
  Directory,
  EngineSettings,
  Outbox,
} from '../../core';
import { actOnObligation } from './act-on-obligation';
import { appendEvents } from './append-events';
import type { CaseContext } from './case-context';
import { CaseList } from './case-list';
import { getCase, systemView, visibleCase } from './case-view';
import { CaseEvaluations } from './evaluations';
import { IroAlert } from './iro-alert';
import { myObligations } from './my-obligations';
import { openCase } from './open-case';
import { recordEvent } from './record-event';
import { retractEvent } from './retract-event';

/** A use case as the composed object offers it: its context already given. */
type Rest<F> = F extends (ctx: never, ...rest: infer R) => infer T ? (...rest: R) => T : never;

export interface Cases extends CaseOperations {
  /** Each case's evaluation while it holds, shared by every use case and job of this process. */
  readonly evaluations: CaseEvaluations;
  visibleCase: Rest<typeof visibleCase>;
  systemView: Rest<typeof systemView>;
  append: Rest<typeof appendEvents>;
  retractEvent: Rest<typeof retractEvent>;
  latestIroAlert: IroAlert['latest'];
}

export function composeCases(
  store: CaseLog & AuditTrail & Pick<Outbox, 'deliveriesOf'>,
  directory: Directory,
  settings: EngineSettings,
  clock: Clock,
): Cases {
  const ctx: CaseContext = {
    store,
    directory,
    settings,
    clock,
    evaluations: new CaseEvaluations(settings, clock),
  };
  const iroAlert = new IroAlert(ctx);
  const caseList = new CaseList(ctx);
  return {
    evaluations: ctx.evaluations,
    openCase: (...a) => openCase(ctx, ...a),
    getCase: (...a) => getCase(ctx, ...a),
    listCases: (...a) => caseList.list(...a),
    myObligations: (...a) => myObligations(ctx, ...a),
    recordEvent: (...a) => recordEvent(ctx, ...a),
    retractEvent: (...a) => retractEvent(ctx, ...a),
    actOnObligation: (...a) => actOnObligation(ctx, ...a),
    sendIroAlert: (...a) => iroAlert.send(...a),
    previewIroAlert: (...a) => iroAlert.preview(...a),
    currentIroAlert: (...a) => iroAlert.current(...a),
    latestIroAlert: (...a) => iroAlert.latest(...a),
    visibleCase: (...a) => visibleCase(ctx, ...a),
    systemView: (...a) => systemView(ctx, ...a),
    append: (...a) => appendEvents(ctx, ...a),
  };
}
