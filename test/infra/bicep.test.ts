/**
 * infra/: lints and compiles with no warning (scripts/bicep.sh), and the compiled template
 * deploys what docs/deploy.md promises: Flex Consumption on Node 22, storage reachable with Entra ID
 * only, the snapshot tables and queues, least-privilege role assignments, Application Insights
 * without local authentication, and a Key Vault for the client secret only when it is used.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  allCompiledText,
  DeployedResource,
  Deployment,
  deployMain,
  JsonObject,
  onlyResourceOfType,
  props,
  repoRoot,
  requiredParameters,
  resourcesOfType,
  testScope,
  useCompiledInfra,
} from './armTemplate';

const built = useCompiledInfra();

const roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
};

const roleDefinitionId = (guid: string): string => `/subscriptions/${testScope.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

interface Assignment {
  scope: string;
  principalId: string;
  principalType: string;
  role: string;
  name: string;
}

function assignments(deployment: Deployment): Assignment[] {
  return resourcesOfType(deployment, 'Microsoft.Authorization/roleAssignments').map((r) => {
    const p = props(r);
    return {
      scope: r.scope ?? '(deployment scope)',
      principalId: String(p.principalId),
      principalType: String(p.principalType),
      role: String(p.roleDefinitionId),
      name: r.name,
    };
  });
}

const idOf = (r: DeployedResource): string => `/subscriptions/${testScope.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/${r.type}/${r.name}`;

describe('scripts/bicep.sh build', () => {
  test('lints and compiles every .bicep under infra/ with no warning', () => {
    const log = built().log;
    expect(log).toMatch(/OK: \d+ files linted and built, no warnings/);
    const bicepFiles: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.bicep')) bicepFiles.push(path.relative(path.join(repoRoot, 'infra'), path.join(dir, e.name)));
      }
    };
    walk(path.join(repoRoot, 'infra'));
    for (const file of bicepFiles) {
      expect(fs.existsSync(path.join(built().dir, file.replace(/\.bicep$/, '.json')))).toBe(true);
    }
    // Compiled templates never land in infra/.
    const jsonInInfra = fs.readdirSync(path.join(repoRoot, 'infra')).filter((f) => f.endsWith('.json'));
    expect(jsonInInfra.sort()).toEqual(['abbreviations.json', 'bicepconfig.json', 'main.parameters.json']);
  });

  test('uses only local modules (no registry modules)', () => {
    const text = allCompiledText(built());
    expect(text).not.toMatch(/br\/public:|br:/);
    for (const file of fs.readdirSync(path.join(repoRoot, 'infra'), { recursive: true }) as string[]) {
      if (file.endsWith('.bicep')) expect(fs.readFileSync(path.join(repoRoot, 'infra', file), 'utf8')).not.toMatch(/'br[:/]/);
    }
  });
});

describe('no keys, SAS or connection strings with secrets', () => {
  test('no template uses listKeys/list*Sas or writes an account key, SAS or key-based connection string', () => {
    const text = allCompiledText(built());
    for (const pattern of [
      /listKeys/i,
      /listAccountSas/i,
      /listServiceSas/i,
      /\blist[A-Za-z]*\(/,
      /AccountKey/i,
      /SharedAccessSignature/i,
      /DefaultEndpointsProtocol/i,
      /[?&]sig=/,
    ]) {
      expect({ pattern: String(pattern), found: pattern.test(text) }).toEqual({ pattern: String(pattern), found: false });
    }
  });

  test('no output carries the client secret', () => {
    const secret = 'not-a-real-secret-5f0e1c';
    const deployment = deployMain(built().main, {
      ...requiredParameters,
      livePlatformAuth: 'client-secret',
      livePlatformClientSecret: secret,
    });
    expect(JSON.stringify(deployment.outputs)).not.toContain(secret);
    const settings = resourcesOfType(deployment, 'Microsoft.Web/sites/config');
    expect(JSON.stringify(settings)).not.toContain(secret);
    // It is written once, into Key Vault.
    const holders = deployment.resources.filter((r) => JSON.stringify(r.value).includes(secret));
    expect(holders.map((r) => r.type)).toEqual(['Microsoft.KeyVault/vaults/secrets']);
    expect(((built().main.parameters as JsonObject).livePlatformClientSecret as JsonObject).type).toBe('securestring');
  });
});

describe('resources', () => {
  const deployment = (): Deployment => deployMain(built().main, requiredParameters);

  test('a resource group named after the environment, tagged for azd', () => {
    const rg = onlyResourceOfType(deployment(), 'Microsoft.Resources/resourceGroups');
    expect(rg.name).toBe('rg-oc-test');
    expect(rg.value.tags).toEqual({ 'azd-env-name': 'oc-test' });
  });

  test('storage account: Entra ID only, no public blobs, TLS 1.2, HTTPS only', () => {
    const storage = onlyResourceOfType(deployment(), 'Microsoft.Storage/storageAccounts');
    expect(props(storage)).toMatchObject({
      allowSharedKeyAccess: false,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      defaultToOAuthAuthentication: true,
    });
  });

  test('the snapshot tables, the snapshot queue with its poison queue, and a private deployment container', () => {
    const d = deployment();
    const storage = onlyResourceOfType(d, 'Microsoft.Storage/storageAccounts').name;
    const tables = resourcesOfType(d, 'Microsoft.Storage/storageAccounts/tableServices/tables').map((r) => r.name);
    expect(tables.sort()).toEqual(
      ['ocChangeFeed', 'ocLiveBudget', 'ocNumberChanges', 'ocNumberIndex', 'ocNumbers', 'ocSnapshotRuns'].map((t) => `${storage}/default/${t}`).sort(),
    );
    const queues = resourcesOfType(d, 'Microsoft.Storage/storageAccounts/queueServices/queues').map((r) => r.name);
    expect(queues.sort()).toEqual([`${storage}/default/oc-snapshot-requests`, `${storage}/default/oc-snapshot-requests-poison`]);
    const containers = resourcesOfType(d, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(containers).toHaveLength(1);
    expect(props(containers[0]!).publicAccess).toBe('None');
    const app = onlyResourceOfType(d, 'Microsoft.Web/sites');
    const deploymentStorage = ((props(app).functionAppConfig as JsonObject).deployment as JsonObject).storage as JsonObject;
    const containerName = containers[0]!.name.split('/').pop();
    expect(deploymentStorage.value).toBe(`https://${storage}.blob.core.windows.net/${containerName}`);
  });

  test('Flex Consumption plan: FC1, FlexConsumption, Linux', () => {
    const plan = onlyResourceOfType(deployment(), 'Microsoft.Web/serverfarms');
    expect(plan.value.sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    expect(props(plan).reserved).toBe(true);
  });

  test('function app: Linux, HTTPS only, TLS 1.2, FTPS off, Node 22, identity-authenticated deployment storage', () => {
    const d = deployment();
    const app = onlyResourceOfType(d, 'Microsoft.Web/sites');
    const identity = onlyResourceOfType(d, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const plan = onlyResourceOfType(d, 'Microsoft.Web/serverfarms');
    expect(app.value.kind).toBe('functionapp,linux');
    expect((app.value.tags as JsonObject)['azd-service-name']).toBe('api');
    expect(app.value.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: { [idOf(identity)]: {} } });
    const p = props(app);
    expect(p.serverFarmId).toBe(idOf(plan));
    expect(p.httpsOnly).toBe(true);
    expect(p.siteConfig).toMatchObject({ ftpsState: 'Disabled', minTlsVersion: '1.2' });
    const config = p.functionAppConfig as JsonObject;
    expect(config.runtime).toEqual({ name: 'node', version: '22' });
    expect(config.scaleAndConcurrency).toEqual({ instanceMemoryMB: 2048, maximumInstanceCount: 40 });
    const storage = (config.deployment as JsonObject).storage as JsonObject;
    expect(storage.type).toBe('blobContainer');
    expect(storage.authentication).toEqual({ type: 'UserAssignedIdentity', userAssignedIdentityResourceId: idOf(identity) });
  });

  test('instance memory and maximum instance count come from parameters', () => {
    const d = deployMain(built().main, { ...requiredParameters, instanceMemoryMB: 4096, maximumInstanceCount: 100 });
    const config = props(onlyResourceOfType(d, 'Microsoft.Web/sites')).functionAppConfig as JsonObject;
    expect(config.scaleAndConcurrency).toEqual({ instanceMemoryMB: 4096, maximumInstanceCount: 100 });
    expect(() => deployMain(built().main, { ...requiredParameters, instanceMemoryMB: 1000 })).toThrow(/not one of/);
  });

  test('basic-auth publishing (FTP and SCM) is off', () => {
    const policies = resourcesOfType(deployment(), 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((r) => r.name.split('/').pop()).sort()).toEqual(['ftp', 'scm']);
    for (const policy of policies) expect(props(policy).allow).toBe(false);
  });

  test('Log Analytics and Application Insights with local authentication disabled', () => {
    const d = deployment();
    const workspace = onlyResourceOfType(d, 'Microsoft.OperationalInsights/workspaces');
    const insights = onlyResourceOfType(d, 'Microsoft.Insights/components');
    expect(props(insights)).toMatchObject({ DisableLocalAuth: true, WorkspaceResourceId: idOf(workspace) });
  });
});

describe('role assignments', () => {
  test('the app identity: Blob Data Owner, Queue and Table Data Contributor on the storage account, Metrics Publisher on Application Insights', () => {
    const d = deployMain(built().main, requiredParameters);
    const identity = onlyResourceOfType(d, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const storage = idOf(onlyResourceOfType(d, 'Microsoft.Storage/storageAccounts'));
    const insights = idOf(onlyResourceOfType(d, 'Microsoft.Insights/components'));
    const principal = `principal-id-of-${identity.name}`;
    const expected = [
      [storage, roles.storageBlobDataOwner],
      [storage, roles.storageQueueDataContributor],
      [storage, roles.storageTableDataContributor],
      [insights, roles.monitoringMetricsPublisher],
    ].map(([scope, role]) => ({
      scope: scope!,
      principalId: principal,
      principalType: 'ServicePrincipal',
      role: roleDefinitionId(role!),
      // guid(scope.id, principalId, roleDefinitionId)
      name: `guid(${scope}, ${principal}, ${roleDefinitionId(role!)})`,
    }));
    const sort = (a: Assignment[]): Assignment[] => [...a].sort((x, y) => x.name.localeCompare(y.name));
    // Without principalId these are all the role assignments there are.
    expect(sort(assignments(d))).toEqual(sort(expected));
  });

  test('the optional principalId may only read the snapshot tables: Table Data Reader on each table, nothing on blobs, queues or the account', () => {
    const user = '44444444-4444-4444-4444-444444444444';
    const d = deployMain(built().main, { ...requiredParameters, principalId: user });
    const storage = idOf(onlyResourceOfType(d, 'Microsoft.Storage/storageAccounts'));
    // The id of a nested resource: account/tableServices/default/tables/<table>.
    // Every snapshot table, the number index included; not the app's own rate-budget table.
    const readable = ['ocChangeFeed', 'ocNumberChanges', 'ocNumberIndex', 'ocNumbers', 'ocSnapshotRuns'];
    const tables = resourcesOfType(d, 'Microsoft.Storage/storageAccounts/tableServices/tables')
      .map((t) => t.name.split('/').pop()!)
      .filter((name) => readable.includes(name))
      .map((name) => `${storage}/tableServices/default/tables/${name}`);
    expect(tables).toHaveLength(readable.length);
    const mine = assignments(d).filter((a) => a.principalId === user && a.scope.startsWith(storage));
    expect(mine.map((a) => a.scope).sort()).toEqual([...tables].sort());
    for (const a of mine) {
      expect(a.role).toBe(roleDefinitionId(roles.storageTableDataReader));
      expect(a.principalType).toBe('User');
      expect(a.name).toBe(`guid(${a.scope}, ${user}, ${a.role})`);
    }
  });
});

describe('Key Vault (LIVE_PLATFORM_AUTH=client-secret only)', () => {
  test('not deployed for the other modes', () => {
    for (const auth of ['managed-identity', 'federated', 'default']) {
      const d = deployMain(built().main, { ...requiredParameters, livePlatformAuth: auth });
      expect(resourcesOfType(d, 'Microsoft.KeyVault/vaults')).toHaveLength(0);
      expect(d.outputs.AZURE_KEY_VAULT_NAME).toBe('');
    }
  });

  test('RBAC, soft delete and purge protection; the secret from the secure parameter; a Key Vault reference in the app', () => {
    const d = deployMain(built().main, {
      ...requiredParameters,
      livePlatformAuth: 'client-secret',
      livePlatformClientSecret: 'not-a-real-secret-5f0e1c',
      livePlatformTenantId: '11111111-1111-1111-1111-111111111111',
      livePlatformClientId: '22222222-2222-2222-2222-222222222222',
    });
    const vault = onlyResourceOfType(d, 'Microsoft.KeyVault/vaults');
    expect(props(vault)).toMatchObject({ enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true });
    const secret = onlyResourceOfType(d, 'Microsoft.KeyVault/vaults/secrets');
    expect(props(secret).value).toBe('not-a-real-secret-5f0e1c');
    const secretName = secret.name.split('/').pop();

    const app = onlyResourceOfType(d, 'Microsoft.Web/sites');
    const identity = onlyResourceOfType(d, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(props(app).keyVaultReferenceIdentity).toBe(idOf(identity));
    const settings = props(onlyResourceOfType(d, 'Microsoft.Web/sites/config'));
    expect(settings.LIVE_PLATFORM_CLIENT_SECRET).toBe(`@Microsoft.KeyVault(SecretUri=https://${vault.name}.vault.azure.net/secrets/${secretName})`);

    const principal = `principal-id-of-${identity.name}`;
    const onVault = assignments(d).filter((a) => a.scope === idOf(vault));
    expect(onVault).toEqual([
      {
        scope: idOf(vault),
        principalId: principal,
        principalType: 'ServicePrincipal',
        role: roleDefinitionId(roles.keyVaultSecretsUser),
        name: `guid(${idOf(vault)}, ${principal}, ${roleDefinitionId(roles.keyVaultSecretsUser)})`,
      },
    ]);
    expect(d.outputs.AZURE_KEY_VAULT_NAME).toBe(vault.name);
  });

  test('without a secret value the vault and the reference exist and an existing secret is left alone', () => {
    const user = '44444444-4444-4444-4444-444444444444';
    const d = deployMain(built().main, { ...requiredParameters, livePlatformAuth: 'client-secret', principalId: user });
    expect(resourcesOfType(d, 'Microsoft.KeyVault/vaults')).toHaveLength(1);
    expect(resourcesOfType(d, 'Microsoft.KeyVault/vaults/secrets')).toHaveLength(0);
    const settings = props(onlyResourceOfType(d, 'Microsoft.Web/sites/config'));
    expect(settings.LIVE_PLATFORM_CLIENT_SECRET).toMatch(/^@Microsoft\.KeyVault\(SecretUri=https:\/\/.+\/secrets\/.+\)$/);
    // Least privilege: the deploying user sets and rotates the secret through the deployment (its
    // management-plane rights), so it holds no standing Key Vault role; only the app reads the secret.
    const vault = onlyResourceOfType(d, 'Microsoft.KeyVault/vaults');
    expect(assignments(d).filter((a) => a.principalId === user && a.scope.startsWith(idOf(vault)))).toEqual([]);
    expect(assignments(d).filter((a) => a.role === roleDefinitionId(roles.keyVaultSecretsOfficer))).toEqual([]);
    expect(
      assignments(d)
        .filter((a) => a.scope.startsWith(idOf(vault)))
        .map((a) => a.role),
    ).toEqual([roleDefinitionId(roles.keyVaultSecretsUser)]);
  });
});

describe('outputs for azd and the docs', () => {
  test('are all there and agree with the resources', () => {
    const d = deployMain(built().main, requiredParameters);
    const app = onlyResourceOfType(d, 'Microsoft.Web/sites');
    const identity = onlyResourceOfType(d, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const storage = onlyResourceOfType(d, 'Microsoft.Storage/storageAccounts');
    expect(d.outputs).toMatchObject({
      AZURE_LOCATION: 'swedencentral',
      AZURE_TENANT_ID: testScope.tenantId,
      RESOURCE_GROUP: 'rg-oc-test',
      AZURE_RESOURCE_GROUP: 'rg-oc-test',
      AZURE_FUNCTION_APP_NAME: app.name,
      SERVICE_API_NAME: app.name,
      SERVICE_API_URI: `https://${app.name}.azurewebsites.net`,
      AZURE_STORAGE_ACCOUNT_NAME: storage.name,
      MANAGED_IDENTITY_CLIENT_ID: `client-id-of-${identity.name}`,
      MANAGED_IDENTITY_PRINCIPAL_ID: `principal-id-of-${identity.name}`,
    });
  });
});
