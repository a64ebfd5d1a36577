/** A tenant's upstream records: numbered, with the fields a snapshot diffs on. */
export type UpstreamRecord = Record<string, unknown>;

export const scenarioNumber = (i: number): string => `+1206555${String(i).padStart(4, '0')}`;

export const scenarioRecord = (msTenantId: string, i: number, assignmentStatus = 'UserAssigned'): UpstreamRecord => ({
  telephoneNumber: scenarioNumber(i),
  tenantId: msTenantId,
  id: 7_000_000_000 + i,
  source: 'webapi',
  assignmentStatus,
  acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
  availableCapabilities: ['InboundCalling', 'OutboundCalling'],
  sbcList: [{ sbcName: 'sbc-us-1', sbcId: 101 }],
  isoCountryCode: 'US',
  asticks: String(i),
});

/**
 * 150 numbers, then 40 changed, 30 released and 60 added: several transactions per table on the
 * second snapshot, so a crash can land between any two writes. Used by the crash-convergence test
 * and the chaos storage suite.
 */
export function changeScenario(msTenantId: string): { before: UpstreamRecord[]; after: UpstreamRecord[]; expectedChanges: string[] } {
  const before = Array.from({ length: 150 }, (_, i) => scenarioRecord(msTenantId, i));
  const after = [
    ...Array.from({ length: 40 }, (_, i) => scenarioRecord(msTenantId, i, 'Unassigned')),
    ...Array.from({ length: 80 }, (_, i) => scenarioRecord(msTenantId, 40 + i)),
    ...Array.from({ length: 60 }, (_, i) => scenarioRecord(msTenantId, 1000 + i)),
  ];
  const expectedChanges = [
    ...Array.from({ length: 40 }, (_, i) => `changed ${scenarioNumber(i)}`),
    ...Array.from({ length: 30 }, (_, i) => `released ${scenarioNumber(120 + i)}`),
    ...Array.from({ length: 60 }, (_, i) => `added ${scenarioNumber(1000 + i)}`),
  ].sort();
  return { before, after, expectedChanges };
}
