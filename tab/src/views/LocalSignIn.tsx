/** Local mode only: pick a demo person; the server issues a short-lived dev token for them. */
import { Button, Field, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

interface DemoPerson {
  id: string;
  displayName: string;
}

const KEY = 'iro-liaison-dev-token';

/** Forgets the kept token (it was refused: the session has ended). */
export function forgetLocalToken(): void {
  sessionStorage.removeItem(KEY);
}

/** A token kept for this browser tab's session, if there is one. */
export function localToken(): (() => Promise<string>) | undefined {
  const saved = sessionStorage.getItem(KEY);
  return saved ? () => Promise.resolve(saved) : undefined;
}

export function LocalSignIn({
  onSignedIn,
}: {
  onSignedIn: (token: () => Promise<string>) => void;
}) {
  const [people, setPeople] = useState<DemoPerson[] | undefined>();
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    fetch('/api/dev/people')
      .then(
        async (r) => {
          if (!r.ok) throw new Error('Demo sign-in is not available on this server.');
          setPeople((await r.json()) as DemoPerson[]);
        },
        () => setError('The server did not answer.'),
      )
      .catch((e: Error) => setError(e.message));
  }, []);

  const signIn = async () => {
    const r = await fetch('/api/dev/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ personId: chosen }),
    });
    if (!r.ok) return setError('That person could not be signed in.');
    const { token } = (await r.json()) as { token: string };
    sessionStorage.setItem(KEY, token);
    onSignedIn(() => Promise.resolve(token));
  };

  if (error) return <Text role="alert">{error}</Text>;
  if (!people) return <Spinner label="Loading demo people" />;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void signIn();
      }}
    >
      <Field label="Sign in as">
        <Select value={chosen} onChange={(_, d) => setChosen(d.value)} required>
          <option value="">Choose a demo person</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <Button appearance="primary" type="submit" disabled={!chosen}>
        Sign in
      </Button>
    </form>
  );
}
