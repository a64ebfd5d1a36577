import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { QueueClient } from '@azure/storage-queue';
import type { SnapshotRequestMessage } from '../../shared/snapshots/snapshotRequestMessage';
import { snapshotQueue } from '../../shared/storage/snapshotQueue';
import { useSettings } from '../support/appState';
import { startAzurite, type AzuriteHandle } from '../support/azurite';
import { invokeHttp, testFunctionKey } from '../support/invokeHttp';
import { registerTenant, setFault, clearFault, uniqueTenantId, type NumberRecord } from '../support/sandboxControl';
import { decodeQueueText, deliver } from '../snapshots/support/queueDelivery';
import { allExamples, placeholders, repoRoot, substitute, type DocExample } from './support/docExamples';
import { bashSyntaxErrors, PowerShellSession, type RunnerReply } from './support/powerShell';
import { serveApp, type ServedApp } from './support/servedApp';

/**
 * Every PowerShell and bash block of README.md and docs/ (README, "The examples in these docs are
 * tested"): blocks marked syntax-only are parsed; the others run, in document order and one shell per
 * document, against the app served over HTTP on loopback for a sandbox tenant of 2,500 numbers, and
 * each has a check below asserting what the text around it promises.
 */

const execFileAsync = promisify(execFile);
const examples = allExamples();
const runnable = examples.filter((example) => example.id !== undefined && example.syntaxOnly === undefined);

// ---- the sandbox tenant the examples read: 2,500 numbers, then a second snapshot's worth of changes
const TOTAL = 2500;
const US = 2300;
const oneNumber = '+14255550100'; // docs/teams-powershell.md "One number"
const hostileLocation = '=HYPERLINK("http://example.invalid","x")';
const hostileAssignment = '=1+2';

function numberAt(i: number): string {
  if (i === 0) return oneNumber;
  return i < US ? `+1206555${String(i).padStart(4, '0')}` : `+44207946${String(i).padStart(4, '0')}`;
}

function record(i: number, assignmentStatus?: string): NumberRecord {
  return {
    telephoneNumber: numberAt(i),
    id: 8_000_000_000 + i,
    source: 'webapi',
    assignmentStatus: assignmentStatus ?? (i % 10 === 0 ? 'UserAssigned' : 'Unassigned'),
    acquiredCapabilities: i % 2 === 0 ? ['InboundCalling', 'UserAssignment'] : ['OutboundCalling'],
    availableCapabilities: ['InboundCalling', 'OutboundCalling'],
    sbcList: [{ sbcName: 'sbc-1', sbcId: 101 }],
    isoCountryCode: i < US ? 'US' : 'GB',
    // Non-ASCII text for the BOM, and a formula for the neutralisation.
    locationId: i === 3 ? 'Zürich-HB' : i === 7 ? hostileLocation : `loc-${i % 5}`,
  };
}

const current = Array.from({ length: TOTAL }, (_, i) => record(i));
const unassigned = current.filter((r) => r['assignmentStatus'] === 'Unassigned');
const unassignedUs = unassigned.filter((r) => r['isoCountryCode'] === 'US');
const inbound = current.filter((r) => (r['acquiredCapabilities'] as string[]).includes('InboundCalling'));
// Before: the last 10 not there yet (added), 5 numbers since gone (released), 20 with another assignment (changed).
const changedIndexes = Array.from({ length: 20 }, (_, k) => 101 + k)
  .filter((i) => i % 10 !== 0)
  .slice(0, 15);
const before = [
  ...current.slice(0, TOTAL - 10).map((r, i) => (changedIndexes.includes(i) ? record(i, i === changedIndexes[0] ? hostileAssignment : 'UserAssigned') : r)),
  ...Array.from({ length: 5 }, (_, k) => ({ ...record(0), telephoneNumber: `+1312555000${k}`, id: 9_000_000_000 + k })),
];
// Within the last week: the first snapshot's additions, then the second's changes.
const expectedChanges = before.length + 10 + 5 + changedIndexes.length;

let azurite: AzuriteHandle;
let deployed: ServedApp;
let tenant: string;
let queue: QueueClient;

function settings(extra: Record<string, string> = {}): void {
  // The suite snapshots its tenant twice in a row, and the examples request one more: no least interval.
  useSettings({
    SnapshotStorage: azurite.connectionString,
    LIVE_PLATFORM_RATE_LIMIT: '1000',
    LIVE_PLATFORM_CACHE_SECONDS: '0',
    SNAPSHOT_REQUEST_MIN_SECONDS: '0',
    ...extra,
  });
}

/** Delivers every message waiting on this suite's own queue to snapshotTenant, as the host would. */
async function deliverQueued(): Promise<number> {
  let delivered = 0;
  for (;;) {
    const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
    if (receivedMessageItems.length === 0) return delivered;
    for (const item of receivedMessageItems) {
      await deliver(decodeQueueText(item.messageText) as SnapshotRequestMessage);
      await queue.deleteMessage(item.messageId, item.popReceipt);
      delivered += 1;
    }
  }
}

async function snapshotNow(): Promise<void> {
  const requested = await invokeHttp('requestTenantSnapshot', `tenants/${tenant}/snapshots`, { method: 'POST', params: { msTenantId: tenant } });
  expect(requested.status).toBe(202);
  expect(await deliverQueued()).toBe(1);
}

beforeAll(async () => {
  azurite = await startAzurite();
  queue = new QueueClient(azurite.connectionString, snapshotQueue.name);
  settings();
  tenant = uniqueTenantId();
  await registerTenant(tenant, { records: before.map((r) => ({ ...r, tenantId: tenant })) });
  await snapshotNow();
  await registerTenant(tenant, { records: current.map((r) => ({ ...r, tenantId: tenant })) });
  await snapshotNow();
  // The built-in local host, which checks keys as the deployed app does: it serves both the deployed
  // and the local placeholder (README, "The examples in these docs are tested").
  deployed = await serveApp(testFunctionKey);
}, 120_000);

afterAll(async () => {
  await deployed?.close();
  await azurite?.stop();
});

beforeEach(() => settings());

// ---- what each runnable example promises

interface Context {
  example: DocExample;
  /** The document's working folder (files the example writes land here). */
  cwd: string;
  /** Runs the example (placeholders substituted) and returns what it printed; fails if it failed. */
  run(): Promise<string>;
  /** A PowerShell probe in the example's session, after it ran. */
  probe<T = unknown>(code: string): Promise<T>;
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

function csvFile(cwd: string, name: string): string[] {
  const bytes = readFileSync(path.join(cwd, name));
  expect(bytes.subarray(0, 3).equals(bom)).toBe(true); // Excel, double-click: UTF-8 with a byte-order mark
  return bytes
    .subarray(3)
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
}

function servedSince(host: ServedApp, mark: number): string[] {
  return host.served.slice(mark);
}

function connectorCopy(cwd: string): string {
  rmSync(path.join(cwd, 'connector'), { recursive: true, force: true });
  cpSync(path.join(repoRoot, 'connector'), path.join(cwd, 'connector'), { recursive: true });
  return path.join(cwd, 'connector/apiDefinition.swagger.json');
}

function expectHostReplaced(file: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('contoso-ocnumbers.azurewebsites.net');
  expect(text).not.toContain('your-function-app.azurewebsites.net');
  expect(() => JSON.parse(text) as unknown).not.toThrow();
}

const checks: Record<string, (context: Context) => Promise<void>> = {
  // README.md
  'local-curl': async ({ run }) => {
    const page = JSON.parse(await run()) as { count: number; total: number; value: unknown[] };
    expect(page.count).toBe(5);
    expect(page.value).toHaveLength(5);
    expect(page.total).toBe(TOTAL);
  },
  'readme-powershell': async ({ run, probe, cwd }) => {
    const mark = deployed.served.length;
    const output = await run();
    // The paging loop returns every matching number, once.
    expect(output).toContain(`${unassignedUs.length} unassigned US numbers`);
    expect(await probe('@($numbers.telephoneNumber | Sort-Object -Unique).Count')).toBe(unassignedUs.length);
    // The CSV has every number, not just the first page.
    const lines = csvFile(cwd, 'numbers.csv');
    expect(lines).toHaveLength(TOTAL + 1);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[0])).size).toBe(TOTAL);
    expect(servedSince(deployed, mark).filter((line) => line.includes('format=csv'))).toHaveLength(3);
  },
  'readme-curl': async ({ run }) => {
    const output = await run();
    const split = output.indexOf('}[');
    expect(split).toBeGreaterThan(0);
    const first = JSON.parse(output.slice(0, split + 1)) as { total: number; value: Array<Record<string, unknown>> };
    const second = JSON.parse(output.slice(split + 1)) as unknown[];
    expect(first.total).toBe(inbound.length);
    expect(first.value.every((r) => Object.keys(r).sort().join() === 'assignmentStatus,telephoneNumber')).toBe(true);
    expect(second).toHaveLength(TOTAL); // the drop-in mirror: the upstream array
  },

  // docs/teams-powershell.md
  'teams-setup': async ({ run, probe }) => {
    await run();
    expect(await probe('$tenantId')).toBe(tenant);
    expect(await probe("$headers['x-functions-key']")).toBe(testFunctionKey);
  },
  'teams-health': async ({ run }) => {
    expect(await run()).toMatch(/status\s+version\s+-+\s+-+\s+ok\s+\d+\.\d+\.\d+/); // status ok, version
  },
  'teams-one-number': async ({ run }) => {
    expect(await run()).toContain(oneNumber);
  },
  'teams-paging': async ({ run, probe }) => {
    const output = await run();
    expect(output).toContain(`${unassignedUs.length} unassigned US numbers`);
    expect(await probe('@($numbers.telephoneNumber | Sort-Object -Unique).Count')).toBe(unassignedUs.length);
  },
  'teams-errors': async ({ run }) => {
    const output = await run();
    expect(output).toMatch(/400 .*correlation id /);
    expect(output).toMatch(/top\s+Query parameter "top" must be/);
  },
  'teams-retry': async ({ run, probe }) => {
    // The Live Platform throttles once: the app answers 503 with Retry-After, the function waits and tries again.
    settings({ LIVE_PLATFORM_RETRIES: '0' });
    await setFault(tenant, { fault: '429', times: 1, retryAfterSeconds: 1 });
    const mark = deployed.served.length;
    try {
      await run();
    } finally {
      await clearFault(tenant);
    }
    expect(await probe('$page.count')).toBe(100);
    expect(servedSince(deployed, mark).map((line) => line.replace(/^GET \S+ /, ''))).toEqual(['503', '200']);
    // A 4xx is not retried: one request each.
    const unknownTenant = uniqueTenantId();
    const before4xx = deployed.served.length;
    expect(await probe(`try { Invoke-OcNumbers "$base/tenants/$tenantId/numbers?top=5000"; 0 } catch { [int] $_.Exception.Response.StatusCode }`)).toBe(400);
    expect(await probe(`try { Invoke-OcNumbers "$base/tenants/${unknownTenant}/numbers"; 0 } catch { [int] $_.Exception.Response.StatusCode }`)).toBe(404);
    expect(servedSince(deployed, before4xx).map((line) => line.replace(/^GET \S+ /, ''))).toEqual(['400', '404']);
  },
  'teams-csv-page': async ({ run, cwd }) => {
    await run();
    expect(csvFile(cwd, 'numbers.csv')).toHaveLength(1000 + 1); // one page: at most 1000 numbers
  },
  'teams-csv-all': async ({ run, cwd }) => {
    await run();
    const lines = csvFile(cwd, 'unassigned-numbers.csv');
    expect(lines[0]).toBe('"telephoneNumber","assignmentStatus","isoCountryCode","locationId","acquiredCapabilities"');
    expect(lines).toHaveLength(unassigned.length + 1);
    expect(lines.join('\n')).toContain('"Zürich-HB"');
    expect(lines.join('\n')).toContain(`"'${hostileLocation.replace(/"/g, '""')}"`); // still neutralised
    expect(lines.join('\n')).toContain('"InboundCalling;UserAssignment"');
  },
  'teams-changes': async ({ run, probe, cwd }) => {
    await run();
    expect(await probe('$changes.Count')).toBe(expectedChanges);
    const api = await invokeHttp('getTenantNumberChanges', `tenants/${tenant}/changes?top=1000`, { params: { msTenantId: tenant } });
    const detectedAt = new Set(api.json<{ value: Array<{ detectedAt: string }> }>().value.map((c) => c.detectedAt));
    const lines = csvFile(cwd, `changes-${new Date().toISOString().slice(0, 10)}.csv`);
    expect(lines).toHaveLength(expectedChanges + 1);
    const written = new Set(lines.slice(1).map((line) => line.split(',')[0]?.replace(/"/g, '')));
    // The app's own UTC ISO 8601 text, whatever the PowerShell version and culture.
    expect([...written]).toEqual([...detectedAt]);
    expect(lines.join('\n')).toContain(`"'${hostileAssignment}"`);
  },
  'teams-snapshot': async ({ run, probe }) => {
    const status = (await run()).trim();
    expect(['running', 'succeeded']).toContain(status);
    expect(await deliverQueued()).toBe(1);
    expect(await probe(`(Invoke-RestMethod "$base/snapshot-runs?runId=$($run.runId)" -Headers $headers).value[0].status`)).toBe('succeeded');
  },

  // docs/power-automate.md
  'connector-host-powershell': async ({ run, cwd }) => {
    const file = connectorCopy(cwd);
    await run();
    expectHostReplaced(file);
  },
  'connector-host-sed': async ({ run, cwd }) => {
    const file = connectorCopy(cwd);
    await run();
    expectHostReplaced(file);
  },
};

describe('the shell examples of README.md and docs/', () => {
  it('every powershell and bash block carries an example marker, with a unique id', () => {
    const unmarked = examples.filter((example) => example.id === undefined).map((example) => `${example.file}:${example.line}`);
    expect(unmarked).toEqual([]);
    const ids = examples.map((example) => example.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('every runnable example has a check here, and every check has its example', () => {
    expect(runnable.map((example) => example.id).sort()).toEqual(Object.keys(checks).sort());
  });

  it('uses the documented placeholders, nothing else, for the app, the key and the tenant', () => {
    for (const example of runnable) {
      // The deployed app needs the key, and examples take it from the environment.
      if (example.code.includes(placeholders.deployedOrigin)) expect(example.code).toContain(placeholders.keyVariable);
      if (/azurewebsites\.net|localhost:7071/.test(example.code) && !example.id?.startsWith('connector-')) {
        expect(example.code.includes(placeholders.deployedOrigin) || example.code.includes(placeholders.localOrigin)).toBe(true);
      }
    }
  });

  it('every syntax-only block parses (PowerShell parser, bash -n)', async () => {
    const syntaxOnly = examples.filter((example) => example.syntaxOnly !== undefined);
    expect(syntaxOnly.length).toBeGreaterThan(0);
    const session = new PowerShellSession(os.tmpdir(), {});
    try {
      const failures: string[] = [];
      for (const example of syntaxOnly) {
        const error = example.language === 'powershell' ? (await session.parse(example.code)).error : bashSyntaxErrors(example.code);
        if (error) failures.push(`${example.file}:${example.line} ${example.id}: ${error}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await session.close();
    }
  });

  const files = [...new Set(runnable.map((example) => example.file))];
  describe.each(files)('%s, run in order against the app', (file) => {
    let cwd: string;
    let session: PowerShellSession;
    const env = (): Record<string, string> => ({ [placeholders.keyVariable]: testFunctionKey });

    beforeAll(() => {
      cwd = mkdtempSync(path.join(os.tmpdir(), 'oc-numbers-docs-'));
      // Where npm start's built-in local host keeps its key, as the README's local calls read it.
      mkdirSync(path.join(cwd, '.local/local-host'), { recursive: true });
      writeFileSync(path.join(cwd, '.local/local-host/function-key'), testFunctionKey);
      session = new PowerShellSession(cwd, env());
    });
    afterAll(async () => {
      await session?.close();
      rmSync(cwd, { recursive: true, force: true });
    });

    it.each(runnable.filter((example) => example.file === file).map((example) => [example.id ?? '', example] as const))(
      '%s',
      async (_id, example) => {
        const code = substitute(example.code, { deployedOrigin: deployed.origin, localOrigin: deployed.origin, tenant });
        const context: Context = {
          example,
          cwd,
          run: async () => {
            if (example.language === 'powershell') {
              const reply: RunnerReply = await session.run(code);
              if (!reply.ok) throw new Error(`${example.file}:${example.line} ${example.id} failed: ${reply.error}\n${reply.output}`);
              return reply.output;
            }
            const { stdout } = await execFileAsync('bash', ['-e', '-o', 'pipefail', '-c', code], {
              cwd,
              env: { ...process.env, ...env() },
              maxBuffer: 64 * 1024 * 1024,
            });
            return stdout;
          },
          probe: (probeCode) => session.eval(probeCode),
        };
        const check = checks[example.id ?? ''];
        if (!check) throw new Error(`no check for ${example.id}`);
        await check(context);
      },
      120_000,
    );
  });
});
