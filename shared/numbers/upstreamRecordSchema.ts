// Schemas only: `npm run validators` compiles them into shared/generated/precompiledValidators.ts. No ajv here
// (the app would load its compiler) and no validators (the generator must not need the file it writes).

const text = { type: ['string', 'null'] } as const;
const integerOrText = { type: ['integer', 'string', 'null'] } as const;
const capabilities = { type: ['array', 'null'], items: { type: 'string' } } as const;

/**
 * Every documented field of a V2 number record, in both documented shapes and their variants
 * (docs/api.md "What the Live Platform sends"). Unknown fields are allowed: they are drift, never a failure.
 */
export const upstreamRecordSchema = {
  $id: 'urn:oc-numbers:schema:upstream-number-record',
  type: 'object',
  properties: {
    id: integerOrText,
    telephoneNumber: { type: 'string' },
    tenantId: text,
    uploadTelephoneNumberEntryId: integerOrText,
    source: text,
    sbcList: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: { sbcName: text, sbcId: integerOrText, fqdn: text, port: integerOrText },
      },
    },
    uploadToAccountJobId: integerOrText,
    whenCreated: text,
    acquiredNumberStatus: integerOrText,
    callingProfileId: integerOrText,
    acquiredCapabilities: capabilities,
    availableCapabilities: capabilities,
    acquiredOn: text,
    isoCountryCode: text,
    tnUploadJobId: integerOrText,
    locationId: integerOrText,
    civicAddressId: integerOrText,
    assignmentStatus: { type: ['string', 'null', 'array'], items: { type: 'string' } },
    aslcht: text,
    aslsct: text,
    aslvCode: integerOrText,
    alsvcode: integerOrText,
    asticks: integerOrText,
    // V3-only fields that V2 answers may carry too.
    tenantCallingProfileId: integerOrText,
    ocSipConnectionName: text,
    ocSipConnectionDescription: text,
    umpCustomerGuid: text,
    ovocChannelId: integerOrText,
    consentedOn: text,
    umpCustomerFullName: text,
    msCompanyName: text,
    // Seen as a comma-separated string; an array's items are not documented, so any item is kept.
    sbcListArray: { type: ['string', 'array', 'null'], items: {} },
  },
} as const;

/** E.164: a country code digit 1-9 and at most 15 digits, with or without the leading '+'. */
export const e164Pattern = '^\\+?[1-9][0-9]{6,14}$';

/** The least a record needs to be served at all: a usable telephone number. */
export const coreRecordSchema = {
  $id: 'urn:oc-numbers:schema:core-number-record',
  type: 'object',
  required: ['telephoneNumber'],
  properties: {
    telephoneNumber: { type: 'string', pattern: e164Pattern },
    tenantId: { type: ['string', 'null'] },
  },
} as const;

export const knownUpstreamFields: ReadonlySet<string> = new Set(Object.keys(upstreamRecordSchema.properties));
