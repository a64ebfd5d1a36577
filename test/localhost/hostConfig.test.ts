import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTimeSpan, readHostConfig } from '../../localhost/hostConfig';
import { applyValues, readLocalSettings, resolveSettingReferences } from '../../localhost/localSettings';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';

const repoRoot = path.resolve(__dirname, '../..');
const folderWith = (files: Record<string, unknown>) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'oc-local-host-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), JSON.stringify(content));
  return folder;
};

describe('the built-in local host reads host.json', () => {
  it("takes the app's route prefix and queue settings from host.json", () => {
    expect(readHostConfig(repoRoot)).toEqual({
      routePrefix: 'api',
      functionTimeoutMs: 10 * 60_000,
      queues: {
        batchSize: 16,
        newBatchThreshold: 4,
        maxDequeueCount: snapshotQueue.maxDequeueCount,
        visibilityTimeoutMs: 30_000,
        maxPollingIntervalMs: 10_000,
        messageEncoding: snapshotQueue.messageEncoding,
      },
    });
  });

  it("uses the host's defaults for what host.json leaves out", () => {
    expect(readHostConfig(folderWith({ 'host.json': { version: '2.0' } }))).toEqual({
      routePrefix: 'api',
      functionTimeoutMs: 30 * 60_000,
      queues: { batchSize: 16, newBatchThreshold: 8, maxDequeueCount: 5, visibilityTimeoutMs: 0, maxPollingIntervalMs: 60_000, messageEncoding: 'base64' },
    });
    expect(readHostConfig(folderWith({ 'host.json': { extensions: { http: { routePrefix: '' } } } })).routePrefix).toBe('');
  });

  it('names a bad value', () => {
    expect(() => readHostConfig(folderWith({ 'host.json': { extensions: { queues: { batchSize: 0 } } } }))).toThrow(
      /extensions.queues.batchSize must be a whole number of at least 1/,
    );
    expect(() => readHostConfig(folderWith({ 'host.json': { extensions: { queues: { messageEncoding: 'utf8' } } } }))).toThrow(
      /messageEncoding must be "base64" or "none"/,
    );
    expect(() => parseTimeSpan('30s', 'x')).toThrow(/"30s" is not a time span/);
    expect(parseTimeSpan('1.02:03:04.5', 'x')).toBe(((24 + 2) * 3600 + 3 * 60 + 4.5) * 1000);
  });
});

describe('the built-in local host reads local.settings.json', () => {
  it('puts Values into the environment, leaving a variable already set alone (as Core Tools do)', () => {
    const env: NodeJS.ProcessEnv = { KEPT: 'from the shell' };
    const folder = folderWith({
      'local.settings.json': {
        IsEncrypted: false,
        Values: { KEPT: 'from the file', ADDED: 'yes', COUNT: 3 },
        Host: { LocalHttpPort: 7099, CORS: 'https://a.example, https://b.example' },
      },
    });
    const settings = readLocalSettings(folder);
    expect(settings.localHttpPort).toBe(7099);
    expect(settings.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(applyValues(settings.values, env)).toEqual(['KEPT']);
    expect(env).toEqual({ KEPT: 'from the shell', ADDED: 'yes', COUNT: '3' });
  });

  it('is no settings when the file is absent, and refuses an encrypted one', () => {
    expect(readLocalSettings(folderWith({}))).toEqual({ values: {}, localHttpPort: undefined, corsOrigins: [] });
    expect(() => readLocalSettings(folderWith({ 'local.settings.json': { IsEncrypted: true, Values: {} } }))).toThrow(/encrypted/);
  });

  it('resolves %SETTING% in a binding, naming a setting that is missing', () => {
    expect(resolveSettingReferences('%SNAPSHOT_SCHEDULE%', { SNAPSHOT_SCHEDULE: '0 */5 * * * *' })).toBe('0 */5 * * * *');
    expect(() => resolveSettingReferences('%SNAPSHOT_SCHEDULE%', {})).toThrow(/app setting SNAPSHOT_SCHEDULE, which is not set/);
  });
});
