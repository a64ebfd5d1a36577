import { csvCell, toCsv } from '../../shared/numbers/toCsv';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';

describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+2', `"'+1+2"`],
    ['-3', `"'-3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['plain', '"plain"'],
  ])('neutralises a cell starting %j', (value, expected) => {
    expect(csvCell('locationId', value)).toBe(expected);
  });

  it('leaves a valid E.164 telephone number as it is, but not a formula posing as one', () => {
    expect(csvCell('telephoneNumber', '+14255550100')).toBe('"+14255550100"');
    expect(csvCell('telephoneNumber', '+1425=cmd')).toBe(`"'+1425=cmd"`);
    expect(csvCell('locationId', '+14255550100')).toBe(`"'+14255550100"`);
  });

  it('writes a byte-order mark, a header row, quotes every field, joins arrays with ; and ends lines with CRLF', () => {
    const { records } = normaliseRecords(
      [{ telephoneNumber: '+14255550100', acquiredCapabilities: ['calling', 'sms'], sbcList: [{ fqdn: 'a.example', port: 5061 }] }],
      'report',
    );
    const csv = toCsv(records, ['telephoneNumber', 'acquiredCapabilities', 'sbcList', 'locationId']);
    expect(csv).toBe(
      '\uFEFF"telephoneNumber","acquiredCapabilities","sbcList","locationId"\r\n' +
        '"+14255550100","calling;sms","{""fqdn"":""a.example"",""port"":5061}",""\r\n',
    );
  });
});
