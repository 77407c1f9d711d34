/**
 * My deadlines' filter bar: group by when due or by case, and filter by case, rule, status and
 * part of a case reference. The filters apply to both tabs.
 */
import {
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { SearchRegular } from '@fluentui/react-icons';
import type { RefObject } from 'react';
import { STATUSES, type Filters, type GroupBy } from './deadline-groups';

const useStyles = makeStyles({
  // Wraps onto as many lines as it needs: nothing here has a fixed width.
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalS,
  },
  filter: { flex: '1 1 10rem', minWidth: 0 },
  // A long rule title in a select would otherwise push the page wider than a phone.
  select: { minWidth: 0 },
});

export function DeadlineFilters({
  groupBy,
  setGroupBy,
  filters: f,
  setFilter,
  cases,
  rules,
  firstFilterRef,
}: {
  groupBy: GroupBy;
  setGroupBy: (by: GroupBy) => void;
  /** The filters as they apply: a choice whose last item has gone has lapsed. */
  filters: Filters;
  setFilter: (name: keyof Filters) => (value: string) => void;
  /** The cases and the rules of the items, by id, with their words. */
  cases: ReadonlyMap<string, string>;
  rules: ReadonlyMap<string, string>;
  /** The first filter, to which "Clear filters" moves focus. */
  firstFilterRef: RefObject<HTMLSelectElement | null>;
}) {
  const styles = useStyles();
  return (
    <div className={styles.filters} role="group" aria-label="Group and filter">
      <Field label="Group by" className={styles.filter}>
        <RadioGroup
          layout="horizontal"
          value={groupBy}
          onChange={(_, d) => setGroupBy(d.value as GroupBy)}
        >
          <Radio value="due" label="When due" />
          <Radio value="case" label="Case" />
        </RadioGroup>
      </Field>
      <Field label="Case" className={styles.filter}>
        <Select
          ref={firstFilterRef}
          className={styles.select}
          value={f.case}
          onChange={(_, d) => setFilter('case')(d.value)}
        >
          <option value="">All cases</option>
          {[...cases]
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
        </Select>
      </Field>
      <Field label="Rule" className={styles.filter}>
        <Select
          className={styles.select}
          value={f.rule}
          onChange={(_, d) => setFilter('rule')(d.value)}
        >
          <option value="">All rules</option>
          {[...rules]
            .sort((a, b) => a[1].localeCompare(b[1]))
            .map(([rule, title]) => (
              <option key={rule} value={rule}>
                {title}
              </option>
            ))}
        </Select>
      </Field>
      <Field label="Status" className={styles.filter}>
        <Select
          className={styles.select}
          value={f.status}
          onChange={(_, d) => setFilter('status')(d.value)}
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Case reference" className={styles.filter}>
        <Input
          type="search"
          contentBefore={<SearchRegular aria-hidden />}
          value={f.search}
          onChange={(_, d) => setFilter('search')(d.value)}
        />
      </Field>
    </div>
  );
}
