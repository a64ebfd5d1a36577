// Key Vault for LIVE_PLATFORM_AUTH=client-secret only: holds the Live Platform app registration's
// client secret. Access is Azure RBAC only; the function app reads the secret through a Key Vault
// reference resolved with its user-assigned identity.

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object = {}

@description('Name of the secret that holds the client secret.')
param secretName string

@description('Secret value. Empty: the secret is not written by this deployment and an existing secret is left as it is. Set and rotate it through this parameter: the deployment writes it with the deployer\'s management-plane rights, so no person needs a standing data-plane role on the vault.')
@secure()
param secretValue string = ''

@description('Principal (object) id of the app\'s managed identity: gets Key Vault Secrets User.')
param readerPrincipalId string

// Built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles)
var keyVaultSecretsUserRoleId = subscriptionResourceId(
  'Microsoft.Authorization/roleDefinitions',
  '4633458b-17de-408a-b874-0445c86b69e6'
)

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
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
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(secretValue)) {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: keyVaultSecretsUserRoleId
  }
}

output name string = vault.name
output id string = vault.id
@description('Versionless URI of the client secret, for a Key Vault reference (always resolves the newest version).')
output clientSecretReferenceUri string = '${vault.properties.vaultUri}secrets/${secretName}'
