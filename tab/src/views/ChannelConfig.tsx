/**
 * A channel tab's configuration page: which team's cases this channel shows. Saved through
 * Teams (`pages.config`), so the channel's tab opens the dashboard filtered to that team.
 */
import { Field, Select, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Me } from '../api';
import type { TabConfigHost } from '../host';

export function ChannelConfig({
  me,
  host,
  origin,
}: {
  me: Me;
  host: TabConfigHost;
  origin: string;
}) {
  const [team, setTeam] = useState(me.teams.length === 1 ? me.teams[0]! : '');

  useEffect(() => {
    host.setValid(team !== '');
    host.onSave(() =>
      host.saveConfig({
        entityId: `cases-${team}`,
        contentUrl: `${origin}/tab/?team=${encodeURIComponent(team)}`,
        suggestedDisplayName: `Cases (${team})`,
      }),
    );
  }, [host, team, origin]);

  if (!me.teams.length)
    return <Text>You manage no team, so there are no cases to show in a channel.</Text>;
  return (
    <Field label="Show the cases of" hint="The channel's tab shows this team's dashboard.">
      <Select value={team} onChange={(_, d) => setTeam(d.value)}>
        <option value="">Choose a team</option>
        {me.teams.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </Select>
    </Field>
  );
}
