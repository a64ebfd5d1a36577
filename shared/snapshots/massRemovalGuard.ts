/**
 * Whether this run's releases look like an upstream accident rather than real churn: more than
 * SNAPSHOT_MAX_REMOVAL_RATIO of the active numbers at once, or an empty answer for a tenant that had
 * numbers. Such a run applies adds and changes but no releases and is marked `suspect`; `force`
 * (requestTenantSnapshot?force=true) is the operator saying the removals are real.
 */
export function withholdReleases(input: {
  releases: number;
  previouslyActive: number;
  upstreamCount: number;
  maxRemovalRatio: number;
  force: boolean;
}): boolean {
  if (input.force || input.releases === 0 || input.previouslyActive === 0) return false;
  if (input.upstreamCount === 0) return true;
  return input.releases / input.previouslyActive > input.maxRemovalRatio;
}
