import { createRoot } from 'react-dom/client';
import { App } from './App';
import { teamsHost } from './host';

void teamsHost().then((host) => {
  // A Teams deep link opens the tab at its own address (`/tab/`) with the page in its context:
  // the page becomes the address, so the views open it as they would a link in a browser.
  if (
    host?.subPageId &&
    /^(cases\/[A-Za-z0-9-]+|service|cases|alert|deadlines)$/.test(host.subPageId)
  )
    window.history.replaceState(null, '', `/tab/${host.subPageId}${window.location.search}`);
  createRoot(document.getElementById('root')!).render(<App host={host} />);
});
