/**
 * The managers' dashboard: the cases they may see with who is allocated (IRO, lawyer, guardian)
 * and the counts of open, due-soon and overdue obligations, overdue first; sortable and
 * filterable.
 */
import {
  MessageBar,
  MessageBarBody,
  Select,
  Field,
  Link,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useEffect, useState, type ReactNode } from 'react';
import type { Api, CaseJson } from '../api';
import { ViewHeading } from './ViewHeading';

/** The roles the dashboard shows a column for, in order. */
const ALLOCATED = [
  { role: 'iro', title: 'IRO' },
  { role: 'lawyer', title: 'Lawyer' },
  { role: 'guardian', title: 'Guardian' },
] as const;
type AllocatedRole = (typeof ALLOCATED)[number]['role'];

type Sort = 'overdue' | 'dueSoon' | 'case' | AllocatedRole;

/** Who holds a role on a case, by name (several in one role together); none: not allocated. */
export function allocated(c: CaseJson, role: AllocatedRole): string | undefined {
  const names = (c.parties ?? []).filter((p) => p.role === role).map((p) => p.displayName);
  return names.length ? names.join(', ') : undefined;
}

export function sortCases(cases: CaseJson[], sort: Sort): CaseJson[] {
  const c = (x: CaseJson) => x.counts ?? { open: 0, dueSoon: 0, overdue: 0 };
  if (sort === 'overdue' || sort === 'dueSoon')
    return [...cases].sort(
      (a, b) => c(b)[sort] - c(a)[sort] || c(b).overdue - c(a).overdue || a.id.localeCompare(b.id),
    );
  // By name, cases with nobody allocated first: they are the ones a manager has to act on.
  const name = (x: CaseJson) => (sort === 'case' ? '' : (allocated(x, sort) ?? ''));
  return [...cases].sort((a, b) => name(a).localeCompare(name(b)) || a.id.localeCompare(b.id));
}

export function Dashboard({
  api,
  onOpenCase,
  compliance,
  team: channelTeam,
}: {
  api: Api;
  /** The team a channel tab was configured for. */
  team?: string;
  onOpenCase?: (caseId: string) => void;
  /** The compliance panel, for managers. */
  compliance?: ReactNode;
}) {
  const [cases, setCases] = useState<CaseJson[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [sort, setSort] = useState<Sort>('overdue');
  const [team, setTeam] = useState(channelTeam ?? '');
  const [person, setPerson] = useState('');

  useEffect(() => {
    api<{ cases: CaseJson[] }>('GET', '/api/cases?limit=200').then(
      (r) => setCases(r.cases),
      (e: Error) => setError(e.message),
    );
  }, [api]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>The cases could not be loaded: {error}</MessageBarBody>
      </MessageBar>
    );
  if (!cases) return <Spinner label="Loading cases" />;
  const teams = [...new Set(cases.map((c) => c.team))].sort();
  const isAllocated = (p: { role: string }) => ALLOCATED.some((a) => a.role === p.role);
  const people = new Map(
    cases.flatMap((c) => (c.parties ?? []).filter(isAllocated).map((p) => [p.personId, p])),
  );
  const shown = sortCases(
    cases.filter(
      (c) =>
        (!team || c.team === team) &&
        (!person || (c.parties ?? []).some((p) => p.personId === person && isAllocated(p))),
    ),
    sort,
  );
  return (
    <section aria-labelledby="cases">
      <ViewHeading id="cases">Cases</ViewHeading>
      {compliance}
      <Field label="Sort by">
        <Select value={sort} onChange={(_, d) => setSort(d.value as Sort)}>
          <option value="overdue">Most overdue first</option>
          <option value="dueSoon">Most due soon first</option>
          <option value="case">Case reference</option>
          {ALLOCATED.map((a) => (
            <option key={a.role} value={a.role}>
              {a.title}, not allocated first
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Team">
        <Select value={team} onChange={(_, d) => setTeam(d.value)}>
          <option value="">All teams</option>
          {teams.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </Select>
      </Field>
      <Field label="Allocated to">
        <Select value={person} onChange={(_, d) => setPerson(d.value)}>
          <option value="">Anyone</option>
          {[...people.values()]
            .sort((a, b) => a.displayName.localeCompare(b.displayName))
            .map((p) => (
              <option key={p.personId} value={p.personId}>
                {p.displayName}
              </option>
            ))}
        </Select>
      </Field>
      {shown.length === 0 ? (
        <Text>No cases to show.</Text>
      ) : (
        <Table aria-label="Cases and their obligations">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              <TableHeaderCell>Team</TableHeaderCell>
              {ALLOCATED.map((a) => (
                <TableHeaderCell key={a.role}>{a.title}</TableHeaderCell>
              ))}
              <TableHeaderCell>Open</TableHeaderCell>
              <TableHeaderCell>Due soon</TableHeaderCell>
              <TableHeaderCell>Overdue</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  {onOpenCase ? (
                    <Link onClick={() => onOpenCase(c.id)}>
                      {c.id} ({c.childInitials})
                    </Link>
                  ) : (
                    `${c.id} (${c.childInitials})`
                  )}
                </TableCell>
                <TableCell>{c.team}</TableCell>
                {ALLOCATED.map((a) => (
                  // Said in words, not left blank or shown by colour alone.
                  <TableCell key={a.role}>{allocated(c, a.role) ?? 'Not allocated'}</TableCell>
                ))}
                <TableCell>{c.counts?.open ?? 0}</TableCell>
                <TableCell>{c.counts?.dueSoon ?? 0}</TableCell>
                <TableCell>{c.counts?.overdue ?? 0}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
