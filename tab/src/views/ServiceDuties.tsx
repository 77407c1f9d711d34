/**
 * The services' own duties, for the people who act for them (the Principal Lawyer for Legal
 * Services; IRO administrators and Team Managers for the IRO service) and the Head of Service:
 * each month's register of cases with legal input, with whether each service has it ("We have
 * it"), and the 6-monthly IRO/CAFCASS link meetings, recorded as held by an IRO Team Manager or
 * the Head of Service. Cards that wrap rather than tables, so it reads on a phone in Teams.
 * Status is said in words, with an icon for the urgent ones, never by colour alone.
 *
 * One screen: the services' registers and link meetings.
 */
import {
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { ServiceDutiesJson, ServiceDutyResult } from '../../../core/api/service';
import { humanDay } from '../../../core/time/human';
import { dayFromIsoDate } from '../../../core/time/london';
import type { Api } from '../api';
import { MeetingCard, RegisterCard } from './ServiceDutyCards';
import { ViewHeading } from './ViewHeading';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingVerticalS, padding: 0, margin: 0 },
  item: { listStyleType: 'none' },
});

/** "1st", "2nd", "23rd": the council's register day as people say it. */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function ServiceDuties({ api, download }: { api: Api; download: (path: string) => void }) {
  const styles = useStyles();
  const [data, setData] = useState<ServiceDutiesJson | undefined>();
  const [error, setError] = useState<string | undefined>();
  // A new object each time, so the same words said twice still move focus to them.
  const [notice, setNotice] = useState<{ text: string } | undefined>();

  useEffect(() => {
    api<ServiceDutiesJson>('GET', '/api/service/duties').then(setData, (e: Error) =>
      setError(e.message),
    );
  }, [api]);

  // The button pressed goes once its part is done: focus moves to what happened, rather than
  // falling to the page.
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => noticeRef.current?.focus(), [notice]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>The services’ duties could not be shown: {error}</MessageBarBody>
      </MessageBar>
    );
  if (!data) return <Spinner label="Loading the services’ duties" />;

  const done = (r: ServiceDutyResult) => {
    setData((d) => d && { ...d, duties: d.duties.map((x) => (x.id === r.duty.id ? r.duty : x)) });
    setNotice({ text: r.message });
  };
  const registers = data.duties.filter((d) => d.register);
  const meetings = data.duties.filter((d) => d.meeting);
  const from = data.settings.linkMeetingsFrom;
  return (
    <section aria-labelledby="service-duties">
      <ViewHeading id="service-duties">Service duties</ViewHeading>
      {notice && (
        <MessageBar intent="success" role="status" ref={noticeRef} tabIndex={-1}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}

      <h2 id="registers">Monthly register of cases with legal input</h2>
      <Text as="p">
        Produced on the {ordinal(data.settings.caseRegisterDay)} of each month and shared between
        Legal Services and the IRO service: each says when they have it.
      </Text>
      {registers.length === 0 ? (
        <Text as="p">
          No register yet. The first register is produced on the{' '}
          {ordinal(data.settings.caseRegisterDay)} of the month.
        </Text>
      ) : (
        <ul className={styles.list} aria-labelledby="registers">
          {registers.map((d) => (
            <li key={d.id} className={styles.item}>
              <RegisterCard
                api={api}
                duty={d}
                mine={data.you.services}
                download={download}
                onDone={done}
              />
            </li>
          ))}
        </ul>
      )}

      <h2 id="link-meetings">IRO/CAFCASS link meetings</h2>
      {from === undefined ? (
        <Text as="p">
          The council has not set the date of the first link meeting (linkMeetingsFrom in the
          council settings), so no link meetings are tracked.
        </Text>
      ) : (
        <>
          <Text as="p">
            Every 6 months from {humanDay(dayFromIsoDate(from))}, with a review of the protocol at
            each.
          </Text>
          <ul className={styles.list} aria-labelledby="link-meetings">
            {meetings.map((d) => (
              <li key={d.id} className={styles.item}>
                <MeetingCard
                  api={api}
                  duty={d}
                  mayRecord={data.you.mayRecordMeetings}
                  onDone={done}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
