import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { UpstreamSchemaError } from '../../shared/errors/upstreamErrors';

const legacy = {
  uploadTelephoneNumberEntryId: 981,
  source: 'webapi',
  sbcList: [{ sbcName: 'sbc-east', sbcId: 4 }],
  id: 17,
  uploadToAccountJobId: 55,
  whenCreated: '2024-01-10T08:00:00Z',
  acquiredNumberStatus: 3,
  telephoneNumber: '14255550100',
  callingProfileId: 'cp-1',
  acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
  availableCapabilities: null,
  acquiredOn: '2024-01-11T08:00:00Z',
  isoCountryCode: 'US',
  tnUploadJobId: 77,
  locationId: null,
  civicAddressId: 'addr-1',
  assignmentStatus: null,
  tenantId: '11111111-1111-4111-8111-11111111111A',
  aslcht: null,
  aslsct: null,
  alsvcode: 200,
  asticks: null,
};

const modern = {
  id: 12345,
  telephoneNumber: '+12345678901',
  tenantId: '12345678-1234-1234-1234-123456789012',
  assignmentStatus: 'Active',
  acquiredCapabilities: ['calling'],
  availableCapabilities: ['calling', 'sms'],
  isoCountryCode: 'US',
  locationId: 'loc-123',
  civicAddressId: 'addr-456',
  acquiredOn: '2024-01-15T10:30:00Z',
  source: 'OperatorConnect',
  sbcList: [{ fqdn: 'sbc1.example.com', port: 5061 }],
};

describe('normaliseRecords', () => {
  it('normalises the legacy shape: E.164, lower-case tenant, string ids, aslvCode from alsvcode, arrays never null', () => {
    const [record] = normaliseRecords([legacy], 'report').records;
    expect(record).toEqual({
      telephoneNumber: '+14255550100',
      msTenantId: '11111111-1111-4111-8111-11111111111a',
      id: 17,
      uploadTelephoneNumberEntryId: '981',
      source: 'webapi',
      isoCountryCode: 'US',
      assignmentStatus: null,
      acquiredNumberStatus: 3,
      acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
      availableCapabilities: [],
      callingProfileId: 'cp-1',
      locationId: null,
      civicAddressId: 'addr-1',
      acquiredOn: '2024-01-11T08:00:00Z',
      whenCreated: '2024-01-10T08:00:00Z',
      uploadToAccountJobId: 55,
      tnUploadJobId: '77',
      sbcList: [{ sbcName: 'sbc-east', sbcId: 4 }],
      aslcht: null,
      aslsct: null,
      aslvCode: '200',
      asticks: null,
    });
  });

  it('normalises the newer shape, filling absent legacy fields with null', () => {
    const [record] = normaliseRecords([modern], 'report').records;
    expect(record).toMatchObject({
      telephoneNumber: '+12345678901',
      assignmentStatus: 'Active',
      sbcList: [{ fqdn: 'sbc1.example.com', port: 5061 }],
      uploadTelephoneNumberEntryId: null,
      whenCreated: null,
      aslvCode: null,
    });
    expect(record).not.toHaveProperty('extra');
  });

  it('keeps acquiredNumberStatus as received: number, string or null', () => {
    const statuses = normaliseRecords([{ ...modern, acquiredNumberStatus: 'Active' }, { ...modern, acquiredNumberStatus: 2 }, modern], 'report').records.map(
      (r) => r.acquiredNumberStatus,
    );
    expect(statuses).toEqual(['Active', 2, null]);
  });

  it('keeps unknown and V3-only fields under extra and reports them as drift', () => {
    const result = normaliseRecords([{ ...modern, ocSipConnectionName: 'conn', brandNewField: { a: 1 } }], 'report');
    expect(result.records[0]?.extra).toEqual({ ocSipConnectionName: 'conn', brandNewField: { a: 1 } });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'unknownField', field: 'brandNewField', count: 1 })]);
  });

  it('drops records without a usable telephone number and counts them', () => {
    const { telephoneNumber: _dropped, ...withoutNumber } = modern;
    const result = normaliseRecords([modern, withoutNumber, { ...modern, telephoneNumber: 'not-a-number' }, 'text', null], 'report');
    expect(result.records).toHaveLength(1);
    expect(result.upstreamRecords).toEqual([modern]);
    expect(result.droppedCount).toBe(4);
    expect(result.warnings[0]).toMatchObject({ code: 'recordsDropped', count: 4 });
  });

  it('reports a documented field with an undocumented type without dropping the record', () => {
    const result = normaliseRecords([{ ...modern, isoCountryCode: 840 }], 'report');
    expect(result.records).toHaveLength(1);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'unexpectedType', field: 'isoCountryCode' })]);
  });

  it('fails the whole answer in enforce mode when a record fails the schema', () => {
    expect(() => normaliseRecords([modern, { id: 1 }], 'enforce')).toThrow(UpstreamSchemaError);
    expect(normaliseRecords([modern], 'enforce').records).toHaveLength(1);
  });
});
