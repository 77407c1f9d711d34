// IRO Liaison on Azure: one Linux App Service (Node 24 LTS) serving the API, the Teams bot at
// /api/messages and the tab under /tab; a user-assigned managed identity that is the bot's
// identity (Azure Bot, UserAssignedMSI: new multi-tenant bots can no longer be created) and reads
// Key Vault; Key Vault for the Microsoft Graph certificate; Application Insights on Log Analytics.
//
// Deployed by `atk provision` (m365agents.yml, arm/deploy) with infra/azure.parameters.json.
// Outputs are named after the environment variables they fill: the toolkit writes each one into
// env/.env.<environment>.
//
// No Bicep compiler can be installed from the npm registry where this repository's CI runs, so
// tests/infra/infra.test.ts checks this file by structure. Where the Azure CLI is available run
// `az bicep build --file infra/azure.bicep` and `az deployment group what-if` before a change.
//
// Conventions the structural test relies on: decorators one per line directly above their param;
// no loops, modules or multi-line strings.

targetScope = 'resourceGroup'

@minLength(4)
@maxLength(20)
@description('Prefix of every resource name: lower-case letters and digits. The web app is <resourceBaseName>.azurewebsites.net, so it must be globally unique.')
param resourceBaseName string

@description('Azure region for everything except the bot registration, which is always global.')
param location string = resourceGroup().location

@allowed(['B1', 'B2', 'B3', 'S1', 'P0v3', 'P1v3', 'P2v3'])
@description('App Service plan SKU (Linux). B1 is enough for a trial; P1v3 for production (more memory, zone redundancy available).')
param appServiceSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('Web app instances. The server leases its scheduler and outbox items, so several instances never send twice.')
param instanceCount int = 1

@minLength(36)
@maxLength(36)
@description('The council\'s Microsoft 365 (Entra ID) tenant id: LIAISON_ENTRA_TENANT_ID and LIAISON_GRAPH_TENANT_ID.')
param entraTenantId string

@minLength(36)
@maxLength(36)
@description('Client id of the Entra app registration for tab single sign-on and Microsoft Graph: LIAISON_ENTRA_CLIENT_ID and LIAISON_GRAPH_CLIENT_ID.')
param entraClientId string

@minLength(36)
@maxLength(36)
@description('The Teams app\'s id (its manifest id, TEAMS_APP_ID): LIAISON_TEAMS_APP_ID, so that links in cards and emails open the tab inside Teams.')
param teamsAppId string

@allowed(['certificate', 'secret'])
@description('How the server proves itself to Entra ID for Graph: a certificate in Key Vault (preferred) or a client secret in Key Vault.')
param graphCredential string = 'certificate'

@minLength(1)
@description('Name of the Key Vault certificate for Graph (created by a person after the first provision; see the README). Its content type must be PEM (application/x-pem-file).')
param graphCertificateName string = 'graph-certificate'

@description('SHA-256 thumbprint (64 hex digits) of the Graph certificate: LIAISON_GRAPH_CERTIFICATE_THUMBPRINT. Empty until the certificate exists; the server then refuses to start and names the variable.')
param graphCertificateThumbprintSha256 string = ''

@minLength(1)
@description('Name of the Key Vault secret holding the Graph client secret, used only when graphCredential is secret.')
param graphClientSecretName string = 'graph-client-secret'

@minLength(3)
@description('The service mailbox email is sent from: LIAISON_MAIL_FROM.')
param mailFrom string

@description('The actionable-message provider id (originator) the Actionable Email Developer Dashboard gave: LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR. Empty until the provider is registered: emails then carry no card.')
param actionableMessageOriginator string = ''

@minLength(3)
@description('The SharePoint site whose lists are the store of record, as host:/sites/name: LIAISON_SHAREPOINT_SITE.')
param sharePointSite string

@allowed(['on', 'off'])
@description('Read lawyers\' and IROs\' mailboxes and calendars for protocol steps: LIAISON_MAIL_SIGNALS.')
param mailSignals string = 'on'

@description('Turn on Graph change notifications to /api/graph/notifications. Put the clientState secret (32-128 printable characters) in Key Vault under graphNotificationSecretName first.')
param graphNotifications bool = false

@minLength(1)
@description('Name of the Key Vault secret holding LIAISON_GRAPH_NOTIFICATION_SECRET.')
param graphNotificationSecretName string = 'graph-notification-secret'

@minLength(1)
@description('Name of the Key Vault secret holding LIAISON_SEAL_KEY, the audit trail\'s sealing key (32 random bytes in base64: openssl rand -base64 32). Create it before the first start; never rotate it without the README\'s steps.')
param sealKeySecretName string = 'audit-seal-key'

@allowed(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
@description('The server\'s log level: LIAISON_LOG_LEVEL.')
param logLevel string = 'info'

@minLength(1)
@maxLength(42)
@description('Display name of the Azure Bot registration.')
param botDisplayName string = 'IRO Liaison'

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier. Teams and Outlook are standard channels, free on F0.')
param botSku string = 'F0'

@description('Object id of the Entra group or person who creates the Graph certificate and secrets: granted Key Vault Certificates Officer and Secrets Officer. Empty: no grant.')
param keyVaultOfficerObjectId string = ''

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps logs and telemetry.')
param logRetentionDays int = 90

@description('Tags for every resource.')
param tags object = {}

// Built-in roles (the ids are the same in every tenant).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var keyVaultCertificatesOfficerRoleId = 'a4417e6f-fecd-4de8-b567-7b0420556985'

// App Service gives a Node app its port in PORT; both are set so neither side guesses.
var appPort = '8080'
var publicUrl = 'https://${webApp.properties.defaultHostName}'
var keyVaultSecretsUri = '${keyVault.properties.vaultUri}secrets/'
// Written by infra/start.sh from GRAPH_CERTIFICATE_PEM before the server starts.
var graphCertificatePath = '/tmp/liaison/graph-certificate.pem'

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
  tags: tags
}

// The Graph certificate lives here. RBAC only (no access policies); soft delete and purge
// protection, so a deleted certificate can be recovered and nobody can destroy it early.
resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv${uniqueString(resourceGroup().id, resourceBaseName)}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // App Service resolves Key Vault references over the public endpoint unless the app is
    // VNet-integrated; restrict this together with VNet integration, not before.
    publicNetworkAccess: 'Enabled'
  }
}

// How the certificate reaches the server. The server reads LIAISON_GRAPH_CERTIFICATE_PATH, a PEM
// file holding the private key (server/graph/from-config.ts). App Service can only hand a Key
// Vault certificate to a Linux app as a PKCS#12 file (/var/ssl/private/<sha1>.p12), which that
// loader cannot read. Instead the certificate is created in Key Vault with content type PEM, and
// its backing secret (same name as the certificate, private key then certificate) reaches the
// app as a Key Vault reference in GRAPH_CERTIFICATE_PEM; infra/start.sh writes it to
// graphCertificatePath (mode 600, container-local /tmp) and removes it from the environment
// before starting Node. Reading that secret needs Key Vault Secrets User and nothing more: the
// Certificate User role would add certificate and key metadata, which nothing here reads.
resource identitySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'IRO Liaison web app: Key Vault references (Graph certificate and secrets).'
  }
}

resource officerCertificates 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultOfficerObjectId)) {
  name: guid(keyVault.id, keyVaultOfficerObjectId, keyVaultCertificatesOfficerRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficerRoleId)
    principalId: keyVaultOfficerObjectId
    description: 'Creates and renews the Graph certificate.'
  }
}

resource officerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(keyVaultOfficerObjectId)) {
  name: guid(keyVault.id, keyVaultOfficerObjectId, keyVaultSecretsOfficerRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: keyVaultOfficerObjectId
    description: 'Sets the Graph client secret or the change-notification secret.'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No sticky sessions: every instance serves every request (state is in SharePoint).
    clientAffinityEnabled: false
    // The app has no system-assigned identity: Key Vault references use the user-assigned one.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'sh infra/start.sh'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// Every LIAISON_ variable production needs (server/config.ts). Secrets are Key Vault
// references, resolved by App Service with the user-assigned identity; none passes through
// this template or the toolkit's environment files.
var commonSettings = {
  LIAISON_MODE: 'production'
  LIAISON_HOST: '0.0.0.0'
  LIAISON_PORT: appPort
  WEBSITES_PORT: appPort
  LIAISON_PUBLIC_URL: publicUrl
  // The App Service front end is the one proxy in front of the app.
  LIAISON_TRUST_PROXY_HOPS: '1'
  LIAISON_LOG_LEVEL: logLevel
  // Several instances share one store: SharePoint lists (SQLite on /home is a network share).
  LIAISON_STORE: 'sharepoint'
  LIAISON_SHAREPOINT_SITE: sharePointSite
  // Nothing durable is kept here with the SharePoint store; the deployed package is read-only.
  LIAISON_DATA_DIR: '/tmp/liaison/data'
  LIAISON_ENTRA_TENANT_ID: entraTenantId
  LIAISON_ENTRA_CLIENT_ID: entraClientId
  LIAISON_BOT_APP_ID: identity.properties.clientId
  LIAISON_TEAMS_APP_ID: teamsAppId
  LIAISON_BOT_APP_TYPE: 'UserAssignedMSI'
  LIAISON_BOT_TENANT_ID: identity.properties.tenantId
  LIAISON_DELIVERY: 'on'
  LIAISON_GRAPH_CLIENT_ID: entraClientId
  LIAISON_GRAPH_TENANT_ID: entraTenantId
  LIAISON_MAIL_FROM: mailFrom
  LIAISON_MAIL_SIGNALS: mailSignals
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  // The audit trail: sealed with a key from Key Vault, its head anchored in Application Insights
  // (the app may add telemetry, not change or purge it) and read back from the workspace.
  LIAISON_SEAL_KEY: '@Microsoft.KeyVault(SecretUri=${keyVaultSecretsUri}${sealKeySecretName})'
  LIAISON_ANCHOR_CONNECTION_STRING: appInsights.properties.ConnectionString
  LIAISON_ANCHOR_WORKSPACE_ID: logs.properties.customerId
  // Application Insights' codeless agent for Node on Linux (the server has no SDK of its own).
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  // `atk deploy` uploads the built app with its node_modules; no build on the server.
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

var graphCertificateSettings = {
  LIAISON_GRAPH_CERTIFICATE_PATH: graphCertificatePath
  LIAISON_GRAPH_CERTIFICATE_THUMBPRINT: graphCertificateThumbprintSha256
  GRAPH_CERTIFICATE_PEM: '@Microsoft.KeyVault(SecretUri=${keyVaultSecretsUri}${graphCertificateName})'
}

var graphSecretSettings = {
  LIAISON_GRAPH_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultSecretsUri}${graphClientSecretName})'
}

// Emails carry the card for Outlook only once the provider is registered (README, Deploying).
var outlookSettings = {
  LIAISON_ACTIONABLE_MESSAGE_ORIGINATOR: actionableMessageOriginator
}

var graphNotificationSettings = {
  LIAISON_GRAPH_NOTIFICATION_URL: '${publicUrl}/api/graph/notifications'
  LIAISON_GRAPH_NOTIFICATION_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultSecretsUri}${graphNotificationSecretName})'
}

resource webAppSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: union(commonSettings, graphCredential == 'certificate' ? graphCertificateSettings : graphSecretSettings, graphNotifications && mailSignals == 'on' ? graphNotificationSettings : {}, empty(actionableMessageOriginator) ? {} : outlookSettings)
  // The references resolve when the settings are applied: the grant must exist by then.
  dependsOn: [
    identitySecretsUser
  ]
}

// pino writes JSON to stdout: console and HTTP logs go to the workspace beside the telemetry.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// Who read or changed the certificate and secrets, and when.
resource keyVaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: keyVault
  properties: {
    workspaceId: logs.id
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

// The bot registration authenticates as the user-assigned identity: no app password anywhere.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: '${publicUrl}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Universal Actions on cards sent to Outlook come back to the bot through this channel.
resource outlookChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'OutlookChannel'
  location: 'global'
  properties: {
    channelName: 'OutlookChannel'
  }
}

// The app where Microsoft 365 hosts Teams apps outside Teams (Outlook, the Microsoft 365 app).
resource m365Channel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'M365Extensions'
  location: 'global'
  properties: {
    channelName: 'M365Extensions'
  }
}

// Written to env/.env.<environment> by arm/deploy under these names.
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = publicUrl
output AAD_APP_CLIENT_ID string = entraClientId
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output AZURE_KEYVAULT_NAME string = keyVault.name
