/** The OpenAPI document is usable, and the response check the API tests rely on can fail. */
import doc from '../../../server/http/openapi.json';
import { checkAgainstOpenApi } from '../../support/openapi';

const PROBLEM = {
  type: 'https://iro-liaison.example/problems/x',
  title: 'X',
  status: 404,
  code: 'case-not-found',
};

test('a documented response passes', () => {
  expect(() =>
    checkAgainstOpenApi('GET', '/api/cases/C-1', 404, 'application/problem+json', PROBLEM),
  ).not.toThrow();
});

test('a body that does not match its schema fails, naming the route', () => {
  expect(() => checkAgainstOpenApi('GET', '/api/me', 200, 'application/json', { id: 'x' })).toThrow(
    /\/api\/me 200 body does not match/,
  );
  expect(() =>
    checkAgainstOpenApi('GET', '/api/cases', 200, 'application/json', {
      cases: [],
      next: 'C-1',
      surprise: true,
    }),
  ).toThrow(/does not match/);
});

test('an undocumented status, method, media type or path fails', () => {
  expect(() => checkAgainstOpenApi('GET', '/api/cases/C-1', 418, 'application/json', {})).toThrow(
    /does not document status 418/,
  );
  expect(() =>
    checkAgainstOpenApi('DELETE', '/api/cases/C-1', 200, 'application/json', {}),
  ).toThrow(/DELETE is not documented/);
  expect(() => checkAgainstOpenApi('GET', '/api/cases/C-1', 404, 'text/html', 'x')).toThrow(
    /does not document text\/html/,
  );
  expect(() => checkAgainstOpenApi('GET', '/api/nowhere', 200, 'application/json', {})).toThrow(
    /no path documented/,
  );
});

test('every documented response schema compiles', () => {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(
      item as Record<string, { responses: Record<string, unknown> }>,
    )) {
      for (const status of Object.keys(operation.responses)) {
        const body = status.startsWith('2') ? undefined : PROBLEM;
        try {
          checkAgainstOpenApi(
            method.toUpperCase(),
            path.replace(/\{[^}]+\}/g, 'x'),
            Number(status),
            status.startsWith('2') ? 'application/json' : 'application/problem+json',
            body,
          );
        } catch (e) {
          // A mismatch of our placeholder body is fine; a schema that cannot be found or compiled is not.
          expect(String(e)).not.toMatch(/cannot compile|no path|not documented/);
        }
      }
    }
  }
});
