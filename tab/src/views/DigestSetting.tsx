/**
 * When my weekly digest comes: the council's day, a day of my own, or off. Shown under My
 * deadlines, where the digest's link leads.
 */
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { ApiError, type Api } from '../api';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const title = (d: string) => d.charAt(0).toUpperCase() + d.slice(1);

interface Digest {
  off: boolean;
  day?: string;
  councilDay: string;
  when: string;
  message?: string;
}

export function DigestSetting({ api }: { api: Api }) {
  const [digest, setDigest] = useState<Digest | undefined>();
  const [choice, setChoice] = useState('');
  const [said, setSaid] = useState<{ text: string; error: boolean } | undefined>();
  // Save waits for its answer: pressed again meanwhile, it sends nothing more.
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api<Digest>('GET', '/api/me/digest').then(
      (d) => {
        // Only an answer that is a digest setting is shown.
        if (typeof d?.councilDay !== 'string') return;
        setDigest(d);
        setChoice(d.off ? 'off' : (d.day ?? 'council'));
      },
      // The setting is an aid: the deadlines show without it.
      () => undefined,
    );
  }, [api]);
  if (!digest) return null;

  const save = async () => {
    if (saving) return;
    setSaving(true);
    try {
      const saved = await api<Digest>('PUT', '/api/me/digest', {
        off: choice === 'off',
        day: choice === 'off' || choice === 'council' ? null : choice,
      });
      setDigest(saved);
      setSaid({ text: saved.message ?? saved.when, error: false });
    } catch (e) {
      setSaid({
        text: e instanceof ApiError ? `Not saved: ${e.detail}` : 'Not saved.',
        error: true,
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="weekly-digest">
      <h2 id="weekly-digest">Weekly digest</h2>
      <Text>A summary of what is late and due this week, case by case. Now: {digest.when}</Text>
      <Field label="Send it">
        <Select value={choice} onChange={(_, d) => setChoice(d.value)}>
          <option value="council">On the council&apos;s day ({title(digest.councilDay)})</option>
          {DAYS.map((d) => (
            <option key={d} value={d}>
              On {title(d)}s
            </option>
          ))}
          <option value="off">Never (off)</option>
        </Select>
      </Field>
      <Button disabled={saving} onClick={() => void save()}>
        Save
      </Button>
      {said && (
        <MessageBar intent={said.error ? 'error' : 'success'} role="status">
          <MessageBarBody>{said.text}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
