/**
 * A 2xx means the event is on disk: writers hammer the real server process, it is killed with
 * SIGKILL mid-write, restarted on the same data, and every acknowledged event must be there and
 * the audit chain must verify.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as verifyAudit } from '../../../scripts/audit-verify';

const ROOT = join(__dirname, '../../..');

async function startProcess(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/server/main.js')], {
    env: {
      ...process.env,
      LIAISON_PORT: '0',
      LIAISON_DATA_DIR: dataDir,
      LIAISON_LOG_LEVEL: 'warn',
      // A SIGKILLed server cannot close the Teams emulator it would open: none is opened.
      LIAISON_PLAYGROUND: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /API:\s+(http:\/\/[^/\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, url, exited };
}

async function signIn(url: string, personId: string): Promise<string> {
  const res = await fetch(`${url}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  return ((await res.json()) as { token: string }).token;
}

test('every event acknowledged before a SIGKILL is there after the restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-crash-'));
  const first = await startProcess(dataDir);
  const token = await signIn(first.url, 'lawyer.jones');
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const cases = ['C-1001', 'C-1002', 'C-1003', 'C-1004'];
  const acknowledged = new Map<string, string[]>(cases.map((c) => [c, []]));
  let stop = false;
  let n = 0;

  // One writer per case, each writing in time order, as fast as the server answers.
  const writers = cases.map(async (caseId) => {
    while (!stop) {
      const ref = `R${n++}`;
      try {
        const res = await fetch(`${first.url}/api/cases/${caseId}/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            event: {
              type: 'court-document.received',
              at: new Date().toISOString(),
              document: 'order',
              ref,
            },
          }),
        });
        if (res.status === 201) acknowledged.get(caseId)!.push(ref);
        else if (res.status !== 409)
          throw new Error(`unexpected ${res.status}: ${await res.text()}`);
      } catch (e) {
        if (!stop) throw e;
      }
    }
  });

  await new Promise((r) => setTimeout(r, 1500));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.allSettled(writers);
  await first.exited;

  const total = [...acknowledged.values()].reduce((a, refs) => a + refs.length, 0);
  expect(total).toBeGreaterThan(20);

  const second = await startProcess(dataDir);
  try {
    const token2 = await signIn(second.url, 'lawyer.jones');
    for (const caseId of cases) {
      const view = (await (
        await fetch(`${second.url}/api/cases/${caseId}`, {
          headers: { Authorization: `Bearer ${token2}` },
        })
      ).json()) as { events: { type: string; ref?: string }[] };
      const stored = new Set(
        view.events.filter((e) => e.type === 'court-document.received').map((e) => e.ref),
      );
      for (const ref of acknowledged.get(caseId)!) expect(stored.has(ref)).toBe(true);
    }
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
  const out = {
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
  // The sealed record verifies after the restart: the chain with the server's key, every event
  // against its seal, and the chain against the anchors written beside the data folder.
  expect(await verifyAudit(['--db', join(dataDir, 'liaison.db')], out, out, {})).toBe(0);
  expect(out.text).toMatch(/key: [0-9a-f]{8}\./);
  expect(out.text).toMatch(/anchors: [1-9]\d* in the file/);
  expect(out.text).toContain('audit trail intact');
}, 60_000);
