// One worked example per operation, for the API documents: the request a caller sends (its parameters)
// and the answer it gets. Taken from real answers of the sandbox Live Platform's demo tenants; a test
// checks each parameter against its documented schema and each answer against its response schema
// (test/api/operationExamples.test.ts), and Spectral checks them again in the documents.

export interface OperationExample {
  /** Parameter values by name (path, query or header), typed as the documents type them. */
  parameters: Readonly<Record<string, unknown>>;
  /** The status of the answer; its body is documented under that status. */
  status: number;
  body: unknown;
}

const tenant = '22222222-2222-4222-8222-222222222222';
const origin = 'https://your-function-app.azurewebsites.net/api';
const runId = '8638203965986758-manual-272ea4';

const modernNumber = {
  telephoneNumber: '+12065550150',
  msTenantId: tenant,
  id: 22000001,
  uploadTelephoneNumberEntryId: null,
  source: 'OperatorConnect',
  isoCountryCode: 'US',
  assignmentStatus: 'Active',
  acquiredNumberStatus: null,
  acquiredCapabilities: ['calling'],
  availableCapabilities: ['calling', 'sms'],
  callingProfileId: null,
  locationId: 'loc-22-0',
  civicAddressId: 'addr-22-0',
  acquiredOn: '2024-01-15T10:30:00.000Z',
  whenCreated: null,
  uploadToAccountJobId: null,
  tnUploadJobId: null,
  sbcList: [{ fqdn: 'sbc1.sandbox.example.com', port: 5061 }],
  aslcht: null,
  aslsct: null,
  aslvCode: null,
  asticks: null,
};

const legacyNumber = {
  telephoneNumber: '+12065550100',
  msTenantId: '11111111-1111-4111-8111-111111111111',
  id: 11500000,
  uploadTelephoneNumberEntryId: '11000001',
  source: 'webapi',
  isoCountryCode: 'US',
  assignmentStatus: 'UserAssigned',
  acquiredNumberStatus: 1,
  acquiredCapabilities: ['InboundCalling', 'OutboundCalling', 'UserAssignment'],
  availableCapabilities: ['InboundCalling', 'OutboundCalling', 'UserAssignment', 'ConferenceAssignment', 'VoiceAppAssignment', 'Mobile'],
  callingProfileId: '0000ca11-0000-400b-8a11-00000000000b',
  locationId: '0000010c-0000-40b0-810c-0000000000b0',
  civicAddressId: '00000add-0000-40b0-8add-0000000000b0',
  acquiredOn: '2024-01-15T12:30:00.000Z',
  whenCreated: '2024-01-15T10:30:00.000Z',
  uploadToAccountJobId: 7000,
  tnUploadJobId: '0000070b-0000-4af8-870b-000000002af8',
  sbcList: [{ sbcName: 'sbc-us-1', sbcId: 100 }],
  aslcht: '2024-01-17T10:30:00.000Z',
  aslsct: '2024-01-16T10:30:00.000Z',
  aslvCode: '200',
  asticks: '638410842000000000',
};

const outcome = { added: 12, changed: 0, released: 0, reactivated: 0, unchanged: 0, withheldReleases: 0 };

/** One change of a tenant's history (listNumberChanges), and as the operator-wide feed shows it (listChanges, pollChanges, change events). */
const tenantChange = {
  telephoneNumber: '+12065550150',
  changeType: 'added',
  changedFields: [
    'telephoneNumber',
    'msTenantId',
    'id',
    'source',
    'isoCountryCode',
    'assignmentStatus',
    'acquiredCapabilities',
    'availableCapabilities',
    'locationId',
    'civicAddressId',
    'acquiredOn',
    'sbcList',
  ],
  before: null,
  after: modernNumber,
  runId,
  detectedAt: '2026-11-30T10:20:15.087Z',
};
const feedChange = { changeId: `${tenant}-8638203965984913-${runId}-+12065550150`, msTenantId: tenant, ...tenantChange };

/** By operation id; every route has one (a test says which is missing). */
export const operationExamples: Readonly<Record<string, OperationExample>> = {
  ListCustomerNumbers: {
    parameters: { msTenantId: tenant, assignmentStatus: 'Active', isoCountryCode: 'US', top: 1 },
    status: 200,
    body: {
      retrievedAt: '2026-11-30T10:20:15.572Z',
      msTenantId: tenant,
      channelId: null,
      source: 'live',
      total: 8,
      count: 1,
      value: [modernNumber],
      nextLink: `${origin}/tenants/${tenant}/numbers?assignmentStatus=Active&isoCountryCode=US&top=1&skip=1`,
      warnings: [],
    },
  },
  GetCustomerNumber: {
    parameters: { msTenantId: '11111111-1111-4111-8111-111111111111', telephoneNumber: '+12065550100', 'X-Ovoc-Channel-Id': 7 },
    status: 200,
    body: legacyNumber,
  },
  ListLivePlatformNumbers: {
    parameters: { msTenantId: tenant },
    status: 200,
    body: [
      {
        id: 22000001,
        telephoneNumber: '+12065550150',
        tenantId: tenant,
        assignmentStatus: 'Active',
        acquiredCapabilities: ['calling'],
        availableCapabilities: ['calling', 'sms'],
        isoCountryCode: 'US',
        locationId: 'loc-22-0',
        civicAddressId: 'addr-22-0',
        acquiredOn: '2024-01-15T10:30:00.000Z',
        source: 'OperatorConnect',
        sbcList: [{ fqdn: 'sbc1.sandbox.example.com', port: 5061 }],
      },
    ],
  },
  ListNumberChanges: {
    parameters: { msTenantId: tenant, since: '2026-11-23T00:00:00Z', changeType: 'added', top: 1 },
    status: 200,
    body: {
      msTenantId: tenant,
      count: 1,
      value: [tenantChange],
      nextLink: `${origin}/tenants/${tenant}/changes?since=2026-11-23T00%3A00%3A00Z&changeType=added&top=1&continuation=eyJzY29wZSI6ImNoYW5nZXMifQ`,
    },
  },
  RequestSnapshot: {
    parameters: { msTenantId: tenant },
    status: 202,
    body: { runId, msTenantId: tenant, channelId: null, force: false, status: 'queued' },
  },
  ListSnapshotRuns: {
    parameters: { runId },
    status: 200,
    body: {
      count: 1,
      value: [
        {
          runId,
          trigger: 'manual',
          status: 'succeeded',
          startedAt: '2026-11-30T10:20:13.242Z',
          scheduledFor: null,
          force: false,
          tenantCount: 1,
          reportedCount: 1,
          totals: outcome,
          error: null,
          tenants: [
            {
              msTenantId: tenant,
              channelId: null,
              status: 'succeeded',
              ...outcome,
              attempts: 1,
              startedAt: '2026-11-30T10:20:13.724Z',
              finishedAt: '2026-11-30T10:20:15.503Z',
              durationMs: 1779,
              droppedRecords: 0,
              duplicateNumbers: 0,
              error: null,
              eventsError: null,
            },
          ],
        },
      ],
    },
  },
  ListChanges: {
    parameters: { cursor: 'eyJ2IjoxLCJzIjo0MX0', changeType: 'added', top: 1 },
    status: 200,
    body: {
      value: [feedChange],
      cursor: 'eyJ2IjoxLCJzIjo0MiwiYSI6IisxMjA2NTU1MDE1MCJ9',
      nextLink: `${origin}/changes?changeType=added&top=1&cursor=eyJ2IjoxLCJzIjo0MiwiYSI6IisxMjA2NTU1MDE1MCJ9`,
    },
  },
  WhenNumbersChange: {
    parameters: { triggerState: 'eyJ2IjoxLCJzIjo0MX0', msTenantId: [tenant], changeType: 'added' },
    status: 200,
    body: { value: [feedChange] },
  },
  FindNumber: {
    parameters: { telephoneNumber: '+12065550150' },
    status: 200,
    body: {
      telephoneNumber: '+12065550150',
      current: { ...modernNumber, state: 'active', firstSeenAt: '2026-11-30T10:20:15.118Z', lastChangedAt: '2026-11-30T10:20:15.118Z', unassignedSince: null },
      holders: [
        { msTenantId: tenant, state: 'active', firstSeenAt: '2026-11-30T10:20:15.118Z', lastChangedAt: '2026-11-30T10:20:15.118Z', releasedAt: null },
        {
          msTenantId: '11111111-1111-4111-8111-111111111111',
          state: 'released',
          firstSeenAt: '2026-09-01T06:00:02.410Z',
          lastChangedAt: '2026-11-02T06:00:03.007Z',
          releasedAt: '2026-11-02T06:00:03.007Z',
        },
      ],
    },
  },
  ListAllNumbers: {
    parameters: { report: 'assignedWithoutEmergencyAddress', top: 1 },
    status: 200,
    body: {
      source: 'snapshot',
      count: 1,
      value: [
        {
          ...modernNumber,
          civicAddressId: null,
          state: 'active',
          firstSeenAt: '2026-11-30T10:20:15.118Z',
          lastChangedAt: '2026-11-30T10:20:15.118Z',
          releasedAt: null,
          unassignedSince: null,
        },
      ],
      nextLink: `${origin}/numbers?report=assignedWithoutEmergencyAddress&top=1&continuation=eyJ0IjoiMjIyMjIyMjItMjIyMi00MjIyLTgyMjItMjIyMjIyMjIyMjIyIiwibiI6IisxMjA2NTU1MDE1MCJ9`,
      warnings: [],
    },
  },
  ListCustomers: {
    parameters: { unassignedShareAbove: '0.25' },
    status: 200,
    body: {
      count: 1,
      value: [
        {
          msTenantId: tenant,
          channelId: null,
          active: 12,
          released: 1,
          unassigned: 4,
          unassignedShare: 0.3333333333333333,
          byAssignmentStatus: { Active: 8, Unassigned: 4 },
          byAcquiredNumberStatus: { '(none)': 12 },
          byIsoCountryCode: { US: 12 },
          lastSucceededAt: '2026-11-30T10:20:15.118Z',
          lastRunId: runId,
          lastOutcome: 'succeeded',
        },
      ],
    },
  },
  CheckHealth: { parameters: {}, status: 200, body: { status: 'ok', version: '0.1.0' } },
  CheckDependencies: {
    parameters: { 'X-Correlation-Id': 'deploy-check-1' },
    status: 200,
    body: {
      status: 'ok',
      version: '0.1.0',
      checks: [
        { name: 'configuration', status: 'ok', durationMs: 2 },
        { name: 'liveToken', status: 'ok', durationMs: 2 },
        { name: 'storage', status: 'ok', durationMs: 33 },
      ],
    },
  },
  GetOpenApiDocument: { parameters: {}, status: 200, body: { openapi: '3.1.0', info: { title: 'OC Numbers', version: '0.1.0' }, paths: {} } },
  GetSwaggerDocument: { parameters: {}, status: 200, body: { swagger: '2.0', info: { title: 'OC Numbers', version: '0.1.0' }, paths: {} } },
};
