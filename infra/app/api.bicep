// The OC Numbers function app on a Flex Consumption plan, with every app setting the code reads
// (docs/api.md, "Settings"). Identity-based connections only: no account key, SAS or connection
// string with a key is ever written.

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan and the app (the app also gets azd-service-name).')
param tags object = {}

@description('azd service name (azure.yaml) the app is tagged with.')
param serviceName string = 'api'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Storage account for host state, the deployment container and the snapshot tables and queue.')
param storageAccountName string

@description('Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights resource name.')
param applicationInsightsName string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper limit of instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

// ---- App settings (docs/api.md, "Settings") ----

@description('LIVE_PLATFORM_BASE_URL: URL prefix before /api/... (https).')
param livePlatformBaseUrl string

@description('LIVE_PLATFORM_AUTH: how the app gets its Live Platform token.')
@allowed([
  'managed-identity'
  'federated'
  'client-secret'
  'default'
])
param livePlatformAuth string = 'managed-identity'

@description('LIVE_PLATFORM_SCOPE: token scope of the Live Platform API.')
param livePlatformScope string = 'api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default'

@description('LIVE_PLATFORM_TENANT_ID: tenant of the Live Platform app registration (federated, client-secret). Empty: not set.')
param livePlatformTenantId string = ''

@description('LIVE_PLATFORM_CLIENT_ID: client id of the Live Platform app registration (federated, client-secret). Empty: not set.')
param livePlatformClientId string = ''

@description('Versionless Key Vault URI of the client secret (client-secret only). Empty: LIVE_PLATFORM_CLIENT_SECRET is not set.')
param livePlatformClientSecretUri string = ''

@description('LIVE_PLATFORM_AUTHORITY_HOST: Entra authority host (sovereign clouds). Empty: Azure public cloud.')
param livePlatformAuthorityHost string = ''

@description('LIVE_PLATFORM_CHANNEL_ID: default X-Ovoc-Channel-Id. Empty: none.')
param livePlatformChannelId string = ''

@description('LIVE_PLATFORM_TIMEOUT_MS: whole upstream call, retries included.')
@minValue(1)
param livePlatformTimeoutMs int = 15000

@description('LIVE_PLATFORM_RETRIES: retries on 429/5xx/reset.')
@minValue(0)
param livePlatformRetries int = 3

@description('LIVE_PLATFORM_RATE_LIMIT: upstream requests per 10 s.')
@minValue(1)
param livePlatformRateLimit int = 10

@description('LIVE_PLATFORM_INTERACTIVE_RESERVE: calls of each window snapshots leave to lookups.')
param livePlatformInteractiveReserve int = 3

@description('LIVE_PLATFORM_NOT_FOUND_SECONDS: how long an upstream 404 is remembered.')
param livePlatformNotFoundSeconds int = 60

@description('LIVE_PLATFORM_CACHE_SECONDS: live result cache; 0 turns it off.')
@minValue(0)
param livePlatformCacheSeconds int = 30

@description('LIVE_PLATFORM_MAX_RESPONSE_BYTES: upstream body limit.')
@minValue(1)
param livePlatformMaxResponseBytes int = 134217728

@description('SCHEMA_MODE: report or enforce.')
@allowed([
  'report'
  'enforce'
])
param schemaMode string = 'report'

@description('ALLOWED_TENANTS: comma list of msTenantIds the HTTP API may serve. Empty: any.')
param allowedTenants string = ''

@description('SNAPSHOT_SCHEDULE: NCRONTAB of snapshotScheduler.')
param snapshotSchedule string = '0 0 */6 * * *'

@description('SNAPSHOT_TENANTS: comma list msTenantId[:channelId], or * to discover tenants.')
param snapshotTenants string

@description('SNAPSHOT_MAX_REMOVAL_RATIO: share of a tenant\'s numbers a run may release.')
param snapshotMaxRemovalRatio string = '0.5'

@description('CHANGES_POLL_SECONDS: Retry-After of the pollChanges trigger.')
param changesPollSeconds int = 120

@description('EVENT_GRID_TOPIC_ENDPOINT: the topic change events go to. Empty: none.')
param eventGridTopicEndpoint string = ''
@description('SNAPSHOT_CHANGES_RETENTION_DAYS: change rows older than this are deleted; 0 keeps all.')
@minValue(0)
param snapshotChangesRetentionDays int = 400

@description('SNAPSHOT_RUNS_RETENTION_DAYS: run rows older than this are deleted; 0 keeps all.')
@minValue(0)
param snapshotRunsRetentionDays int = 90
@description('SNAPSHOT_FORCE_WITH_KEY: in function-key mode, allow force=true.')
@allowed([
  'true'
  'false'
])
param snapshotForceWithKey string = 'false'

@description('SNAPSHOT_REQUEST_MIN_SECONDS: least time between two snapshot requests of one tenant.')
@minValue(0)
param snapshotRequestMinSeconds int = 300

@description('CALLER_AUTH: function-key or entra.')
@allowed([
  'function-key'
  'entra'
])
param callerAuth string = 'function-key'

@description('CALLER_TENANT_ID (entra). Empty: not set.')
param callerTenantId string = ''

@description('CALLER_AUDIENCE (entra): comma list of accepted audiences. Empty: not set.')
param callerAudience string = ''

@description('CALLER_AUTHORITY_HOST (entra). Empty: Azure public cloud.')
param callerAuthorityHost string = ''

@description('PUBLIC_BASE_URL. Empty: the app\'s own https host.')
param publicBaseUrl string = ''

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Always written.
var baseAppSettings = {
  // Functions host storage, identity-based (Flex Consumption).
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The app's connection "SnapshotStorage": snapshot tables and the snapshot queue.
  SnapshotStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  SnapshotStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  SnapshotStorage__credential: 'managedidentity'
  SnapshotStorage__clientId: identityClientId
  // @azure/identity picks the user-assigned identity by this client id.
  AZURE_CLIENT_ID: identityClientId
  // Application Insights with local authentication disabled: Entra ID authenticated ingestion.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  LIVE_PLATFORM_BASE_URL: livePlatformBaseUrl
  LIVE_PLATFORM_AUTH: livePlatformAuth
  LIVE_PLATFORM_SCOPE: livePlatformScope
  LIVE_PLATFORM_TIMEOUT_MS: string(livePlatformTimeoutMs)
  LIVE_PLATFORM_RETRIES: string(livePlatformRetries)
  LIVE_PLATFORM_RATE_LIMIT: string(livePlatformRateLimit)
  // One budget for every instance, in a row of the SnapshotStorage account (docs/reliability.md).
  LIVE_PLATFORM_BUDGET: 'shared'
  LIVE_PLATFORM_INTERACTIVE_RESERVE: string(livePlatformInteractiveReserve)
  LIVE_PLATFORM_NOT_FOUND_SECONDS: string(livePlatformNotFoundSeconds)
  // At most this many instances run, so rate limit ÷ this is a safe share for each while the budget store is unreachable.
  LIVE_PLATFORM_BUDGET_INSTANCES: string(maximumInstanceCount)
  LIVE_PLATFORM_CACHE_SECONDS: string(livePlatformCacheSeconds)
  LIVE_PLATFORM_MAX_RESPONSE_BYTES: string(livePlatformMaxResponseBytes)
  SCHEMA_MODE: schemaMode
  SNAPSHOT_SCHEDULE: snapshotSchedule
  SNAPSHOT_TENANTS: snapshotTenants
  SNAPSHOT_MAX_REMOVAL_RATIO: snapshotMaxRemovalRatio
  CHANGES_POLL_SECONDS: string(changesPollSeconds)
  SNAPSHOT_CHANGES_RETENTION_DAYS: string(snapshotChangesRetentionDays)
  SNAPSHOT_RUNS_RETENTION_DAYS: string(snapshotRunsRetentionDays)
  SNAPSHOT_FORCE_WITH_KEY: snapshotForceWithKey
  SNAPSHOT_REQUEST_MIN_SECONDS: string(snapshotRequestMinSeconds)
  CALLER_AUTH: callerAuth
  // Links (nextLink, Location, the API documents) never take the host a caller sent.
  PUBLIC_BASE_URL: empty(publicBaseUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicBaseUrl
}

// Written only when the parameter is not empty, so the app applies its documented default.
var optionalAppSettings = {
  LIVE_PLATFORM_TENANT_ID: livePlatformTenantId
  LIVE_PLATFORM_CLIENT_ID: livePlatformClientId
  LIVE_PLATFORM_CLIENT_SECRET: empty(livePlatformClientSecretUri)
    ? ''
    : '@Microsoft.KeyVault(SecretUri=${livePlatformClientSecretUri})'
  LIVE_PLATFORM_AUTHORITY_HOST: livePlatformAuthorityHost
  LIVE_PLATFORM_CHANNEL_ID: livePlatformChannelId
  ALLOWED_TENANTS: allowedTenants
  EVENT_GRID_TOPIC_ENDPOINT: eventGridTopicEndpoint
  CALLER_TENANT_ID: callerTenantId
  CALLER_AUDIENCE: callerAudience
  CALLER_AUTHORITY_HOST: callerAuthorityHost
}

var appSettings = union(
  baseAppSettings,
  toObject(filter(items(optionalAppSettings), setting => !empty(setting.value)), setting => setting.key, setting => setting.value)
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'node'
        version: '22'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // No FTP or basic-auth SCM publishing: deployments authenticate with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
output planName string = plan.name
