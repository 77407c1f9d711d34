/**
 * `npm run docs:access`: writes docs/access-matrix.md from the access matrix in core/, so the
 * document people review is the one the code enforces (a test checks it is current).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EVENT_RECORDERS,
  EXTERNAL_ROLES,
  NO_IRO_STAND_INS,
  PARTY_EVENTS,
  PARTY_ROLES,
  ROLES,
  TEAM_ROLES,
  WAIVERS,
} from '../core';

export function accessMatrixMarkdown(): string {
  const roles = ROLES.filter((r) => r !== 'court');
  const header = `| Event | ${roles.join(' | ')} |`;
  const rule = `| --- | ${roles.map(() => ':-:').join(' | ')} |`;
  const rows = Object.entries(EVENT_RECORDERS).map(
    ([type, allowed]) =>
      `| \`${type}\` | ${roles.map((r) => (allowed.includes(r) ? '✔' : '')).join(' | ')} |`,
  );
  return [
    '# Access matrix',
    '',
    'Generated from `core/access/access-matrix.ts` by `npm run docs:access`; do not edit by hand.',
    '',
    '## Seeing a case',
    '',
    `A person sees a case when they are a named party to it (any role), or hold a team role (${TEAM_ROLES.map((r) => `\`${r}\``).join(', ')}) in the case's team. Every read is audited.`,
    '',
    '## Parties over time',
    '',
    `A case names one person at a time in each party role (${PARTY_ROLES.map((r) => `\`${r}\``).join(', ')}): someone from the directory who holds that role and, for the council's own staff, works in the case's team (${EXTERNAL_ROLES.map((r) => `\`${r}\``).join(' and ')} work outside the council and may be named on any case). The opener of a case is a party in their own role; the case's team must be theirs.`,
    '',
    `Naming a new one (${Object.keys(PARTY_EVENTS)
      .map((t) => `\`${t}\``)
      .join(
        ', ',
      )}) ends the previous holder's part at that instant: from then they are a *former* party, with no access to the case (unless a team role gives it), no reminders and no cards; the open work of the role moves to the new holder, who is told what they take over. Every cell below is refused to former parties and to people who never were parties.`,
    '',
    'Someone who leaves the council is deactivated by the Head of Service (`POST /api/admin/people/{id}/leave`), never deleted: their part on every case ends at once (`party.left`), those who allocate each role they held are told to name someone, and they can no longer sign in anywhere. The events they recorded keep naming them.',
    '',
    `With no IRO on a case, what is addressed to the IRO goes to the case team's ${NO_IRO_STAND_INS.map((r) => `\`${r}\``).join(' and ')}, who may acknowledge it ("If it is not possible to contact the IRO, the IRO Team Manager should be contacted").`,
    '',
    '## Recording events',
    '',
    'A tick means the role may record the event: a party-to-the-case role (`iro`, `lawyer`, `social-worker`, `guardian`, `childs-solicitor`) only on cases where the person holds that role; a team role only on its teams’ cases.',
    '',
    header,
    rule,
    ...rows,
    '',
    '## Acting on obligations',
    '',
    '- **Acknowledge**: a person who holds, on the case, a role the obligation is on or addressed to (or stands in for a missing IRO, above). An acknowledgement is of the deadline as it stood: when the deadline moves, the people it is on or addressed to are told what changed and asked to acknowledge again.',
    '- **Complete**: a role the obligation is on, or a role it escalates to. Completing records the event the protocol expects for the rule, so the person must also be allowed to record that event (table above).',
    '- **Cannot meet** (with a reason): a role the obligation is on; the roles it escalates to are told at once.',
    `- **Waive** (with a reason): ${WAIVERS.map((r) => `\`${r}\``).join(', ')}.`,
    '',
    '## Correcting the record',
    '',
    `An event recorded by mistake is retracted (with a reason) by whoever recorded it, while they are on the case, or by ${WAIVERS.map((r) => `\`${r}\``).join(', ')} of the case's team. Nothing is edited or deleted. A retraction is not retracted; who holds a role is corrected by naming the right person.`,
    '',
  ].join('\n');
}

if (require.main === module) {
  const path = join(__dirname, '..', '..', 'docs', 'access-matrix.md');
  writeFileSync(path, accessMatrixMarkdown());
  process.stdout.write(`wrote ${path}\n`);
}
