// Event Grid custom topic for the change events (docs/tables.md, "Change events"): CloudEvents 1.0
// input, Entra ID only (no access keys or SAS), and the app's identity as its only sender.

@description('Name of the topic.')
param name string

@description('Azure region.')
param location string

@description('Tags for the topic.')
param tags object = {}

@description('Principal (object) id of the app\'s user-assigned managed identity: gets EventGrid Data Sender on the topic.')
param senderPrincipalId string

// EventGrid Data Sender (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    // Publishers authenticate with Entra ID only.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    minimumTlsVersionAllowed: '1.2'
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, senderPrincipalId, subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender))
  scope: topic
  properties: {
    principalId: senderPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint
