// User-assigned managed identity: the one identity the function app uses for host storage,
// the snapshot tables and queue, Application Insights, Key Vault references and (depending on
// LIVE_PLATFORM_AUTH) the Live Platform token.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
