export interface SbcEntry {
  sbcName?: string | null;
  sbcId?: number | string | null;
  fqdn?: string | null;
  port?: number | string | null;
}

/** One Operator Connect number: the upstream field names with normalised types (docs/api.md "NumberRecord"). */
export interface NumberRecord {
  telephoneNumber: string;
  msTenantId: string | null;
  id: number | string | null;
  uploadTelephoneNumberEntryId: string | null;
  source: string | null;
  isoCountryCode: string | null;
  assignmentStatus: string | null;
  acquiredNumberStatus: string | number | null;
  acquiredCapabilities: string[];
  availableCapabilities: string[];
  callingProfileId: string | null;
  locationId: string | null;
  civicAddressId: string | null;
  acquiredOn: string | null;
  whenCreated: string | null;
  uploadToAccountJobId: number | string | null;
  tnUploadJobId: string | null;
  sbcList: SbcEntry[];
  aslcht: string | null;
  aslsct: string | null;
  aslvCode: string | null;
  asticks: string | null;
  extra?: Record<string, unknown>;
}

/** Field order of responses and CSV columns. `extra` comes last and only when present. */
export const numberRecordFields = [
  'telephoneNumber',
  'msTenantId',
  'id',
  'uploadTelephoneNumberEntryId',
  'source',
  'isoCountryCode',
  'assignmentStatus',
  'acquiredNumberStatus',
  'acquiredCapabilities',
  'availableCapabilities',
  'callingProfileId',
  'locationId',
  'civicAddressId',
  'acquiredOn',
  'whenCreated',
  'uploadToAccountJobId',
  'tnUploadJobId',
  'sbcList',
  'aslcht',
  'aslsct',
  'aslvCode',
  'asticks',
  'extra',
] as const satisfies readonly (keyof NumberRecord)[];

export type NumberRecordField = (typeof numberRecordFields)[number];
