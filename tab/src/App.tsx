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
  mergeClasses,
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
import { pathOf, routeOf, type Route, type View } from './routes';

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
  // The dashboard's table has eight columns: on a wide screen it uses the width rather than
  // squeezing them into the reading column the other views keep.
  wide: { maxWidth: 'none' },
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

export function App({ host }: { host: TeamsHost | undefined }) {
  const styles = useStyles();
  useLinkFocus();
  const [theme, setTheme] = useState<ThemeName>(host?.theme ?? themeFromUrl());
  const [token, setToken] = useState<(() => Promise<string>) | undefined>(() =>
    host ? () => host.token() : localToken(),
  );
  const [me, setMe] = useState<Me | undefined>();
  // The view follows the address (routes.ts): choosing a view pushes its path, and Back and
  // Forward bring the view of the path they go to.
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));
  // The case last opened keeps its tab while the person looks at another view.
  const [caseId, setCaseId] = useState<string | undefined>(route.caseId);
  // After signing in, opening a case or going Back or Forward, the new view's heading takes the
  // focus once it has loaded (ViewHeading).
  const arrival = useRef<Arrival>({ pending: false }).current;
  const arrive = () => {
    arrival.pending = true;
  };
  const follow = (next: Route) => {
    setRoute(next);
    if (next.caseId) setCaseId(next.caseId);
  };
  const go = (next: Route) => {
    const path = pathOf(next);
    // The query stays: a channel tab's ?team= (and ?theme=) belong to every view's address.
    if (path !== window.location.pathname)
      window.history.pushState(null, '', path + window.location.search);
    follow(next);
  };
  const openCase = (id: string) => {
    go({ view: 'case', caseId: id });
    arrive();
  };
  useEffect(() => {
    const onPopState = () => {
      follow(routeOf(window.location.pathname));
      arrive();
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
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
    api<Me>('GET', '/api/me').then(setMe, (e: Error) => setError(e.message));
  }, [api]);
  // At /tab/ managers start on the dashboard, everyone else on their deadlines; an address that
  // names a view opens that view whoever follows it.
  const view: View =
    route.view ?? (me?.roles.some((r) => MANAGERS.includes(r)) ? 'dashboard' : 'deadlines');

  return (
    <FluentProvider theme={THEMES[theme]} className={styles.root}>
      {!host && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Local demo: not connected to Microsoft 365. People and cases are made up.
          </MessageBarBody>
        </MessageBar>
      )}
      <main className={mergeClasses(styles.main, view === 'dashboard' && styles.wide)}>
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
                  // Moving between views with the tab list leaves focus on the tab (ViewHeading):
                  // no Back or Forward still waiting to move it.
                  arrival.pending = false;
                  go({ view: d.value as View, caseId: d.value === 'case' ? caseId : undefined });
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
