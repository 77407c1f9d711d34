/** Logs never carry credentials or request bodies. */
import { Writable } from 'node:stream';
import { createLogger } from '../../../server/logging';

/** A logger whose output lands in `lines`, one parsed JSON object per line. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

test('Authorization and Cookie headers are redacted', () => {
  const { logger, lines } = capture();
  logger.info({ req: { headers: { authorization: `Bearer ${JWT}`, cookie: 'sid=abc' } } }, 'x');
  logger.info({ headers: { authorization: `Bearer ${JWT}`, cookie: 'sid=abc' } }, 'y');
  const text = JSON.stringify(lines);
  expect(text).not.toContain(JWT);
  expect(text).not.toContain('sid=abc');
  expect(lines[1]).toMatchObject({
    headers: { authorization: '[redacted]', cookie: '[redacted]' },
  });
});

test('token, password and secret fields are redacted at any of the first three levels', () => {
  const { logger, lines } = capture();
  logger.info(
    {
      token: JWT,
      auth: { accessToken: JWT, password: 'hunter2' },
      deep: { graph: { secret: 's3cr3t', refreshToken: JWT } },
      caseId: 'C-1042',
    },
    'signed in',
  );
  const text = JSON.stringify(lines);
  for (const secret of [JWT, 'hunter2', 's3cr3t']) expect(text).not.toContain(secret);
  expect(lines[0]).toMatchObject({
    token: '[redacted]',
    auth: { accessToken: '[redacted]', password: '[redacted]' },
    caseId: 'C-1042',
  });
});

test('a logged request shows only method and path: no body, query or headers', () => {
  const { logger, lines } = capture();
  logger.info(
    {
      req: {
        method: 'POST',
        originalUrl: '/api/cases?search=Jane%20Doe',
        headers: { authorization: `Bearer ${JWT}` },
        body: { childName: 'Jane Doe' },
      },
    },
    'request',
  );
  expect(lines[0]!.req).toEqual({ method: 'POST', path: '/api/cases' });
  expect(JSON.stringify(lines)).not.toContain('Jane');
});

test('an error carrying the request body (as body-parser errors do) is logged without it', () => {
  const { logger, lines } = capture();
  const err = Object.assign(new Error('boom'), { body: '{"childName":"Jane Doe"', status: 400 });
  logger.error({ err }, 'failed');
  expect(lines[0]!.err).toMatchObject({ message: 'boom', status: 400 });
  expect(JSON.stringify(lines)).not.toContain('Jane');
});
