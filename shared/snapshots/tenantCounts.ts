import type { NumberDiff } from './diffNumbers';
import type { NumberChange } from './numberChange';
import type { TenantCounts } from './runRows';

/**
 * What a run found for a tenant. `recovered` are changes this same run recorded in an attempt that
 * stopped part-way (re-applied from its journal before this attempt's diff): they count as this
 * run's, and the numbers they touched are not also counted as unchanged (`listed`: the upstream's numbers).
 */
export function tenantCounts(
  diff: NumberDiff,
  releases: readonly string[],
  withheld: boolean,
  recovered: readonly NumberChange[],
  listed: ReadonlySet<string>,
): TenantCounts {
  const counts: TenantCounts = {
    added: diff.added.length,
    changed: diff.changed.length,
    released: releases.length,
    reactivated: diff.reactivated.length,
    unchanged: diff.unchanged,
    withheldReleases: withheld ? diff.released.length : 0,
  };
  const touchedNow = new Set([...diff.added, ...diff.changed, ...diff.reactivated].map((record) => record.telephoneNumber));
  for (const change of recovered) {
    counts[change.changeType]++;
    if (listed.has(change.telephoneNumber) && !touchedNow.has(change.telephoneNumber) && change.changeType !== 'released') counts.unchanged--;
  }
  return counts;
}
