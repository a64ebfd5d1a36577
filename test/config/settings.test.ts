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
