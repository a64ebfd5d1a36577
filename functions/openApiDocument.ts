import { builtApiDocument, openApiFileName } from '../shared/api/builtApiDocument';
import { openApiDocumentRoute } from '../shared/api/routes/openApiDocumentRoute';
import { withOpenApiServer } from '../shared/api/servedAddress';
import { registerRoute } from '../shared/http/registerRoute';
import { representation } from '../shared/http/representation';

const document = builtApiDocument(openApiFileName);

registerRoute(openApiDocumentRoute, async (request) => {
  const body = JSON.stringify(withOpenApiServer(await document.read(), new URL(request.url)));
  return representation(request, body, 'application/json; charset=utf-8', body);
});
