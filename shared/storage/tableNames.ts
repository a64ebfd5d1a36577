/** The public tables (docs/api.md "Tables", docs/tables.md): Power BI and Excel read them by these names. */
export const snapshotTableNames = {
  numbers: 'ocNumbers',
  changes: 'ocNumberChanges',
  runs: 'ocSnapshotRuns',
  /** The operator-wide change feed in commit order (docs/tables.md). */
  feed: 'ocChangeFeed',
  /** Reverse index: PartitionKey = telephoneNumber, RowKey = msTenantId (findNumber). */
  index: 'ocNumberIndex',
} as const;

export type SnapshotTableRole = keyof typeof snapshotTableNames;
