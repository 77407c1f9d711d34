/**
 * The managers' dashboard. It opens on what needs action — "Late now", the overdue obligations
 * with who they are on — then every case they may see with who is allocated (IRO, lawyer,
 * guardian) and the counts of overdue, due-soon and open obligations, the most overdue first;
 * filtered by team, person or reference, sorted by its column headers. The compliance panel
 * comes last: it is for looking back, not for acting on today.
 */
import {
  Button,
  Badge,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AlertUrgentRegular, CalendarClockRegular, SearchRegular } from '@fluentui/react-icons';
import { useEffect, useState, type ReactNode } from 'react';

/** Rows drawn at first: a table of hundreds is slow to draw and to read. */
const FIRST_ROWS = 50;
import type { Api, CaseJson } from '../api';
import { LateNow } from './LateNow';
import { ViewHeading } from './ViewHeading';

const useStyles = makeStyles({
  // The filters sit side by side and wrap onto more lines on a narrow screen.
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  filter: { flex: '1 1 12rem', maxWidth: '20rem' },
  // On a phone (Teams mobile, 390 px) the table scrolls sideways inside its own box; the page
  // never does.
  scroll: { overflowX: 'auto' },
  // Columns as wide as what they hold: Fluent's equal fixed widths squeeze the headers into
  // each other on a phone.
  table: { tableLayout: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  // Should the panel not fit a phone, it too scrolls inside its own box.
  compliance: { overflowX: 'auto', marginTop: tokens.spacingVerticalXL },
});

/** The roles the dashboard shows a column for, in order. */
const ALLOCATED = [
  { role: 'iro', title: 'IRO' },
  { role: 'lawyer', title: 'Lawyer' },
  { role: 'guardian', title: 'Guardian' },
] as const;
type AllocatedRole = (typeof ALLOCATED)[number]['role'];

export type SortKey = 'case' | 'overdue' | 'dueSoon' | AllocatedRole;
export interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

/** Counts first the most, names first A to Z (nobody allocated first). */
const FIRST_DIRECTION: Record<SortKey, Sort['direction']> = {
  case: 'ascending',
  overdue: 'descending',
  dueSoon: 'descending',
  iro: 'ascending',
  lawyer: 'ascending',
  guardian: 'ascending',
};

interface Filters {
  team: string;
  person: string;
  search: string;
  sort: Sort;
}

/** Who holds a role on a case, by name (several in one role together); none: not allocated. */
export function allocated(c: CaseJson, role: AllocatedRole): string | undefined {
  const names = (c.parties ?? []).filter((p) => p.role === role).map((p) => p.displayName);
  return names.length ? names.join(', ') : undefined;
}

const countsOf = (c: CaseJson) => c.counts ?? { open: 0, dueSoon: 0, overdue: 0 };

/** Ascending order by one column; equal ones by reference. */
function compare(key: SortKey, a: CaseJson, b: CaseJson): number {
  if (key === 'case') return a.id.localeCompare(b.id);
  if (key === 'overdue') return countsOf(a).overdue - countsOf(b).overdue;
  // Of those as many due soon, the more overdue is the more urgent.
  if (key === 'dueSoon')
    return countsOf(a).dueSoon - countsOf(b).dueSoon || countsOf(a).overdue - countsOf(b).overdue;
  // Nobody allocated sorts first: those are the cases a manager has to act on.
  return (allocated(a, key) ?? '').localeCompare(allocated(b, key) ?? '');
}

export function sortCases(cases: CaseJson[], sort: Sort): CaseJson[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...cases].sort((a, b) => sign * compare(sort.key, a, b) || a.id.localeCompare(b.id));
}

/** The reference typed matches the case's id or the child's reference, in any case. */
export function matches(c: CaseJson, search: string): boolean {
  const s = search.trim().toLowerCase();
  return !s || c.id.toLowerCase().includes(s) || c.childRef.toLowerCase().includes(s);
}

/** "2 overdue" on a danger badge, "1 due soon" on a warning one: colour and words together. */
function Count({ n, kind }: { n: number; kind: 'open' | 'dueSoon' | 'overdue' }) {
  const styles = useStyles();
  if (kind === 'overdue' && n > 0)
    return (
      <Badge color="danger" icon={<AlertUrgentRegular />} className={styles.nowrap}>
        {n} overdue
      </Badge>
    );
  if (kind === 'dueSoon' && n > 0)
    return (
      <Badge color="warning" icon={<CalendarClockRegular />} className={styles.nowrap}>
        {n} due soon
      </Badge>
    );
  return <Text className={styles.nowrap}>{`${n} ${kind === 'dueSoon' ? 'due soon' : kind}`}</Text>;
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
  const styles = useStyles();
  const [cases, setCases] = useState<CaseJson[] | undefined>();
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // The filters are kept in the page's history entry, so Back from a case finds the table as the
  // person left it; a new visit starts afresh.
  const [filters, setFilters] = useState<Filters>(
    () =>
      (window.history.state as { dashboard?: Filters } | null)?.dashboard ?? {
        team: channelTeam ?? '',
        person: '',
        search: '',
        sort: { key: 'overdue', direction: 'descending' },
      },
  );
  const { team, person, search, sort } = filters;
  const set = (f: Partial<Filters>) => setFilters((before) => ({ ...before, ...f }));
  useEffect(() => {
    const state = (window.history.state as object | null) ?? {};
    window.history.replaceState({ ...state, dashboard: filters }, '');
  }, [filters]);

  useEffect(() => {
    api<{ cases: CaseJson[] }>('GET', '/api/cases?limit=200').then(
      (r) => setCases(r.cases),
      (e: Error) => setError(e.message),
    );
  }, [api]);

  const sortBy = (key: SortKey) => ({
    sortDirection: sort.key === key ? sort.direction : undefined,
    onClick: () =>
      set({
        sort: {
          key,
          direction:
            sort.key !== key
              ? FIRST_DIRECTION[key]
              : sort.direction === 'ascending'
                ? 'descending'
                : 'ascending',
        },
      }),
  });

  const table = () => {
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
          (!person || (c.parties ?? []).some((p) => p.personId === person && isAllocated(p))) &&
          matches(c, search),
      ),
      sort,
    );
    return (
      <>
        <div className={styles.filters}>
          <Field label="Team" className={styles.filter}>
            <Select value={team} onChange={(_, d) => set({ team: d.value })}>
              <option value="">All teams</option>
              {teams.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
          </Field>
          <Field label="Allocated to" className={styles.filter}>
            <Select value={person} onChange={(_, d) => set({ person: d.value })}>
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
          <Field label="Case or child reference" className={styles.filter}>
            <Input
              type="search"
              contentBefore={<SearchRegular />}
              value={search}
              onChange={(_, d) => set({ search: d.value })}
            />
          </Field>
        </div>
        {shown.length === 0 ? (
          <Text>No cases to show.</Text>
        ) : (
          <div className={styles.scroll}>
            <Table sortable className={styles.table} aria-label="Cases and their obligations">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell {...sortBy('case')}>Case</TableHeaderCell>
                  <TableHeaderCell {...sortBy('overdue')}>Overdue</TableHeaderCell>
                  <TableHeaderCell {...sortBy('dueSoon')}>Due soon</TableHeaderCell>
                  <TableHeaderCell sortable={false}>Open</TableHeaderCell>
                  {ALLOCATED.map((a) => (
                    <TableHeaderCell key={a.role} {...sortBy(a.role)}>
                      {a.title}
                    </TableHeaderCell>
                  ))}
                  <TableHeaderCell sortable={false}>Team</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {(showAll ? shown : shown.slice(0, FIRST_ROWS)).map((c) => (
                  <TableRow key={c.id}>
                    <TableCell className={styles.nowrap}>
                      {onOpenCase ? (
                        <Link onClick={() => onOpenCase(c.id)}>
                          {c.id} ({c.childInitials})
                        </Link>
                      ) : (
                        `${c.id} (${c.childInitials})`
                      )}
                    </TableCell>
                    <TableCell>
                      <Count n={countsOf(c).overdue} kind="overdue" />
                    </TableCell>
                    <TableCell>
                      <Count n={countsOf(c).dueSoon} kind="dueSoon" />
                    </TableCell>
                    <TableCell>
                      <Count n={countsOf(c).open} kind="open" />
                    </TableCell>
                    {ALLOCATED.map((a) => (
                      // Said in words, not left blank or shown by colour alone.
                      <TableCell key={a.role}>{allocated(c, a.role) ?? 'Not allocated'}</TableCell>
                    ))}
                    <TableCell>{c.team}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        {shown.length > FIRST_ROWS && (
          // The first rows at once (the most overdue, as sorted); the rest when asked for.
          <Button onClick={() => setShowAll((a) => !a)}>
            {showAll ? `Show the first ${FIRST_ROWS}` : `Show all ${shown.length} cases`}
          </Button>
        )}
      </>
    );
  };

  return (
    <section aria-labelledby="cases">
      <ViewHeading id="cases">Cases</ViewHeading>
      <LateNow
        api={api}
        team={channelTeam}
        onOpenCase={onOpenCase}
        ready={cases !== undefined || error !== undefined}
      />
      <section aria-labelledby="all-cases">
        <h2 id="all-cases">All cases</h2>
        {table()}
      </section>
      {compliance && <div className={styles.compliance}>{compliance}</div>}
    </section>
  );
}
