/**
 * Where the tab runs: inside Teams (single sign-on, Teams' theme and its changes) or, in local
 * mode only, in a plain browser with a demo person picker.
 */
import { app, authentication } from '@microsoft/teams-js';

export type ThemeName = 'default' | 'dark' | 'contrast';

export interface TeamsHost {
  theme: ThemeName;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  token(): Promise<string>;
}

function themeOf(name: string | undefined): ThemeName {
  return name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'default';
}

/** Teams, if the tab is framed by it; undefined in a plain browser (never waits long for it). */
export async function teamsHost(): Promise<TeamsHost | undefined> {
  if (window.parent === window) return undefined;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('not in Teams')), 3000)),
    ]);
    const context = await app.getContext();
    return {
      theme: themeOf(context.app.theme),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((t) => handler(themeOf(t))),
      token: () => authentication.getAuthToken(),
    };
  } catch {
    return undefined;
  }
}
