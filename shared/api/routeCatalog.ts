import type { ApiRoute } from './apiRoute';
import { getOcNumbersRoute } from './routes/getOcNumbersRoute';
import { getTenantNumberChangesRoute } from './routes/getTenantNumberChangesRoute';
import { getTenantNumberRoute } from './routes/getTenantNumberRoute';
import { getTenantNumbersRoute } from './routes/getTenantNumbersRoute';
import { healthDeepRoute } from './routes/healthDeepRoute';
import { healthRoute } from './routes/healthRoute';
import { listChangesRoute } from './routes/listChangesRoute';
import { listSnapshotRunsRoute } from './routes/listSnapshotRunsRoute';
import { pollChangesRoute } from './routes/pollChangesRoute';
import { openApiDocumentRoute } from './routes/openApiDocumentRoute';
import { requestTenantSnapshotRoute } from './routes/requestTenantSnapshotRoute';
import { swaggerDocumentRoute } from './routes/swaggerDocumentRoute';

/** Every HTTP function, in the order the documents list them. */
export const routeCatalog: readonly ApiRoute[] = [
  getTenantNumbersRoute,
  getTenantNumberRoute,
  getOcNumbersRoute,
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
