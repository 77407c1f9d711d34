/** Reading what a turn carries (a card's data, a command's words), which Teams does not check. */

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function text(x: unknown): string {
  return typeof x === 'string' ? x.trim() : '';
}

/**
 * The idempotency key for a button's request key, made when its card was rendered (the IRO alert
 * preview's Send, an obligation card's buttons): pressing twice records once. Scoped by where it
 * comes from, so that no card's key can be mistaken for one the tab sent (`tab-…`).
 */
export function requestKey(x: unknown, scope: 'iro-alert' | 'card'): string | undefined {
  const key = text(x);
  return /^[A-Za-z0-9._:-]{8,100}$/.test(key) ? `${scope}:${key}` : undefined;
}
