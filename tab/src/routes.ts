/**
 * The tab's addresses. Each view has a path of its own, so the browser's Back and Forward move
 * between views and a pasted link opens the view it names:
 *
 *   /tab/                the person's home view: the dashboard for managers, else My deadlines
 *   /tab/deadlines       My deadlines
 *   /tab/cases           the dashboard
 *   /tab/cases/<id>      a case (cards' "Open in tab" lead here)
 *   /tab/alert           Send IRO alert
 *   /tab/service         Service duties (the services' notices lead here)
 *
 * /tab/config, the channel tab's configuration page, is not a view and is left to the app.
 */
export type View = 'deadlines' | 'dashboard' | 'alert' | 'case' | 'service';

export interface Route {
  /** Absent at /tab/ (or an address the tab does not know): the person's home view. */
  view?: View;
  caseId?: string;
}

const PATHS: Record<Exclude<View, 'case'>, string> = {
  deadlines: '/tab/deadlines',
  dashboard: '/tab/cases',
  alert: '/tab/alert',
  service: '/tab/service',
};

export function routeOf(pathname: string): Route {
  const c = /\/tab\/cases\/([^/]+)\/?$/.exec(pathname);
  if (c) {
    try {
      return { view: 'case', caseId: decodeURIComponent(c[1]!) };
    } catch {
      return {}; // A mangled link (a stray %) opens the home view rather than nothing.
    }
  }
  const paths = Object.entries(PATHS) as [Exclude<View, 'case'>, string][];
  const view = paths.find(([, path]) => new RegExp(`${path}/?$`).test(pathname))?.[0];
  return view ? { view } : {};
}

export function pathOf(route: Route): string {
  if (route.view === 'case')
    return route.caseId ? `/tab/cases/${encodeURIComponent(route.caseId)}` : PATHS.dashboard;
  return route.view ? PATHS[route.view] : '/tab/';
}
