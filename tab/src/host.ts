/**
 * Where the tab runs: inside Teams (single sign-on, Teams' theme and its changes) or, in local
 * mode only, in a plain browser with a demo person picker.
 */
import { app, authentication, pages } from '@microsoft/teams-js';

export type ThemeName = 'default' | 'dark' | 'contrast';

/** What a channel tab's configuration page tells Teams. */
export interface TabConfigHost {
  setValid(valid: boolean): void;
  /** Called when the person presses Save: store the settings, then say whether it worked. */
  onSave(save: () => Promise<void>): void;
  saveConfig(settings: {
    entityId: string;
    contentUrl: string;
    suggestedDisplayName: string;
  }): Promise<void>;
}

export interface TeamsHost {
  theme: ThemeName;
  onThemeChange(handler: (theme: ThemeName) => void): void;
  token(): Promise<string>;
  config: TabConfigHost;
  /**
   * The page a deep link opened the tab at (`cases/C-1009`, `service`): its `subEntityId`, which
   * Teams gives the tab as `page.subPageId` in the desktop, web and mobile clients alike.
   */
  subPageId?: string;
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
      ...(context.page.subPageId ? { subPageId: context.page.subPageId } : {}),
      config: {
        setValid: (valid) => pages.config.setValidityState(valid),
        onSave: (save) =>
          pages.config.registerOnSaveHandler((event) => {
            save().then(
              () => event.notifySuccess(),
              (e: Error) => event.notifyFailure(e.message),
            );
          }),
        saveConfig: (settings) =>
          pages.config.setConfig({ ...settings, websiteUrl: settings.contentUrl }),
      },
    };
  } catch {
    return undefined;
  }
}
