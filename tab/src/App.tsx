/**
 * The tab's shell: who is signed in (Teams single sign-on, or in local mode a demo person
 * picker under a "local demo" banner), the theme Teams asks for, and the views.
 */
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  makeStaticStyles,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createApi, createDownload, type Api, type Me } from './api';
import type { TeamsHost, ThemeName } from './host';
import { LocalSignIn, forgetLocalToken, localToken } from './views/LocalSignIn';
import { CaseView } from './views/CaseView';
import { ChannelConfig } from './views/ChannelConfig';
import { Compliance } from './views/Compliance';
import { Dashboard } from './views/Dashboard';
import { SendIroAlert } from './views/SendIroAlert';
import { ServiceDuties } from './views/ServiceDuties';
import { MyDeadlines } from './views/MyDeadlines';
import { ArrivalContext, type Arrival } from './views/ViewHeading';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };
const MANAGERS = [
  'iro-team-manager',
  'principal-lawyer',
  'permanency-progression-manager',
  'head-of-service',
];
/** Those who act for a service (or oversee both) and see the services' own duties. */
const SERVICE_DUTY_ROLES = ['principal-lawyer', 'iro-admin', 'iro-team-manager', 'head-of-service'];

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  main: { padding: tokens.spacingHorizontalL, maxWidth: '1100px' },
  // On a phone (Teams mobile, 390 px) the views wrap onto a second line rather than push the
  // page sideways.
  views: { flexWrap: 'wrap' },
});

// Fluent marks a focused link only by a double underline, easily missed on a case reference in
// the dashboard's table or an e-mail address among the parties: links get the outline buttons
// and tabs have. (The class twice outranks Fluent's own "no outline" rule.)
const useLinkFocus = makeStaticStyles({
  '.fui-Link.fui-Link[data-fui-focus-visible]': {
    outlineStyle: 'solid',
    outlineWidth: tokens.strokeWidthThick,
    outlineColor: tokens.colorStrokeFocus2,
    outlineOffset: tokens.strokeWidthThin,
  },
});

type View = 'deadlines' | 'dashboard' | 'alert' | 'case' | 'service';

/** Deep links (cards' "Open in tab") arrive as /tab/cases/<id>. */
function caseFromPath(): string | undefined {
  const m = /\/tab\/cases\/([^/]+)$/.exec(window.location.pathname);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** The services' notices (the register is ready, a link meeting is due) open /tab/service. */
const SERVICE_PATH = '/tab/service';

/** The view a deep link opens, if the tab was opened at one. */
function viewFromPath(): View | undefined {
  if (caseFromPath()) return 'case';
  return /\/tab\/service\/?$/.test(window.location.pathname) ? 'service' : undefined;
}

export function App({ host }: { host: TeamsHost | undefined }) {
  const styles = useStyles();
  useLinkFocus();
  const [theme, setTheme] = useState<ThemeName>(host?.theme ?? themeFromUrl());
  const [token, setToken] = useState<(() => Promise<string>) | undefined>(() =>
    host ? () => host.token() : localToken(),
  );
  const [me, setMe] = useState<Me | undefined>();
  const [caseId, setCaseId] = useState<string | undefined>(caseFromPath);
  const [linked] = useState(viewFromPath);
  const [view, setView] = useState<View>(linked ?? 'deadlines');
  // After signing in or opening a case, the new view's heading takes the focus once it has
  // loaded (ViewHeading).
  const arrival = useRef<Arrival>({ pending: false }).current;
  const arrive = () => {
    arrival.pending = true;
  };
  const openCase = (id: string) => {
    window.history.pushState(null, '', `/tab/cases/${encodeURIComponent(id)}`);
    setCaseId(id);
    setView('case');
    arrive();
  };
  const [error, setError] = useState<string | undefined>();
  // A session that ended keeps every view (and what was typed in it) while the person signs in.
  const [expired, setExpired] = useState(false);

  useEffect(() => host?.onThemeChange(setTheme), [host]);
  const api: Api | undefined = useMemo(
    () =>
      token
        ? createApi(token, () => {
            if (host) return; // Teams renews its own tokens: getAuthToken is asked each time.
            forgetLocalToken();
            setExpired(true);
          })
        : undefined,
    [token, host],
  );

  useEffect(() => {
    if (!api) return;
    api<Me>('GET', '/api/me').then(
      (m) => {
        // Managers start on the dashboard; signing in again later keeps the view open.
        setMe((before) => {
          if (!before && !linked && m.roles.some((r) => MANAGERS.includes(r))) setView('dashboard');
          return m;
        });
      },
      (e: Error) => setError(e.message),
    );
  }, [api]);

  return (
    <FluentProvider theme={THEMES[theme]} className={styles.root}>
      {!host && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Local demo: not connected to Microsoft 365. People and cases are made up.
          </MessageBarBody>
        </MessageBar>
      )}
      <main className={styles.main}>
        <ArrivalContext.Provider value={arrival}>
          {!api && (
            <LocalSignIn
              onSignedIn={(t) => {
                arrive();
                setToken(() => t);
              }}
            />
          )}
          {api && expired && (
            <>
              <MessageBar intent="warning">
                <MessageBarBody>
                  Your session has ended. Sign in again to carry on: what you typed is kept.
                </MessageBarBody>
              </MessageBar>
              <LocalSignIn
                onSignedIn={(t) => {
                  setExpired(false);
                  setToken(() => t);
                }}
              />
            </>
          )}
          {error && (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          )}
          {api && me && host && window.location.pathname.startsWith('/tab/config') && (
            <ChannelConfig me={me} host={host.config} origin={window.location.origin} />
          )}
          {api && me && !window.location.pathname.startsWith('/tab/config') && (
            <>
              <TabList
                className={styles.views}
                selectedValue={view}
                onTabSelect={(_, d) => {
                  // Like an opened case, the services' duties have an address of their own.
                  if (d.value === 'service') window.history.pushState(null, '', SERVICE_PATH);
                  setView(d.value as View);
                }}
                aria-label="Views"
              >
                <Tab value="deadlines">My deadlines</Tab>
                <Tab value="dashboard">Cases</Tab>
                {me.roles.some((r) => r === 'lawyer' || r === 'principal-lawyer') && (
                  <Tab value="alert">Send IRO alert</Tab>
                )}
                {me.roles.some((r) => SERVICE_DUTY_ROLES.includes(r)) && (
                  <Tab value="service">Service duties</Tab>
                )}
                {caseId && <Tab value="case">Case {caseId}</Tab>}
              </TabList>
              {view === 'deadlines' && <MyDeadlines api={api} me={me} onOpenCase={openCase} />}
              {view === 'dashboard' && (
                <Dashboard
                  api={api}
                  team={new URLSearchParams(window.location.search).get('team') ?? undefined}
                  onOpenCase={openCase}
                  compliance={
                    me.roles.some((r) => MANAGERS.includes(r)) && token ? (
                      <Compliance
                        api={api}
                        download={(path) =>
                          void createDownload(token)(path).catch((e: Error) => setError(e.message))
                        }
                      />
                    ) : undefined
                  }
                />
              )}
              {view === 'alert' && <SendIroAlert api={api} me={me} />}
              {view === 'case' && caseId && <CaseView key={caseId} api={api} caseId={caseId} />}
              {view === 'service' && token && (
                <ServiceDuties
                  api={api}
                  download={(path) =>
                    void createDownload(token)(path).catch((e: Error) => setError(e.message))
                  }
                />
              )}
            </>
          )}
        </ArrivalContext.Provider>
      </main>
    </FluentProvider>
  );
}

function themeFromUrl(): ThemeName {
  const t = new URLSearchParams(window.location.search).get('theme');
  return t === 'dark' || t === 'contrast' ? t : 'default';
}
