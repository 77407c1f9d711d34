/**
 * The connection to Azure Bot Service: the Microsoft 365 Agents SDK's `CloudAdapter`, authenticated
 * as the Azure Bot registration (single-tenant app secret, or user-assigned managed identity). With
 * no app id, as only a loopback-bound local instance may run, it accepts the Agents Playground's
 * unsigned activities (the SDK allows that only outside NODE_ENV=production).
 */
import { AuthType, CloudAdapter, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { BotLog } from './liaison-bot';

export interface BotRegistration {
  appId?: string;
  appType: 'SingleTenant' | 'UserAssignedMSI';
  appPassword?: string;
  tenantId?: string;
}

/** The SDK's settings for the registration; nothing is read from the environment. */
export function authConfiguration(registration: BotRegistration): AuthConfiguration {
  if (!registration.appId) return {};
  return registration.appType === 'UserAssignedMSI'
    ? {
        clientId: registration.appId,
        tenantId: registration.tenantId,
        authType: AuthType.UserManagedIdentity,
      }
    : {
        clientId: registration.appId,
        tenantId: registration.tenantId,
        clientSecret: registration.appPassword,
        authType: AuthType.ClientSecret,
      };
}

export function createAdapter(registration: BotRegistration, log: BotLog): CloudAdapter {
  const adapter = new CloudAdapter(authConfiguration(registration));
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
