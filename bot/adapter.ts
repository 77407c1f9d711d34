/**
 * The Bot Framework connection: `CloudAdapter` authenticated as the Azure Bot registration
 * (single-tenant app secret or user-assigned managed identity). With no app id, as only a
 * loopback-bound local instance may run, it accepts the Agents Playground's unsigned activities.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
} from 'botbuilder';
import type { BotLog } from './liaison-bot';

export interface BotRegistration {
  appId?: string;
  appType: 'SingleTenant' | 'UserAssignedMSI';
  appPassword?: string;
  tenantId?: string;
}

export function createAdapter(registration: BotRegistration, log: BotLog): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory(
    registration.appId
      ? {
          MicrosoftAppId: registration.appId,
          MicrosoftAppType: registration.appType,
          MicrosoftAppPassword: registration.appPassword,
          MicrosoftAppTenantId: registration.tenantId,
        }
      : {},
  );
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
  adapter.onTurnError = async (context, error) => {
    // The error's message may quote the activity; log its kind and where, not its content.
    log.error(
      { err: { name: error.name, stack: error.stack?.split('\n').slice(0, 6).join('\n') } },
      'bot turn failed',
    );
    await context.sendActivity('Sorry, something went wrong on our side. Please try again.');
  };
  return adapter;
}
