import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';

type Check = { name: string; status: string; durationMs: number; detail?: string };

describe('health', () => {
  it('answers ok with the version without touching any dependency, even when misconfigured', async () => {
    useSettings({ LIVE_PLATFORM_BASE_URL: undefined, SnapshotStorage: undefined });
    const response = await invokeHttp('health', 'health');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('healthDeep', () => {
  it('checks configuration, token, storage and the rate budget with their latency', async () => {
    useSettings();
    const response = await invokeHttp('healthDeep', 'health/deep');
    expect(response.status).toBe(200);
    const checks = response.json<{ checks: Check[] }>().checks;
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['configuration', 'ok'],
      ['liveToken', 'ok'],
      ['storage', 'ok'],
      ['liveBudget', 'ok'],
    ]);
    for (const check of checks) expect(check.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 naming the failing setting, never its value', async () => {
    useSettings({ LIVE_PLATFORM_TIMEOUT_MS: 'secret-looking-value' });
    const response = await invokeHttp('healthDeep', 'health/deep');
    expect(response.status).toBe(503);
    const checks = response.json<{ checks: Check[] }>().checks;
    expect(checks.find((c) => c.name === 'configuration')).toMatchObject({ status: 'failed', detail: expect.stringContaining('LIVE_PLATFORM_TIMEOUT_MS') });
    expect(response.body).not.toContain('secret-looking-value');
  });

  it('answers 503 when storage is unreachable, naming the check', async () => {
    useSettings({
      SnapshotStorage:
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;',
    });
    const response = await invokeHttp('healthDeep', 'health/deep');
    expect(response.status).toBe(503);
    expect(response.json<{ checks: Check[] }>().checks.find((c) => c.name === 'storage')?.status).toBe('failed');
    expect(response.body).not.toContain('Eby8vdM02x');
  });
});
