/**
 * The settings contract between the code and the infrastructure: every setting the code reads
 * (shared/config/settingNames.ts, docs/api.md "Settings") is set by infra/ or deliberately left to a
 * parameter, with the documented defaults; the storage connections are identity-based; and the
 * sample local settings name the same settings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingNames, snapshotStorageConnection } from '../../shared/config/settingNames';
import { Deployment, deployMain, Json, JsonObject, onlyResourceOfType, props, repoRoot, requiredParameters, useCompiledInfra } from './armTemplate';

const built = useCompiledInfra();
const main = (): JsonObject => built().main;

function appSettings(deployment: Deployment): Record<string, string> {
  const config = deployment.resources.filter((r) => r.type === 'Microsoft.Web/sites/config' && r.name.endsWith('/appsettings'));
  expect(config).toHaveLength(1);
  const settings = props(config[0]!);
  for (const [name, value] of Object.entries(settings)) {
    if (typeof value !== 'string') throw new Error(`app setting ${name} is not a string: ${JSON.stringify(value)}`);
  }
  return settings as Record<string, string>;
}

function names(deployment: Deployment): { identity: string; storage: string; insights: string } {
  return {
    identity: onlyResourceOfType(deployment, 'Microsoft.ManagedIdentity/userAssignedIdentities').name,
    storage: onlyResourceOfType(deployment, 'Microsoft.Storage/storageAccounts').name,
    insights: onlyResourceOfType(deployment, 'Microsoft.Insights/components').name,
  };
}

/** Optional settings (docs/api.md "Settings", default "—"): written only when their parameter has a value. */
const leftToParameterWhenEmpty = [
  'LIVE_PLATFORM_TENANT_ID',
  'LIVE_PLATFORM_CLIENT_ID',
  'LIVE_PLATFORM_CLIENT_SECRET',
  'LIVE_PLATFORM_AUTHORITY_HOST',
  'LIVE_PLATFORM_CHANNEL_ID',
  'ALLOWED_TENANTS',
  'EVENT_GRID_TOPIC_ENDPOINT',
  'CALLER_TENANT_ID',
  'CALLER_AUDIENCE',
  'CALLER_AUTHORITY_HOST',
];

/** docs/api.md "Settings" defaults, as the app settings carry them. */
const documentedDefaults: Record<string, string> = {
  LIVE_PLATFORM_AUTH: 'managed-identity',
  LIVE_PLATFORM_SCOPE: 'api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default',
  LIVE_PLATFORM_TIMEOUT_MS: '15000',
  LIVE_PLATFORM_RETRIES: '3',
  LIVE_PLATFORM_RATE_LIMIT: '10',
  LIVE_PLATFORM_BUDGET: 'shared',
  LIVE_PLATFORM_INTERACTIVE_RESERVE: '3',
  LIVE_PLATFORM_NOT_FOUND_SECONDS: '60',
  LIVE_PLATFORM_BUDGET_INSTANCES: '40',
  LIVE_PLATFORM_CACHE_SECONDS: '30',
  LIVE_PLATFORM_MAX_RESPONSE_BYTES: '134217728',
  SCHEMA_MODE: 'report',
  SNAPSHOT_SCHEDULE: '0 0 */6 * * *',
  SNAPSHOT_MAX_REMOVAL_RATIO: '0.5',
  CHANGES_POLL_SECONDS: '120',
  SNAPSHOT_CHANGES_RETENTION_DAYS: '400',
  SNAPSHOT_RUNS_RETENTION_DAYS: '90',
  SNAPSHOT_FORCE_WITH_KEY: 'false',
  SNAPSHOT_REQUEST_MIN_SECONDS: '300',
  CALLER_AUTH: 'function-key',
};

/** Settings Flex Consumption rejects or ignores; the template must not write them. */
const notOnFlexConsumption = [
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_CONTENTSHARE',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'AzureWebJobsStorage',
];

describe('app settings written by infra/main.bicep', () => {
  test('every setting the code reads is set, or left to a parameter that is empty by default', () => {
    const minimal = appSettings(deployMain(main(), requiredParameters));
    for (const name of settingNames) {
      if (leftToParameterWhenEmpty.includes(name)) {
        expect({ name, value: minimal[name] }).toEqual({ name, value: undefined });
      } else {
        expect({ name, set: name in minimal }).toEqual({ name, set: true });
      }
    }
    // Nothing in the list above that the code does not read.
    for (const name of leftToParameterWhenEmpty) expect(settingNames).toContain(name);
  });

  test('required settings take their parameters; the rest carry the documented defaults', () => {
    const settings = appSettings(deployMain(main(), requiredParameters));
    expect(settings.LIVE_PLATFORM_BASE_URL).toBe('https://live.example/tenantui');
    expect(settings.SNAPSHOT_TENANTS).toBe('*');
    for (const [name, value] of Object.entries(documentedDefaults)) {
      expect({ name, value: settings[name] }).toEqual({ name, value });
    }
  });

  test("PUBLIC_BASE_URL defaults to the app's own https host; CALLER_AUTH admits function-key and entra; entra defaults CALLER_TENANT_ID to the tenant deployed to", () => {
    const deployment = deployMain(main(), requiredParameters);
    const app = onlyResourceOfType(deployment, 'Microsoft.Web/sites');
    expect(appSettings(deployment).PUBLIC_BASE_URL).toBe(`https://${app.name}.azurewebsites.net`);
    const parameter = (main().parameters as JsonObject).callerAuth as JsonObject;
    expect(parameter.allowedValues).toEqual(['function-key', 'entra']);
    expect(() => deployMain(main(), { ...requiredParameters, callerAuth: 'anonymous' })).toThrow(/not one of/);
    const entra = appSettings(deployMain(main(), { ...requiredParameters, callerAuth: 'entra', callerAudience: 'api://oc-numbers' }));
    expect(entra).toMatchObject({ CALLER_AUTH: 'entra', CALLER_TENANT_ID: expect.any(String), CALLER_AUDIENCE: 'api://oc-numbers' });
    expect(entra.CALLER_TENANT_ID).not.toBe('');
  });

  test('LIVE_PLATFORM_BASE_URL and SNAPSHOT_TENANTS are required parameters', () => {
    const parameters = main().parameters as JsonObject;
    for (const name of ['livePlatformBaseUrl', 'snapshotTenants']) {
      expect((parameters[name] as JsonObject).defaultValue).toBeUndefined();
    }
    const { livePlatformBaseUrl: _omitted, ...withoutBaseUrl } = requiredParameters;
    expect(() => deployMain(main(), withoutBaseUrl)).toThrow(/required parameter livePlatformBaseUrl/);
    const { snapshotTenants: _omitted2, ...withoutTenants } = requiredParameters;
    expect(() => deployMain(main(), withoutTenants)).toThrow(/required parameter snapshotTenants/);
  });

  test('LIVE_PLATFORM_AUTH admits exactly managed-identity, federated, client-secret and default', () => {
    const parameter = (main().parameters as JsonObject).livePlatformAuth as JsonObject;
    expect([...(parameter.allowedValues as string[])].sort()).toEqual(['client-secret', 'default', 'federated', 'managed-identity'].sort());
    expect(parameter.defaultValue).toBe('managed-identity');
    expect(() => deployMain(main(), { ...requiredParameters, livePlatformAuth: 'password' })).toThrow(/not one of/);
  });

  test('every parameter reaches its setting unchanged', () => {
    const given: Record<string, Json> = {
      ...requiredParameters,
      livePlatformAuth: 'federated',
      livePlatformScope: 'api://00000000-0000-0000-0000-000000000001/.default',
      livePlatformTenantId: '11111111-1111-1111-1111-111111111111',
      livePlatformClientId: '22222222-2222-2222-2222-222222222222',
      livePlatformAuthorityHost: 'https://login.microsoftonline.us',
      livePlatformChannelId: '7',
      livePlatformTimeoutMs: 20000,
      livePlatformRetries: 5,
      livePlatformRateLimit: 8,
      livePlatformInteractiveReserve: 2,
      livePlatformNotFoundSeconds: 30,
      maximumInstanceCount: 50,
      livePlatformCacheSeconds: 0,
      livePlatformMaxResponseBytes: 1048576,
      schemaMode: 'enforce',
      allowedTenants: '33333333-3333-3333-3333-333333333333',
      snapshotSchedule: '0 30 2 * * *',
      snapshotTenants: '33333333-3333-3333-3333-333333333333:7',
      snapshotMaxRemovalRatio: '0.25',
      changesPollSeconds: 30,
      eventGridTopicEndpoint: 'https://evgt-existing.westeurope-1.eventgrid.azure.net/api/events',
      snapshotForceWithKey: 'true',
      snapshotRequestMinSeconds: 60,
      callerAuth: 'entra',
      callerTenantId: '55555555-5555-5555-5555-555555555555',
      callerAudience: 'api://oc-numbers,66666666-6666-6666-6666-666666666666',
      callerAuthorityHost: 'https://login.microsoftonline.us',
      publicBaseUrl: 'https://ocnumbers.contoso.com',
    };
    const settings = appSettings(deployMain(main(), given));
    expect(settings).toMatchObject({
      LIVE_PLATFORM_BASE_URL: 'https://live.example/tenantui',
      LIVE_PLATFORM_AUTH: 'federated',
      LIVE_PLATFORM_SCOPE: 'api://00000000-0000-0000-0000-000000000001/.default',
      LIVE_PLATFORM_TENANT_ID: '11111111-1111-1111-1111-111111111111',
      LIVE_PLATFORM_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
      LIVE_PLATFORM_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      LIVE_PLATFORM_CHANNEL_ID: '7',
      LIVE_PLATFORM_TIMEOUT_MS: '20000',
      LIVE_PLATFORM_RETRIES: '5',
      LIVE_PLATFORM_RATE_LIMIT: '8',
      LIVE_PLATFORM_INTERACTIVE_RESERVE: '2',
      LIVE_PLATFORM_NOT_FOUND_SECONDS: '30',
      LIVE_PLATFORM_BUDGET_INSTANCES: '50',
      LIVE_PLATFORM_CACHE_SECONDS: '0',
      LIVE_PLATFORM_MAX_RESPONSE_BYTES: '1048576',
      SCHEMA_MODE: 'enforce',
      ALLOWED_TENANTS: '33333333-3333-3333-3333-333333333333',
      SNAPSHOT_SCHEDULE: '0 30 2 * * *',
      SNAPSHOT_TENANTS: '33333333-3333-3333-3333-333333333333:7',
      SNAPSHOT_MAX_REMOVAL_RATIO: '0.25',
      CHANGES_POLL_SECONDS: '30',
      EVENT_GRID_TOPIC_ENDPOINT: 'https://evgt-existing.westeurope-1.eventgrid.azure.net/api/events',
      SNAPSHOT_FORCE_WITH_KEY: 'true',
      SNAPSHOT_REQUEST_MIN_SECONDS: '60',
      CALLER_AUTH: 'entra',
      CALLER_TENANT_ID: '55555555-5555-5555-5555-555555555555',
      CALLER_AUDIENCE: 'api://oc-numbers,66666666-6666-6666-6666-666666666666',
      CALLER_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      PUBLIC_BASE_URL: 'https://ocnumbers.contoso.com',
    });
    // With every optional parameter given, every setting the code reads is present (the client
    // secret only in client-secret mode, see the Key Vault tests).
    for (const name of settingNames) {
      if (name !== 'LIVE_PLATFORM_CLIENT_SECRET') expect({ name, set: name in settings }).toEqual({ name, set: true });
    }
  });

  test('createEventGridTopic: a CloudEvents topic without access keys, the identity as its EventGrid Data Sender, and the setting pointing at it', () => {
    const without = deployMain(main(), requiredParameters);
    expect(without.resources.filter((r) => r.type === 'Microsoft.EventGrid/topics')).toEqual([]);
    const deployment = deployMain(main(), { ...requiredParameters, createEventGridTopic: true });
    const topic = onlyResourceOfType(deployment, 'Microsoft.EventGrid/topics');
    expect(props(topic)).toMatchObject({ inputSchema: 'CloudEventSchemaV1_0', disableLocalAuth: true, minimumTlsVersionAllowed: '1.2' });
    const { identity } = names(deployment);
    const senders = deployment.resources.filter(
      (r) => r.type === 'Microsoft.Authorization/roleAssignments' && String(props(r).roleDefinitionId).endsWith('d5a91429-5739-47e2-a06b-3470a27159e7'),
    );
    expect(senders).toHaveLength(1);
    expect(props(senders[0]!)).toMatchObject({ principalId: `principal-id-of-${identity}`, principalType: 'ServicePrincipal' });
    expect(JSON.stringify(senders[0])).toContain(topic.name);
    expect(appSettings(deployment).EVENT_GRID_TOPIC_ENDPOINT).toEqual(expect.stringContaining(topic.name));
  });

  test(`the ${snapshotStorageConnection} connection is identity-based: table and queue endpoints, managed identity`, () => {
    const deployment = deployMain(main(), requiredParameters);
    const settings = appSettings(deployment);
    const { identity, storage } = names(deployment);
    expect(settings[snapshotStorageConnection]).toBeUndefined();
    expect(settings).toMatchObject({
      [`${snapshotStorageConnection}__tableServiceUri`]: `https://${storage}.table.core.windows.net/`,
      [`${snapshotStorageConnection}__queueServiceUri`]: `https://${storage}.queue.core.windows.net/`,
      [`${snapshotStorageConnection}__credential`]: 'managedidentity',
      [`${snapshotStorageConnection}__clientId`]: `client-id-of-${identity}`,
    });
  });

  test('host storage (AzureWebJobsStorage) is identity-based with the user-assigned identity', () => {
    const deployment = deployMain(main(), requiredParameters);
    const settings = appSettings(deployment);
    const { identity, storage } = names(deployment);
    expect(settings).toMatchObject({
      AzureWebJobsStorage__accountName: storage,
      AzureWebJobsStorage__credential: 'managedidentity',
      AzureWebJobsStorage__clientId: `client-id-of-${identity}`,
      AZURE_CLIENT_ID: `client-id-of-${identity}`,
    });
  });

  test('Application Insights: connection string plus Entra ID authentication with the identity', () => {
    const deployment = deployMain(main(), requiredParameters);
    const settings = appSettings(deployment);
    const { identity, insights } = names(deployment);
    expect(settings.APPLICATIONINSIGHTS_CONNECTION_STRING).toContain(`instrumentation-key-of-${insights}`);
    expect(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(`ClientId=client-id-of-${identity};Authorization=AAD`);
  });

  test('no setting that Flex Consumption does not allow, and no storage key or SAS in any value', () => {
    for (const auth of ['managed-identity', 'federated', 'client-secret', 'default']) {
      const settings = appSettings(deployMain(main(), { ...requiredParameters, livePlatformAuth: auth }));
      for (const name of notOnFlexConsumption) expect({ name, set: name in settings }).toEqual({ name, set: false });
      for (const [name, value] of Object.entries(settings)) {
        expect({ name, value }).not.toEqual({ name, value: expect.stringMatching(/AccountKey=|SharedAccessSignature|[?&]sig=/i) });
      }
    }
  });
});

describe('local.settings.sample.json', () => {
  const sample = JSON.parse(fs.readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };

  test('names every setting the code reads', () => {
    const missing = settingNames.filter((name) => !(name in sample.Values));
    expect(missing).toEqual([]);
  });

  test(`has the ${snapshotStorageConnection} connection`, () => {
    const keys = Object.keys(sample.Values).filter((k) => k === snapshotStorageConnection || k.startsWith(`${snapshotStorageConnection}__`));
    expect(keys.length).toBeGreaterThan(0);
  });
});

describe('infra/main.parameters.json (azd)', () => {
  const file = JSON.parse(fs.readFileSync(path.join(repoRoot, 'infra', 'main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: string }>;
  };

  test('names only parameters main.bicep declares, including every required one', () => {
    const declared = main().parameters as JsonObject;
    for (const name of Object.keys(file.parameters)) expect(Object.keys(declared)).toContain(name);
    const required = Object.entries(declared)
      .filter(([, def]) => (def as JsonObject).defaultValue === undefined)
      .map(([name]) => name);
    for (const name of required) expect(Object.keys(file.parameters)).toContain(name);
  });

  test("maps app-setting parameters to azd environment variables of the setting's own name", () => {
    const expected: Record<string, string> = {
      environmentName: 'AZURE_ENV_NAME',
      location: 'AZURE_LOCATION',
      principalId: 'AZURE_PRINCIPAL_ID',
      livePlatformBaseUrl: 'LIVE_PLATFORM_BASE_URL',
      livePlatformAuth: 'LIVE_PLATFORM_AUTH',
      livePlatformScope: 'LIVE_PLATFORM_SCOPE',
      livePlatformTenantId: 'LIVE_PLATFORM_TENANT_ID',
      livePlatformClientId: 'LIVE_PLATFORM_CLIENT_ID',
      livePlatformClientSecret: 'LIVE_PLATFORM_CLIENT_SECRET',
      livePlatformAuthorityHost: 'LIVE_PLATFORM_AUTHORITY_HOST',
      livePlatformChannelId: 'LIVE_PLATFORM_CHANNEL_ID',
      schemaMode: 'SCHEMA_MODE',
      allowedTenants: 'ALLOWED_TENANTS',
      snapshotSchedule: 'SNAPSHOT_SCHEDULE',
      snapshotTenants: 'SNAPSHOT_TENANTS',
      snapshotMaxRemovalRatio: 'SNAPSHOT_MAX_REMOVAL_RATIO',
      eventGridTopicEndpoint: 'EVENT_GRID_TOPIC_ENDPOINT',
      snapshotForceWithKey: 'SNAPSHOT_FORCE_WITH_KEY',
      callerAuth: 'CALLER_AUTH',
      callerTenantId: 'CALLER_TENANT_ID',
      callerAudience: 'CALLER_AUDIENCE',
      callerAuthorityHost: 'CALLER_AUTHORITY_HOST',
      publicBaseUrl: 'PUBLIC_BASE_URL',
    };
    for (const [parameter, variable] of Object.entries(expected)) {
      expect({ parameter, value: file.parameters[parameter]?.value }).toEqual({
        parameter,
        value: expect.stringMatching(new RegExp(`^\\$\\{${variable}(=[^}]*)?\\}$`)),
      });
    }
  });

  test('the defaults written into it are the documented ones', () => {
    const declared = main().parameters as JsonObject;
    for (const [parameter, { value }] of Object.entries(file.parameters)) {
      const m = /^\$\{[A-Z_]+=(.*)\}$/.exec(value);
      if (!m || parameter === 'principalType') continue;
      expect({ parameter, default: m[1] }).toEqual({ parameter, default: (declared[parameter] as JsonObject).defaultValue });
    }
  });
});
