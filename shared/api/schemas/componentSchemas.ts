import type { ComponentName } from './componentName';
import { openApiDocumentSchema, swaggerDocumentSchema } from './apiDocumentSchemas';
import { changeFeedPageSchema, changeTriggerBatchSchema, feedChangeSchema } from './feedSchemas';
import { healthCheckSchema, healthReportSchema, healthSchema } from './healthSchemas';
import type { JsonSchema } from './jsonSchema';
import { numberListSchema, numberRecordSchema, sbcEntrySchema, upstreamNumberListSchema, upstreamNumberRecordSchema, warningSchema } from './numberSchemas';
import { inputProblemSchema, problemSchema } from './problemSchemas';
import { foundNumberSchema, numberHolderSchema, operatorNumberListSchema, operatorNumberSchema, tenantListSchema, tenantViewSchema } from './viewSchemas';
import {
  changesPageSchema,
  numberChangeSchema,
  runsPageSchema,
  snapshotRequestedSchema,
  snapshotRunSchema,
  tenantCountsSchema,
  tenantOutcomeSchema,
} from './snapshotSchemas';

/** Every body the API answers, by the name the documents give it. */
export const componentSchemas: Readonly<Record<ComponentName, JsonSchema>> = {
  NumberList: numberListSchema,
  NumberRecord: numberRecordSchema,
  SbcEntry: sbcEntrySchema,
  Warning: warningSchema,
  UpstreamNumberList: upstreamNumberListSchema,
  UpstreamNumberRecord: upstreamNumberRecordSchema,
  ChangeList: changesPageSchema,
  NumberChange: numberChangeSchema,
  FeedChange: feedChangeSchema,
  ChangeFeedPage: changeFeedPageSchema,
  ChangeTriggerBatch: changeTriggerBatchSchema,
  RunList: runsPageSchema,
  SnapshotRun: snapshotRunSchema,
  TenantOutcome: tenantOutcomeSchema,
  TenantCounts: tenantCountsSchema,
  SnapshotRequested: snapshotRequestedSchema,
  Health: healthSchema,
  HealthReport: healthReportSchema,
  HealthCheck: healthCheckSchema,
  OpenApiDocument: openApiDocumentSchema,
  SwaggerDocument: swaggerDocumentSchema,
  FoundNumber: foundNumberSchema,
  NumberHolder: numberHolderSchema,
  OperatorNumberList: operatorNumberListSchema,
  OperatorNumber: operatorNumberSchema,
  TenantList: tenantListSchema,
  TenantView: tenantViewSchema,
  Problem: problemSchema,
  InputProblem: inputProblemSchema,
};
