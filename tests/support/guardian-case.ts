/**
 * A case in proceedings with an IRO, and Jo Rivers (a Children's Guardian, outside the council's
 * tenant) appointed: council staff and a Guardian both have deadlines on it, which the Outlook
 * tests email about.
 */
import { openCase, type TestServer } from './running-server';

export async function openGuardianCase(
  server: TestServer,
  lawyerToken: string,
  caseId: string,
): Promise<void> {
  expect(
    (
      await openCase(server, lawyerToken, caseId, [
        { personId: 'sw.khan', role: 'social-worker' },
        { personId: 'iro.patel', role: 'iro' },
      ])
    ).status,
  ).toBe(201);
  for (const event of [
    { type: 'application.issued', at: '2026-11-02T08:00:00+00:00' },
    {
      type: 'guardian.appointed',
      at: '2026-11-02T08:30:00+00:00',
      guardian: { name: 'Jo Rivers', id: 'guardian.rivers' },
    },
  ]) {
    const res = await server.call(lawyerToken, 'POST', `/api/cases/${caseId}/events`, { event });
    expect(res.status).toBe(201);
  }
}
