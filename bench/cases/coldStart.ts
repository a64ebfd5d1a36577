import { LEGACY_TENANT_ID } from '../../sandbox/tenants';
import { childScript, runJsonChild } from '../support/childProcess';
import { formatMs, formatRatio, type ResultRow } from '../support/resultRow';
import { median } from '../support/timing';

const runs = 15;
const target = 2;

interface Started {
  /** performance.now() once registration is done: milliseconds since the process started. */
  ms: number;
  functions: number;
}

/**
 * Fresh `node` processes, from process start to the last function registered: the whole app
 * against `@azure/functions` registering one HTTP function. The two alternate, one run each at a time.
 */
export async function coldStart(appEnv: Record<string, string>, variant = ''): Promise<ResultRow> {
  const env = { ...process.env, ...appEnv };
  const app: number[] = [];
  const baseline: number[] = [];
  let functions = 0;
  for (let run = -1; run < runs; run++) {
    const base = await runJsonChild<Started>(childScript('coldStartBaseline'), { env });
    const started = await runJsonChild<Started>(childScript('coldStartApp'), { env });
    if (base.functions !== 1 || started.functions < 2) throw new Error(`cold start registered ${started.functions} functions`);
    functions = started.functions;
    // Run -1 is the warm-up: it fills the OS file cache.
    if (run < 0) continue;
    baseline.push(base.ms);
    app.push(started.ms);
  }
  const ratio = median(app) / median(baseline);
  return {
    case: `cold start${variant}: fresh process registering all ${functions} functions (${runs} runs)`,
    measured: formatMs(median(app)),
    baseline: `${formatMs(median(baseline))} one function, @azure/functions alone`,
    ratio: formatRatio(ratio),
    target: `≤ ${target}×`,
    holds: ratio <= target,
  };
}

/**
 * Fresh processes to the first answer: the whole app answering one live tenant lookup (a managed
 * identity token and one upstream call, both on loopback) against a one-function app answering one
 * request. What the first caller after a scale-out waits for, beyond the host's own start.
 */
export async function coldStartToFirstAnswer(appEnv: Record<string, string>): Promise<ResultRow> {
  const env = { ...process.env, ...appEnv };
  const app: number[] = [];
  const baseline: number[] = [];
  for (let run = -1; run < runs; run++) {
    const base = await runJsonChild<Started>(childScript('firstAnswerBaseline'), { env });
    const answered = await runJsonChild<Started>(childScript('firstAnswerApp'), { env, args: [LEGACY_TENANT_ID] });
    if (run < 0) continue;
    baseline.push(base.ms);
    app.push(answered.ms);
  }
  const ratio = median(app) / median(baseline);
  return {
    case: `cold start to the first answer: fresh process, all functions, one live lookup (${runs} runs)`,
    measured: formatMs(median(app)),
    baseline: `${formatMs(median(baseline))} one function answering one request, @azure/functions alone`,
    ratio: formatRatio(ratio),
    target: `≤ ${target}×`,
    holds: ratio <= target,
    whyNot:
      'the first lookup loads the identity and axios bundles (dist/sdk) and Node\'s HTTP and TLS modules, most of the difference; see "Targets that do not hold, or only just" below',
  };
}
