/**
 * One item of My deadlines as a card: the case, what is due and when, its status in words, and
 * what the person can do with it (select, acknowledge, open the case, complete it if it is theirs).
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  AlertUrgentRegular,
  CalendarClockRegular,
  CheckmarkRegular,
  InfoRegular,
} from '@fluentui/react-icons';
import type { Obligation } from '../../../core/engine/obligation';
import { humanInstant, lateText } from '../../../core/time/human';
import type { Api, MyObligation } from '../api';
import { CompleteObligation } from './CompleteObligation';
import { caseLabel } from './deadline-groups';

const useStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/**
 * The status in words. What the person is only told of is shown plainly (an outline, no alarm):
 * someone else's lateness is not their breach.
 */
function StatusBadge({ o, mine }: { o: Obligation; mine: boolean }) {
  const words =
    o.status === 'overdue'
      ? o.late
        ? `Overdue: ${lateText(o.late)}`
        : 'Overdue'
      : o.status === 'due-soon'
        ? 'Due soon'
        : 'Open';
  if (!mine)
    return (
      <Badge appearance="outline" color="informative" icon={<InfoRegular />}>
        {words}
      </Badge>
    );
  if (o.status === 'overdue')
    return (
      <Badge color="danger" icon={<AlertUrgentRegular />}>
        {words}
      </Badge>
    );
  if (o.status === 'due-soon')
    return (
      <Badge color="warning" icon={<CalendarClockRegular />}>
        {words}
      </Badge>
    );
  return <Badge appearance="outline">{words}</Badge>;
}

export function DeadlineCard({
  api,
  item: { case: c, obligation: o, as },
  acknowledged,
  acknowledging,
  selected,
  onSelect,
  onAcknowledge,
  onOpenCase,
  onCompleted,
}: {
  api: Api;
  item: MyObligation;
  acknowledged: boolean;
  /** Its acknowledgement is on its way: the button waits for the answer. */
  acknowledging: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onAcknowledge: () => void;
  onOpenCase?: (caseId: string) => void;
  onCompleted: () => void;
}) {
  const styles = useStyles();
  const mine = as === 'responsible';
  return (
    <Card>
      <CardHeader
        image={
          acknowledged ? undefined : (
            <Checkbox
              aria-label={`Select ${c.id} ${o.title}`}
              checked={selected}
              onChange={(_, d) => onSelect(d.checked === true)}
            />
          )
        }
        header={
          <Text weight="semibold">
            {caseLabel(c)} · {o.title}
          </Text>
        }
        description={
          <Text>
            Due {humanInstant(o.due)}
            {/* The engine's warnings: a limit on a bank holiday, a window cut short. */}
            {(o.warnings ?? []).map((w) => ` · ${w.message}`).join('')}
          </Text>
        }
        action={<StatusBadge o={o} mine={mine} />}
      />
      {!mine && <Text>You are told of this; it is not yours to do.</Text>}
      <div className={styles.actions}>
        {acknowledged ? (
          <Text>
            <CheckmarkRegular aria-hidden /> Acknowledged
          </Text>
        ) : (
          <Button disabled={acknowledging} onClick={onAcknowledge}>
            Acknowledge
          </Button>
        )}
        {onOpenCase && (
          <Button appearance="subtle" onClick={() => onOpenCase(c.id)}>
            Open case {c.id}
          </Button>
        )}
        {mine && <CompleteObligation api={api} obligation={o} onDone={onCompleted} />}
      </div>
    </Card>
  );
}
