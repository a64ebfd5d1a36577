import { readSettings } from '../../shared/config/settings';
import { SettingsError } from '../../shared/errors/appErrors';

const minimal = { LIVE_PLATFORM_BASE_URL: 'https://lp.example.com/tenantui', LIVE_PLATFORM_SCOPE: 'api://9d576dc4-b85d-4571-880e-4c6ed4c08c31/.default' };

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('settings', () => {
  it('applies the documented defaults', () => {
    expect(readSettings(minimal)).toMatchObject({
      baseUrl: 'https://lp.example.com/tenantui',
      auth: 'managed-identity',
      timeoutMs: 15000,
      retries: 3,
      rateLimit: 10,
      cacheSeconds: 30,
      maxResponseBytes: 134217728,
      schemaMode: 'report',
      allowedTenants: null,
      defaultChannelId: null,
      snapshotSchedule: '0 0 */6 * * *',
      snapshotMaxRemovalRatio: 0.5,
    });
  });

  it('caller sign-in and snapshot request settings: defaults, entra requirements, values', () => {
    expect(readSettings(minimal)).toMatchObject({
      callerAuth: 'function-key',
      callerAudiences: [],
      callerAuthorityHost: 'https://login.microsoftonline.com',
      snapshotForceWithKey: false,
      snapshotRequestMinSeconds: 300,
      publicBaseUrl: null,
    });
    expect(problemsOf({ ...minimal, CALLER_AUTH: 'entra' })).toEqual([
      'CALLER_TENANT_ID is required when CALLER_AUTH is entra',
      'CALLER_AUDIENCE is required when CALLER_AUTH is entra',
    ]);
    const tenant = '5A4DB0C0-0000-4000-8000-00000000D1E0';
    expect(
      readSettings({
        ...minimal,
        CALLER_AUTH: 'entra',
        CALLER_TENANT_ID: tenant,
        CALLER_AUDIENCE: ' api://oc-numbers , 5a4db0c0-0000-4000-8000-0000000000f1 ',
        CALLER_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
        SNAPSHOT_FORCE_WITH_KEY: 'true',
        SNAPSHOT_REQUEST_MIN_SECONDS: '0',
        PUBLIC_BASE_URL: 'https://ocnumbers.contoso.com/',
      }),
    ).toMatchObject({
      callerAuth: 'entra',
      callerTenantId: tenant.toLowerCase(),
      callerAudiences: ['api://oc-numbers', '5a4db0c0-0000-4000-8000-0000000000f1'],
      callerAuthorityHost: 'https://login.microsoftonline.us',
      snapshotForceWithKey: true,
      snapshotRequestMinSeconds: 0,
      publicBaseUrl: 'https://ocnumbers.contoso.com',
    });
    expect(
      problemsOf({
        ...minimal,
        CALLER_AUTH: 'aad',
        SNAPSHOT_FORCE_WITH_KEY: 'yes',
        CALLER_AUTHORITY_HOST: 'http://login.example',
        PUBLIC_BASE_URL: 'https://x.example/path',
      }),
    ).toEqual([
      'SNAPSHOT_FORCE_WITH_KEY must be true or false',
      'PUBLIC_BASE_URL must be an origin such as https://ocnumbers.contoso.com (no path, query or fragment)',
      'CALLER_AUTH must be function-key or entra',
      'CALLER_AUTHORITY_HOST must be an https host such as https://login.microsoftonline.us',
    ]);
    expect(problemsOf({ ...minimal, PUBLIC_BASE_URL: 'http://ocnumbers.contoso.com' })).toEqual([
      'PUBLIC_BASE_URL must use https (http is allowed for loopback only)',
    ]);
  });

  it('names every missing required setting at once', () => {
    expect(problemsOf({})).toEqual(['LIVE_PLATFORM_BASE_URL is required', 'LIVE_PLATFORM_SCOPE is required']);
  });

  it('treats empty strings as unset, as the sample settings write them', () => {
    expect(readSettings({ ...minimal, LIVE_PLATFORM_CHANNEL_ID: '', ALLOWED_TENANTS: ' ' }).defaultChannelId).toBeNull();
  });

  it('names a malformed setting without echoing its value', () => {
    const problems = problemsOf({ ...minimal, LIVE_PLATFORM_TIMEOUT_MS: 'soon', LIVE_PLATFORM_AUTH: 'password-in-here' });
    expect(problems.join(' ')).toMatch(/LIVE_PLATFORM_AUTH must be one of/);
    expect(problems.join(' ')).toMatch(/LIVE_PLATFORM_TIMEOUT_MS/);
    expect(problems.join(' ')).not.toContain('password-in-here');
  });

  it('checks numeric ranges', () => {
    expect(problemsOf({ ...minimal, LIVE_PLATFORM_RETRIES: '11' })).toEqual(['LIVE_PLATFORM_RETRIES must be a whole number from 0 to 10']);
    // One problem per setting, from the same integerRange keyword the query parameters use: text is not a number in range either.
    expect(problemsOf({ ...minimal, LIVE_PLATFORM_TIMEOUT_MS: 'soon', LIVE_PLATFORM_CHANNEL_ID: '2147483648' })).toEqual([
      'LIVE_PLATFORM_CHANNEL_ID must be a whole number from 0 to 2147483647',
      'LIVE_PLATFORM_TIMEOUT_MS must be a whole number from 100 to 600000',
    ]);
  });

  it('requires the app registration for the federated and client-secret modes', () => {
    expect(problemsOf({ ...minimal, LIVE_PLATFORM_AUTH: 'client-secret' })).toEqual([
      'LIVE_PLATFORM_TENANT_ID is required when LIVE_PLATFORM_AUTH is client-secret',
      'LIVE_PLATFORM_CLIENT_ID is required when LIVE_PLATFORM_AUTH is client-secret',
      'LIVE_PLATFORM_CLIENT_SECRET is required when LIVE_PLATFORM_AUTH is client-secret',
    ]);
  });

  it('refuses plain http except on loopback', () => {
    expect(problemsOf({ ...minimal, LIVE_PLATFORM_BASE_URL: 'http://lp.example.com' })).toEqual([
      'LIVE_PLATFORM_BASE_URL must use https (http is allowed for loopback only)',
    ]);
    expect(readSettings({ ...minimal, LIVE_PLATFORM_BASE_URL: 'http://127.0.0.1:7171/' }).baseUrl).toBe('http://127.0.0.1:7171');
  });

  it('parses allowed tenants and snapshot tenants in lower case', () => {
    const settings = readSettings({
      ...minimal,
      ALLOWED_TENANTS: '11111111-1111-4111-8111-11111111111A, 22222222-2222-4222-8222-222222222222',
      SNAPSHOT_TENANTS: '11111111-1111-4111-8111-11111111111A:7,22222222-2222-4222-8222-222222222222',
    });
    expect([...(settings.allowedTenants ?? [])]).toEqual(['11111111-1111-4111-8111-11111111111a', '22222222-2222-4222-8222-222222222222']);
    expect(settings.snapshotTenants).toEqual([
      { msTenantId: '11111111-1111-4111-8111-11111111111a', channelId: 7 },
      { msTenantId: '22222222-2222-4222-8222-222222222222', channelId: null },
    ]);
    expect(readSettings({ ...minimal, SNAPSHOT_TENANTS: '*' }).snapshotTenants).toBe('*');
  });
});
