/**
 * The `AuditTrail` contract, which every adapter passes (SQLite, SharePoint, in memory): every
 * change and every recorded read in order, in a chain of seals that verifies.
 */
import type { AuditTrail, CaseLog } from '../../core';
import { verifyChain } from '../../server/store/audit-chain';
import {
  LAWYER,
  ICO,
  NOTIFIED,
  newCase,
  type StoreUnderTest,
  describeContract,
} from './store-fixtures';

/** The port, on a store that can be closed (and opened again). */
type Store = CaseLog & AuditTrail & { close(): Promise<void> };

export function auditTrailContract(name: string, make: () => Promise<StoreUnderTest<Store>>): void {
  describeContract(`${name} honours the AuditTrail contract`, make, (the) => {
    test('every change and every recorded read is in an audit trail whose hash chain verifies', async () => {
      expect(await the.store.auditHead()).toBeUndefined();
      await the.store.createCase(newCase('C-1'), LAWYER);
      await the.store.append({
        caseId: 'C-1',
        expectedVersion: 0,
        events: [ICO, NOTIFIED],
        actor: LAWYER,
      });
      await the.store.audit({
        actor: { personId: 'ppm.lee', surface: 'tab' },
        action: 'case.read',
        caseId: 'C-1',
      });
      await the.store.setMembers('C-1', [{ personId: 'iro.patel', role: 'iro' }], LAWYER);
      const entries = await the.store.readAudit(0, 100);
      expect(entries.map((e) => [e.seq, e.action, e.actor.personId])).toEqual([
        [1, 'case.created', 'lawyer.jones'],
        [2, 'event.appended', 'lawyer.jones'],
        [3, 'event.appended', 'lawyer.jones'],
        [4, 'case.read', 'ppm.lee'],
        [5, 'case.members-set', 'lawyer.jones'],
      ]);
      expect(entries[0]?.actor.origin).toBe('127.0.0.1');
      expect(verifyChain(entries)).toMatchObject({ ok: true, entries: 5 });
      const page2 = await the.store.readAudit(2, 2);
      expect(page2.map((e) => e.seq)).toEqual([3, 4]);
      // The head is the last entry, read alone.
      expect(await the.store.auditHead()).toEqual({ seq: 5, hash: entries[4]!.hash });
      await the.store.audit({ actor: LAWYER, action: 'case.read', caseId: 'C-1' });
      const [sixth] = await the.store.readAudit(5, 10);
      expect(await the.store.auditHead()).toEqual({ seq: 6, hash: sixth!.hash });
    });
  });
}
