import { numberPredicate } from '../../shared/numbers/filterNumbers';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';

const { records } = normaliseRecords(
  [
    {
      telephoneNumber: '+14255550100',
      assignmentStatus: 'Unassigned',
      acquiredCapabilities: ['InboundCalling', 'UserAssignment'],
      isoCountryCode: 'US',
      source: 'webapi',
      acquiredNumberStatus: 3,
    },
    {
      telephoneNumber: '+442071234567',
      assignmentStatus: 'UserAssigned',
      acquiredCapabilities: ['calling'],
      isoCountryCode: 'GB',
      source: 'OperatorConnect',
      acquiredNumberStatus: 'Active',
    },
    { telephoneNumber: '+14255550199', assignmentStatus: null, acquiredCapabilities: ['InboundCalling'], isoCountryCode: 'us', locationId: 'L1' },
  ],
  'report',
);
const numbersMatching = (filters: Parameters<typeof numberPredicate>[0]) => records.filter(numberPredicate(filters)).map((r) => r.telephoneNumber);

describe('number filters', () => {
  it('matches text filters case-insensitively', () => {
    expect(numbersMatching({ capabilities: [], isoCountryCode: 'US' })).toEqual(['+14255550100', '+14255550199']);
    expect(numbersMatching({ capabilities: [], assignmentStatus: 'unassigned' })).toEqual(['+14255550100']);
    expect(numbersMatching({ capabilities: [], numberSource: 'OPERATORCONNECT' })).toEqual(['+442071234567']);
  });

  it('matches acquiredNumberStatus whether upstream sent a number or a string', () => {
    expect(numbersMatching({ capabilities: [], acquiredNumberStatus: '3' })).toEqual(['+14255550100']);
    expect(numbersMatching({ capabilities: [], acquiredNumberStatus: 'active' })).toEqual(['+442071234567']);
  });

  it('requires every requested capability', () => {
    expect(numbersMatching({ capabilities: ['inboundcalling', 'USERASSIGNMENT'] })).toEqual(['+14255550100']);
    expect(numbersMatching({ capabilities: ['InboundCalling'] })).toEqual(['+14255550100', '+14255550199']);
  });

  it('matches number prefixes and parts with or without +', () => {
    expect(numbersMatching({ capabilities: [], numberStartsWith: '+44' })).toEqual(['+442071234567']);
    expect(numbersMatching({ capabilities: [], numberStartsWith: '1425' })).toEqual(['+14255550100', '+14255550199']);
    expect(numbersMatching({ capabilities: [], numberContains: '0199' })).toEqual(['+14255550199']);
  });

  it('combines filters', () => {
    expect(numbersMatching({ capabilities: ['inboundcalling'], isoCountryCode: 'us', locationId: 'l1' })).toEqual(['+14255550199']);
  });
});
