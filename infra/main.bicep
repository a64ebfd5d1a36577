// OC Numbers: Azure Functions (Flex Consumption, Node 22) in front of the AudioCodes Live Platform
// Operator Connect API. Creates the resource group and everything in it. Deploy with `azd up`
// or `az deployment sub create` (docs/deploy.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME); part of the resource group name and of the hash in every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. Pick a region that offers the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional object id of a person (or group, or pipeline) who may read the snapshot tables (Storage Table Data Reader on those tables only: Power BI, Excel, Storage Explorer); no other role, none on Key Vault. azd fills in the signed-in user.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Replication of the storage account. Zone-redundant by default: the change history in it cannot be rebuilt from the Live Platform (docs/deploy.md, "Storage redundancy").')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_ZRS'

@description('Flex Consumption: memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption: upper limit of instances (the plan accepts 40 to 1000). The app shares one Live Platform budget across them (LIVE_PLATFORM_BUDGET=shared); it is also LIVE_PLATFORM_BUDGET_INSTANCES, which sizes each instance\'s fallback share while the budget store is unreachable. See docs/deploy.md.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

// ---- App settings (docs/api.md, "Settings") ----

@description('LIVE_PLATFORM_BASE_URL (required): the Live Platform URL prefix before /api/..., e.g. https://<host>/tenantui.')
@minLength(1)
param livePlatformBaseUrl string

@description('LIVE_PLATFORM_AUTH: managed-identity (token from the app\'s identity), federated (identity as client assertion for the app registration), client-secret (secret in Key Vault) or default.')
@allowed([
  'managed-identity'
  'federated'
  'client-secret'
  'default'
])
param livePlatformAuth string = 'managed-identity'

@description('LIVE_PLATFORM_SCOPE: token scope of the Live Platform API.')
@minLength(1)
param livePlatformScope string = 'api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default'

@description('LIVE_PLATFORM_TENANT_ID: tenant of the Live Platform app registration (federated, client-secret). Empty: not set.')
param livePlatformTenantId string = ''

@description('LIVE_PLATFORM_CLIENT_ID: client id of the Live Platform app registration (federated, client-secret). Empty: not set.')
param livePlatformClientId string = ''

@description('client-secret only: the app registration\'s client secret, written to Key Vault. Empty: the Key Vault secret is left as it is (set or rotate it with az keyvault secret set).')
@secure()
param livePlatformClientSecret string = ''

@description('LIVE_PLATFORM_AUTHORITY_HOST: Entra authority host for federated and client-secret (sovereign clouds). Empty: Azure public cloud.')
param livePlatformAuthorityHost string = ''

@description('LIVE_PLATFORM_CHANNEL_ID: default X-Ovoc-Channel-Id (integer). Empty: none.')
param livePlatformChannelId string = ''

@description('LIVE_PLATFORM_TIMEOUT_MS: whole upstream call in ms, retries included.')
@minValue(1)
param livePlatformTimeoutMs int = 15000

@description('LIVE_PLATFORM_RETRIES: retries on 429/5xx/reset.')
@minValue(0)
param livePlatformRetries int = 3

@description('LIVE_PLATFORM_RATE_LIMIT: upstream requests per 10 s for the whole app, however far it scales out.')
@minValue(1)
param livePlatformRateLimit int = 10

@description('LIVE_PLATFORM_INTERACTIVE_RESERVE: calls of each 10-s window snapshots leave to lookups while lookups ask (below LIVE_PLATFORM_RATE_LIMIT).')
@minValue(0)
param livePlatformInteractiveReserve int = 3

@description('LIVE_PLATFORM_NOT_FOUND_SECONDS: how long an upstream 404 for a tenant is remembered.')
@minValue(0)
param livePlatformNotFoundSeconds int = 60

@description('LIVE_PLATFORM_CACHE_SECONDS: live result cache of the HTTP functions; 0 turns it off.')
@minValue(0)
param livePlatformCacheSeconds int = 30

@description('LIVE_PLATFORM_MAX_RESPONSE_BYTES: upstream body limit.')
@minValue(1)
param livePlatformMaxResponseBytes int = 134217728

@description('SCHEMA_MODE: report (drop and report records failing the core schema) or enforce (502).')
@allowed([
  'report'
  'enforce'
])
param schemaMode string = 'report'

@description('ALLOWED_TENANTS: comma list of msTenantIds the HTTP API may serve. Empty: any.')
param allowedTenants string = ''

@description('SNAPSHOT_SCHEDULE: NCRONTAB of the snapshot scheduler.')
@minLength(1)
param snapshotSchedule string = '0 0 */6 * * *'

@description('SNAPSHOT_TENANTS (required): comma list msTenantId[:channelId], or * to discover tenants through the Live Platform.')
@minLength(1)
param snapshotTenants string

@description('SNAPSHOT_MAX_REMOVAL_RATIO: a run that would release more than this share of a tenant\'s numbers applies no removals.')
@minLength(1)
param snapshotMaxRemovalRatio string = '0.5'

@description('CHANGES_POLL_SECONDS: Retry-After of the pollChanges trigger (seconds between polls while nothing changed).')
@minValue(1)
@maxValue(86400)
param changesPollSeconds int = 120

@description('Create an Event Grid custom topic for the change events (CloudEvents 1.0, local auth disabled, the app\'s identity as EventGrid Data Sender) and point EVENT_GRID_TOPIC_ENDPOINT at it.')
param createEventGridTopic bool = false

@description('EVENT_GRID_TOPIC_ENDPOINT of an existing topic, when createEventGridTopic is false (grant the app\'s identity EventGrid Data Sender on it yourself). Empty: no change events.')
param eventGridTopicEndpoint string = ''
@description('SNAPSHOT_CHANGES_RETENTION_DAYS: change rows older than this many days are deleted by the scheduler; 0 keeps all.')
@minValue(0)
param snapshotChangesRetentionDays int = 400

@description('SNAPSHOT_RUNS_RETENTION_DAYS: run rows older than this many days are deleted by the scheduler; 0 keeps all.')
@minValue(0)
param snapshotRunsRetentionDays int = 90
@description('CALLER_AUTH: function-key (callers send a function key) or entra (callers send an Entra ID token with app roles; see docs/deploy.md).')
@allowed([
  'function-key'
  'entra'
])
param callerAuth string = 'function-key'

@description('CALLER_TENANT_ID: the Entra tenant of the callers\' tokens (entra). Empty: the tenant deployed to, when callerAuth is entra.')
param callerTenantId string = ''

@description('CALLER_AUDIENCE: comma list of accepted token audiences, the API app registration\'s app id URI and/or client id (entra). Empty: not set.')
param callerAudience string = ''

@description('CALLER_AUTHORITY_HOST: authority host for the callers\' tokens (sovereign clouds). Empty: Azure public cloud.')
param callerAuthorityHost string = ''

@description('PUBLIC_BASE_URL: the origin links are built from, e.g. a custom domain https://ocnumbers.contoso.com. Empty: the app\'s own https host.')
param publicBaseUrl string = ''

@description('SNAPSHOT_FORCE_WITH_KEY: in function-key mode, allow force=true on snapshot requests.')
@allowed([
  'true'
  'false'
])
param snapshotForceWithKey string = 'false'

@description('SNAPSHOT_REQUEST_MIN_SECONDS: least time between two snapshot requests of one tenant.')
@minValue(0)
param snapshotRequestMinSeconds int = 300

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var useKeyVault = livePlatformAuth == 'client-secret'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

// The app's storage (docs/api.md, "Tables"; the queue of snapshotTenant and its poison queue).
// The tables principalId may read (Power BI, Excel); the app's own rate-budget table is not among them.
var snapshotTables = [
  'ocNumbers'
  'ocNumberChanges'
  'ocSnapshotRuns'
  'ocNumberIndex'
  'ocChangeFeed'
]
var appTables = concat(snapshotTables, ['ocLiveBudget'])
var snapshotQueues = [
  'oc-snapshot-requests'
  'oc-snapshot-requests-poison'
]

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: storageSkuName
    containers: [
      deploymentContainerName
    ]
    tables: appTables
    queues: snapshotQueues
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    readableTables: snapshotTables
  }
}

module eventGridTopic 'core/messaging/event-grid-topic.bicep' = if (createEventGridTopic) {
  name: 'eventGridTopic'
  scope: rg
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    senderPrincipalId: identity.outputs.principalId
  }
}

module keyVault 'core/security/key-vault.bicep' = if (useKeyVault) {
  name: 'keyVault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    secretName: 'live-platform-client-secret'
    secretValue: livePlatformClientSecret
    readerPrincipalId: identity.outputs.principalId
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    livePlatformBaseUrl: livePlatformBaseUrl
    livePlatformAuth: livePlatformAuth
    livePlatformScope: livePlatformScope
    livePlatformTenantId: livePlatformTenantId
    livePlatformClientId: livePlatformClientId
    livePlatformClientSecretUri: useKeyVault ? keyVault!.outputs.clientSecretReferenceUri : ''
    livePlatformAuthorityHost: livePlatformAuthorityHost
    livePlatformChannelId: livePlatformChannelId
    livePlatformTimeoutMs: livePlatformTimeoutMs
    livePlatformRetries: livePlatformRetries
    livePlatformRateLimit: livePlatformRateLimit
    livePlatformInteractiveReserve: livePlatformInteractiveReserve
    livePlatformNotFoundSeconds: livePlatformNotFoundSeconds
    livePlatformCacheSeconds: livePlatformCacheSeconds
    livePlatformMaxResponseBytes: livePlatformMaxResponseBytes
    schemaMode: schemaMode
    allowedTenants: allowedTenants
    snapshotSchedule: snapshotSchedule
    snapshotTenants: snapshotTenants
    snapshotMaxRemovalRatio: snapshotMaxRemovalRatio
    changesPollSeconds: changesPollSeconds
    eventGridTopicEndpoint: createEventGridTopic ? eventGridTopic!.outputs.endpoint : eventGridTopicEndpoint
    snapshotChangesRetentionDays: snapshotChangesRetentionDays
    snapshotRunsRetentionDays: snapshotRunsRetentionDays
    snapshotForceWithKey: snapshotForceWithKey
    snapshotRequestMinSeconds: snapshotRequestMinSeconds
    callerAuth: callerAuth
    callerTenantId: empty(callerTenantId) && callerAuth == 'entra' ? tenant().tenantId : callerTenantId
    callerAudience: callerAudience
    callerAuthorityHost: callerAuthorityHost
    publicBaseUrl: publicBaseUrl
  }
  // Start the app only once its identity may read storage, Application Insights and Key Vault.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_KEY_VAULT_NAME string = useKeyVault ? keyVault!.outputs.name : ''
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output EVENT_GRID_TOPIC_NAME string = createEventGridTopic ? eventGridTopic!.outputs.name : ''
