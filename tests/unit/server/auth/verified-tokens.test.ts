/** Verified tokens are remembered until they expire, and only successes are remembered. */
import { SignJWT } from 'jose';
import { VerifiedTokens } from '../../../../server/auth/verified-tokens';

const key = new Uint8Array(32).fill(7);
const START = Date.parse('2025-03-03T09:00:00Z');

async function tokenExpiringAt(expMs: number, sub = 'iro.smith'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(Math.floor(START / 1000))
    .setExpirationTime(Math.floor(expMs / 1000))
    .sign(key);
}

describe('VerifiedTokens', () => {
  test('a verified token is answered from memory until its exp, then verified again', async () => {
    let now = START;
    const tokens = new VerifiedTokens<string>(() => now);
    const verify = jest.fn((t: string) => Promise.resolve(`person-of-${t.length}`));
    const token = await tokenExpiringAt(START + 60_000);

    const first = await tokens.verify(token, verify);
    now += 59_000;
    expect(await tokens.verify(token, verify)).toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);

    now = START + 60_000;
    await tokens.verify(token, verify);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  test('a refusal is not remembered: the next presentation is verified again', async () => {
    const tokens = new VerifiedTokens<string>(() => START);
    const token = await tokenExpiringAt(START + 60_000);
    const refuse = jest.fn(() => Promise.reject(new Error('bad signature')));
    await expect(tokens.verify(token, refuse)).rejects.toThrow('bad signature');
    await expect(tokens.verify(token, refuse)).rejects.toThrow('bad signature');
    expect(refuse).toHaveBeenCalledTimes(2);
  });

  test('different tokens are kept apart, and beyond capacity the oldest is forgotten', async () => {
    const tokens = new VerifiedTokens<string>(() => START, 2);
    const verify = jest.fn((t: string) => Promise.resolve(t.slice(-8)));
    const [a, b, c] = await Promise.all(
      ['a', 'b', 'c'].map((sub) => tokenExpiringAt(START + 60_000, sub)),
    );
    expect(await tokens.verify(a!, verify)).toBe(a!.slice(-8));
    expect(await tokens.verify(b!, verify)).toBe(b!.slice(-8));
    await tokens.verify(c!, verify);
    expect(verify).toHaveBeenCalledTimes(3);
    await tokens.verify(b!, verify);
    await tokens.verify(c!, verify);
    expect(verify).toHaveBeenCalledTimes(3);
    await tokens.verify(a!, verify);
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
