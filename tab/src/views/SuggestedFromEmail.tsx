/**
 * Suggested from email: messages from the mailboxes that may be protocol steps on a case, each
 * to confirm (the step is recorded at the time the message was sent) or dismiss, on the case's
 * page.
 */
import {
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { humanInstant } from '../../../core/time/human';
import { ApiError, type Api, type CaseViewJson, type SuggestionJson } from '../api';
import { eventLabel } from './RecordEvent';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingVerticalS, padding: 0 },
  item: { listStyleType: 'none' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

/** "Sam Patel (IRO) <sam.patel@council.example>" for a party of the case; the address otherwise. */
function whoIs(view: CaseViewJson, address: string): string {
  const party = view.parties.find((p) => p.email?.toLowerCase() === address.toLowerCase());
  return party ? `${party.displayName} <${address}>` : address;
}

/**
 * Open suggestions from the mailboxes, each with what step it may be, when the message was sent,
 * who wrote to whom, whether it had an attachment and why it may be that step. Confirm records
 * the step on the case (the server decides whether the viewer may); "Not this" dismisses it.
 * The buttons are offered to those whose role records the step, as the server allows.
 */
export function SuggestedFromEmail({
  api,
  caseId,
  suggestions,
  view,
  onResolved,
}: {
  api: Api;
  caseId: string;
  suggestions: SuggestionJson[];
  view: CaseViewJson;
  onResolved: (notice: string) => void;
}) {
  const styles = useStyles();
  if (!suggestions.length) return null;
  return (
    <section aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">Suggested from email</h2>
      <Text>
        Messages that may be steps of the protocol. Confirming one records it at the time the
        message was sent.
      </Text>
      <ul className={styles.list}>
        {suggestions.map((s) => (
          <li key={s.id} className={styles.item}>
            <SuggestionCard
              api={api}
              caseId={caseId}
              suggestion={s}
              view={view}
              onResolved={onResolved}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SuggestionCard({
  api,
  caseId,
  suggestion: s,
  view,
  onResolved,
}: {
  api: Api;
  caseId: string;
  suggestion: SuggestionJson;
  view: CaseViewJson;
  onResolved: (notice: string) => void;
}) {
  const styles = useStyles();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>();
  const label = eventLabel(s.event);
  const sent = humanInstant(s.at);
  const mayAct = view.myEvents.includes(s.event);

  async function resolve(action: 'confirm' | 'dismiss') {
    setSending(true);
    setRefusal(undefined);
    try {
      await api('POST', `/api/cases/${encodeURIComponent(caseId)}/suggestions/${s.id}/${action}`);
      onResolved(
        action === 'confirm'
          ? `Recorded: ${label}, ${sent}.`
          : `Dismissed the suggestion: ${label}, ${sent}.`,
      );
    } catch (e) {
      const reason = e instanceof ApiError ? e.detail : 'something went wrong.';
      setRefusal(`${action === 'confirm' ? 'Not recorded' : 'Not dismissed'}: ${reason}`);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card>
      <CardHeader
        header={<Text weight="semibold">May be: {label}</Text>}
        description={
          <Text>
            Sent {sent} · from {whoIs(view, s.from)} to{' '}
            {s.to.map((a) => whoIs(view, a)).join(', ') || 'no one named'} ·{' '}
            {s.hasAttachments ? 'with an attachment' : 'no attachment'}
          </Text>
        }
      />
      <Text>{s.reason}</Text>
      {refusal && (
        <MessageBar intent="error">
          <MessageBarBody>{refusal}</MessageBarBody>
        </MessageBar>
      )}
      {mayAct ? (
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabled={sending}
            aria-label={`Confirm: ${label}, sent ${sent}`}
            onClick={() => void resolve('confirm')}
          >
            Confirm
          </Button>
          <Button
            disabled={sending}
            aria-label={`Not this: ${label}, sent ${sent}`}
            onClick={() => void resolve('dismiss')}
          >
            Not this
          </Button>
        </div>
      ) : (
        <Text size={200}>Someone whose role records this step confirms or dismisses it.</Text>
      )}
    </Card>
  );
}
