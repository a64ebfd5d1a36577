import { builtApiDocument, swaggerFileName } from '../shared/api/builtApiDocument';
import { swaggerDocumentRoute } from '../shared/api/routes/swaggerDocumentRoute';
import { withSwaggerHost } from '../shared/api/servedAddress';
import { registerRoute } from '../shared/http/registerRoute';
import { representation } from '../shared/http/representation';

const document = builtApiDocument(swaggerFileName);

registerRoute(swaggerDocumentRoute, async (request) => {
  const body = JSON.stringify(withSwaggerHost(await document.read(), new URL(request.url)));
  return representation(request, body, 'application/json; charset=utf-8', body);
});
