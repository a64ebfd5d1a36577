// Data-plane role assignments. The app's identity gets exactly what the Functions host and the
// app need; the optional second principal (a person or group reading the snapshot tables with Power
// BI, Excel or Storage Explorer) may only read those tables: no blob access (blob write could replace
// the deployment package and run code as the app), no queue, no write.

@description('Storage account that holds host state, the deployment container, tables and queue.')
param storageAccountName string

@description('Application Insights resource the app sends telemetry to.')
param applicationInsightsName string

@description('Principal (object) id of the app\'s user-assigned managed identity.')
param identityPrincipalId string

@description('Optional principal (object) id of a person or group that may read the snapshot tables (Power BI, Excel, Storage Explorer). Empty: none.')
param userPrincipalId string = ''

@description('The snapshot tables userPrincipalId may read.')
param readableTables array = []

@description('Principal type of userPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param userPrincipalType string = 'User'

// Built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// Blob Data Owner: host state and the Flex deployment package; Queue and Table Data Contributor:
// host queues, the snapshot queue and the snapshot tables.
var identityStorageRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-09-01' existing = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-09-01' existing = [
  for table in readableTables: {
    parent: tableService
    name: table
  }
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource identityStorageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in identityStorageRoles: {
    name: guid(storage.id, identityPrincipalId, subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId))
    scope: storage
    properties: {
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource identityMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(
    applicationInsights.id,
    identityPrincipalId,
    subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  )
  scope: applicationInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  }
}

resource userTableReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (table, i) in readableTables: if (!empty(userPrincipalId)) {
    name: guid(tables[i].id, userPrincipalId, subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataReader))
    scope: tables[i]
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataReader)
    }
  }
]
