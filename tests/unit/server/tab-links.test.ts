/** "Open in tab": a Teams deep link to the personal tab in Microsoft 365 mode, a plain address locally. */
import { tabLinks } from '../../../server/main';

const APP = '5d7e0f0a-1111-2222-3333-444455556666';

test('with the Teams app id, a deep link to the tab entity at the case, with a fallback address', () => {
  const link = new URL(tabLinks('https://liaison.council.example', APP).tab('C-1009'));
  expect(`${link.origin}${link.pathname}`).toBe(
    `https://teams.microsoft.com/l/entity/${APP}/deadlines`,
  );
  expect(Object.fromEntries(link.searchParams)).toEqual({
    webUrl: 'https://liaison.council.example/tab/cases/C-1009',
    label: 'Case C-1009',
    context: '{"subEntityId":"cases/C-1009"}',
  });
  expect(
    JSON.parse(new URL(tabLinks('https://x', APP).service).searchParams.get('context')!),
  ).toEqual({
    subEntityId: 'service',
  });
});

test('locally, the local tab’s own addresses', () => {
  const links = tabLinks('http://127.0.0.1:3978');
  expect(links.tab('C-1009')).toBe('http://127.0.0.1:3978/tab/cases/C-1009');
  expect(links.tab()).toBe('http://127.0.0.1:3978/tab/');
  expect(links.service).toBe('http://127.0.0.1:3978/tab/service');
});
