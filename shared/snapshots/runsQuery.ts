import type { QuerySpec } from '../http/queryParameters';
import { continuationParameter, topParameter } from './listingPaging';
import { runIdPattern } from './runIds';

export const defaultRunsTop = 20;
const maxRunsTop = 100;

/** `listSnapshotRuns`: one run by id, or a page of runs. */
export const runsQuerySpec: QuerySpec = {
  top: topParameter(maxRunsTop),
  runId: { schema: { type: 'string', maxLength: 64, pattern: runIdPattern }, mustBe: 'a runId as returned by requestTenantSnapshot' },
  continuation: continuationParameter,
};
