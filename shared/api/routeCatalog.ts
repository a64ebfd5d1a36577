import type { ApiRoute } from './apiRoute';
import { findNumberRoute } from './routes/findNumberRoute';
import { getOcNumbersRoute } from './routes/getOcNumbersRoute';
import { getTenantNumberChangesRoute } from './routes/getTenantNumberChangesRoute';
import { getTenantNumberRoute } from './routes/getTenantNumberRoute';
import { getTenantNumbersRoute } from './routes/getTenantNumbersRoute';
import { healthDeepRoute } from './routes/healthDeepRoute';
import { healthRoute } from './routes/healthRoute';
import { listChangesRoute } from './routes/listChangesRoute';
import { listOperatorNumbersRoute } from './routes/listOperatorNumbersRoute';
import { listSnapshotRunsRoute } from './routes/listSnapshotRunsRoute';
import { listTenantsRoute } from './routes/listTenantsRoute';
import { openApiDocumentRoute } from './routes/openApiDocumentRoute';
import { pollChangesRoute } from './routes/pollChangesRoute';
import { requestTenantSnapshotRoute } from './routes/requestTenantSnapshotRoute';
import { swaggerDocumentRoute } from './routes/swaggerDocumentRoute';

/** Every HTTP function, in the order the documents list them. */
export const routeCatalog: readonly ApiRoute[] = [
  getTenantNumbersRoute,
  getTenantNumberRoute,
  getOcNumbersRoute,
  findNumberRoute,
  listOperatorNumbersRoute,
  listTenantsRoute,
  getTenantNumberChangesRoute,
  requestTenantSnapshotRoute,
  listSnapshotRunsRoute,
  listChangesRoute,
  pollChangesRoute,
  healthRoute,
  healthDeepRoute,
  openApiDocumentRoute,
  swaggerDocumentRoute,
];
