import type { LoadedNumbers } from '../../numbers/loadTenantNumbers';
import type { NumberRecord, SbcEntry } from '../../numbers/numberRecord';
import { coreRecordSchema, upstreamRecordSchema } from '../../numbers/upstreamRecordSchema';
import { componentRef, count, dateTime, enumOf, objectSchema, pageProperties, tenantIdSchema, textOrNull, type JsonSchema } from './jsonSchema';

const numberOrTextOrNull = (title: string, description: string): JsonSchema => ({ type: ['number', 'string', 'null'], title, description });
const capabilityList = (title: string, description: string): JsonSchema => ({ type: 'array', items: { type: 'string' }, title, description });
// Fields a maker rarely needs: shown under "advanced" in Power Automate.
const advanced = (schema: JsonSchema): JsonSchema => ({ ...schema, 'x-ms-visibility': 'advanced' });
const legacyField = (title: string): JsonSchema => advanced(textOrNull(title, 'A field of the legacy record shape, as text, or null.'));

export const sbcEntrySchema = objectSchema<SbcEntry>({
  title: 'SBC',
  description: 'A session border controller of the number, with whichever of its fields the Live Platform sent.',
  required: [],
  properties: {
    sbcName: textOrNull('SBC Name', 'The SBC name (legacy shape).'),
    sbcId: numberOrTextOrNull('SBC ID', 'The SBC id (legacy shape).'),
    fqdn: textOrNull('SBC FQDN', 'The SBC host name (newer shape).'),
    port: numberOrTextOrNull('SBC Port', 'The SBC port (newer shape).'),
  },
});

export const numberRecordSchema = objectSchema<NumberRecord>({
  title: 'Number',
  description: 'One Operator Connect number, with the Live Platform field names and normalised types. With `fields`, only the fields asked for.',
  // `fields` may leave any field out.
  required: [],
  properties: {
    telephoneNumber: {
      type: 'string',
      pattern: '^\\+[1-9][0-9]{6,14}$',
      title: 'Telephone Number',
      description: 'The number in E.164 form, with the leading +.',
    },
    msTenantId: textOrNull('Tenant ID', "The customer's Microsoft Entra tenant id (the Live Platform's tenantId, in lower case)."),
    id: advanced(numberOrTextOrNull('Record ID', 'The Live Platform record id, a number or text as sent.')),
    uploadTelephoneNumberEntryId: advanced(textOrNull('Upload Entry ID', 'The upload entry id, as text.')),
    source: textOrNull('Number Source', 'How the number reached the Live Platform: webapi, webui, ocsync or OperatorConnect.'),
    isoCountryCode: textOrNull('Country Code', 'ISO 3166 country code, such as US.'),
    assignmentStatus: textOrNull(
      'Assignment Status',
      'Unassigned, UserAssigned, ConferenceAssigned, VoiceApp, Active, VoiceApplicationAssigned, ThirdPartyAppAssigned, PolicyAssigned, or null.',
    ),
    acquiredNumberStatus: numberOrTextOrNull('Acquired Number Status', 'As the Live Platform sent it: text such as Active, a number, or null.'),
    acquiredCapabilities: capabilityList('Acquired Capabilities', 'Capabilities the number holds, such as InboundCalling or calling; never null.'),
    availableCapabilities: capabilityList('Available Capabilities', 'Capabilities the number could hold; never null.'),
    callingProfileId: textOrNull('Calling Profile ID', 'The calling profile id, as text.'),
    locationId: textOrNull('Location ID', 'The emergency location id, as text.'),
    civicAddressId: textOrNull('Civic Address ID', 'The civic address id, as text.'),
    acquiredOn: textOrNull('Acquired On', 'When the customer acquired the number, as the Live Platform sent it.'),
    whenCreated: textOrNull('Created On', 'When the Live Platform created the record, as sent.'),
    uploadToAccountJobId: advanced(numberOrTextOrNull('Upload Job ID', 'The upload-to-account job id, a number or text as sent.')),
    tnUploadJobId: advanced(textOrNull('Number Upload Job ID', 'The number upload job id, as text.')),
    sbcList: { type: 'array', items: componentRef('SbcEntry'), title: 'SBCs', description: 'The session border controllers of the number; never null.' },
    aslcht: legacyField('ASLCHT'),
    aslsct: legacyField('ASLSCT'),
    aslvCode: legacyField('ASLV Code'),
    asticks: legacyField('ASTICKS'),
    extra: advanced({
      type: 'object',
      additionalProperties: true,
      title: 'Other Fields',
      description: 'Fields the Live Platform sent that its documentation does not name, unchanged; present only when there are some.',
    }),
  },
});

type NumberWarning = LoadedNumbers['warnings'][number];

export const warningSchema = objectSchema<NumberWarning>({
  title: 'Warning',
  description:
    'Something about the answer a caller should know: dropped records, undocumented fields or types, fields dropped for their depth or size, or a snapshot served instead of live data.',
  required: ['code', 'detail'],
  properties: {
    code: {
      type: 'string',
      enum: enumOf<NumberWarning['code']>({ recordsDropped: true, unknownField: true, unexpectedType: true, fieldDropped: true, servedFromSnapshot: true }),
      title: 'Warning Code',
      description: 'recordsDropped, unknownField, unexpectedType, fieldDropped or servedFromSnapshot.',
    },
    detail: { type: 'string', title: 'Detail', description: 'The warning in words.' },
    field: {
      type: 'string',
      title: 'Field',
      description: 'The upstream field concerned, for unknownField, unexpectedType and fieldDropped (a long name is cut short).',
    },
    count: count('Count', 'How many records it concerns.'),
  },
});

/** The `getTenantNumbers` envelope; numberListResponse builds it. */
export interface NumberListBody {
  retrievedAt: string;
  msTenantId: string;
  channelId: number | null;
  source: LoadedNumbers['source'];
  total: number;
  count: number;
  value: unknown[];
  nextLink?: string;
  warnings: NumberWarning[];
}

export const numberListSchema = objectSchema<NumberListBody>({
  title: 'Number List',
  description: 'One page of the filtered numbers of a tenant. Follow nextLink for the next page; it is absent on the last page.',
  required: ['retrievedAt', 'msTenantId', 'channelId', 'source', 'total', 'count', 'value', 'warnings'],
  properties: {
    retrievedAt: dateTime('Retrieved At', 'When the Live Platform answered, or when the snapshot was taken.'),
    msTenantId: tenantIdSchema,
    channelId: { type: ['integer', 'null'], format: 'int32', title: 'Channel ID', description: 'The Live Platform channel asked, or null for none.' },
    source: {
      type: 'string',
      enum: enumOf<LoadedNumbers['source']>({ live: true, snapshot: true }),
      title: 'Data Source',
      description: 'live, or snapshot when read from the last successful snapshot.',
    },
    total: count('Total', 'How many numbers match the filters, on all pages.'),
    ...pageProperties('numbers', 'NumberRecord', 'Numbers', 'The numbers of this page.'),
    warnings: {
      type: 'array',
      items: componentRef('Warning'),
      title: 'Warnings',
      description: 'Schema drift and dropped records; empty when there is nothing to say.',
    },
  },
});

/** Live Platform ids may be as wide as a database key: int64 wherever the upstream may send an integer. */
function withInt64(schema: JsonSchema): JsonSchema {
  const types = Array.isArray(schema['type']) ? (schema['type'] as unknown[]) : [schema['type']];
  const out: Record<string, unknown> = { ...schema, ...(types.includes('integer') ? { format: 'int64' } : {}) };
  const items = schema['items'] as JsonSchema | undefined;
  if (items && typeof items === 'object') out['items'] = withInt64(items);
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (properties) out['properties'] = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, withInt64(property)]));
  return out;
}

/** The upstream schema has no titles: Power Automate shows these, made from the field names ("Upload To Account Job ID"). */
const fieldTitle = (name: string): string =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/\bId\b/g, 'ID')
    .replace(/^./, (first) => first.toUpperCase());

const { $id: _id, ...upstreamShape } = upstreamRecordSchema;

/** A record exactly as the Live Platform sends it (getOcNumbers), from the schema the app validates upstream answers with. */
export const upstreamNumberRecordSchema: JsonSchema = {
  ...upstreamShape,
  title: 'Live Platform Number',
  description: 'A number record as the Live Platform sent it, unchanged; fields the documentation does not name are kept.',
  required: [...coreRecordSchema.required],
  properties: Object.fromEntries(
    Object.entries({ ...upstreamShape.properties, telephoneNumber: coreRecordSchema.properties.telephoneNumber }).map(([name, schema]) => [
      name,
      { ...withInt64(schema), title: fieldTitle(name) },
    ]),
  ),
};

export const upstreamNumberListSchema: JsonSchema = {
  type: 'array',
  items: componentRef('UpstreamNumberRecord'),
  title: 'Live Platform Numbers',
  description: 'The JSON array the Live Platform answered, less the records that fail the core schema.',
};
