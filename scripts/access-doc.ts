/**
 * `npm run docs:access`: writes docs/access-matrix.md from the access matrix in core/, so the
 * document people review is the one the code enforces (a test checks it is current).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_RECORDERS, ROLES, TEAM_ROLES, WAIVERS } from '../core';

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
    '- **Acknowledge**: a person who holds, on the case, a role the obligation is on or addressed to.',
    '- **Complete**: a role the obligation is on, or a role it escalates to. Completing records the event the protocol expects for the rule, so the person must also be allowed to record that event (table above).',
    '- **Cannot meet** (with a reason): a role the obligation is on; the roles it escalates to are told at once.',
    `- **Waive** (with a reason): ${WAIVERS.map((r) => `\`${r}\``).join(', ')}.`,
    '',
  ].join('\n');
}

if (require.main === module) {
  const path = join(__dirname, '..', '..', 'docs', 'access-matrix.md');
  writeFileSync(path, accessMatrixMarkdown());
  process.stdout.write(`wrote ${path}\n`);
}
