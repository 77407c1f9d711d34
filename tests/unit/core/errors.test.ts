/**
 * The error catalogue: every code is unique, written as a code is (lower case, hyphens), of a
 * known kind, documented in the OpenAPI description, and refused over HTTP with its kind's
 * status; the codes the server speaks outside the catalogue's typing (auth) are in it too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_KINDS, ERRORS, LiaisonError, refuse, type ErrorCode } from '../../../core';
import doc from '../../../server/http/openapi.json';
import { AUTH_ERROR_CODES } from '../../../server/auth/errors';
import { problemOf, statusOf } from '../../../server/http/problem';

const codes = Object.keys(ERRORS) as ErrorCode[];

test('each code is unique (ignoring case), written as a code, of a known kind, with words', () => {
  expect(new Set(codes.map((c) => c.toLowerCase())).size).toBe(codes.length);
  for (const code of codes) {
    expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(ERROR_KINDS).toContain(ERRORS[code].kind);
    expect(ERRORS[code].message.length).toBeGreaterThan(10);
  }
});

test('the OpenAPI description lists exactly the catalogue’s codes', () => {
  const documented = (doc.components.schemas.Problem.properties.code as { enum: string[] }).enum;
  expect([...documented].sort()).toEqual([...codes].sort());
});

test('the authentication codes are the catalogue’s', () => {
  for (const code of AUTH_ERROR_CODES) expect(codes).toContain(code);
});

test('every code a source file names in a refusal is in the catalogue', () => {
  // The compiler checks `refuse(code)`; this also covers codes written where it cannot look.
  const named = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/\brefuse\(\s*'([a-z-]+)'/g))
          named.add(m[1]!);
    }
  };
  for (const dir of ['core', 'server', 'bot']) walk(join(__dirname, '../../..', dir));
  expect(named.size).toBeGreaterThan(40);
  expect([...named].filter((c) => !(c in ERRORS))).toEqual([]);
});

test('a refusal is answered with its kind’s status, its code and what was wrong this time', () => {
  const e = refuse('version-conflict', 'The case changed (now at version 7).', {
    currentVersion: 7,
  });
  expect(e).toBeInstanceOf(LiaisonError);
  expect(e.kind).toBe('conflict');
  expect(problemOf(e)).toMatchObject({
    status: 409,
    code: 'version-conflict',
    detail: 'The case changed (now at version 7).',
    extra: { currentVersion: 7 },
  });
  expect(refuse('case-not-found').detail).toBe(ERRORS['case-not-found'].message);
  expect(ERROR_KINDS.map(statusOf)).toEqual([400, 401, 403, 404, 409, 413, 415, 405, 503, 500]);
  expect(problemOf(refuse('token-missing')).headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
  expect(problemOf(refuse('method-not-allowed')).headers).toEqual({ Allow: 'POST' });
});
