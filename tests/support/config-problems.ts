/** The problems a configuration has, as "VARIABLE: reason" lines (it must have some). */
import { ConfigError, loadConfig } from '../../server/config';

export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.variable}: ${p.reason}`);
    throw e;
  }
  throw new Error('expected a ConfigError');
}
