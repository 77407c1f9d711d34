import { createRoot } from 'react-dom/client';
import { App } from './App';
import { teamsHost } from './host';

void teamsHost().then((host) => {
  createRoot(document.getElementById('root')!).render(<App host={host} />);
});
