import { app } from '@azure/functions';
import { builtApiDocument, openApiFileName } from '../shared/api/builtApiDocument';
import { openApiDocumentRoute as entry } from '../shared/api/routes/openApiDocumentRoute';
import { withOpenApiServer } from '../shared/api/servedAddress';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { representation } from '../shared/http/representation';

const query = queryParser(entry);
const document = builtApiDocument(openApiFileName);

export const openApiDocument = httpFunction(entry, async (request) => {
  query.parse(request.query);
  const body = JSON.stringify(withOpenApiServer(await document.read(), new URL(request.url)));
  return representation(request, body, 'application/json; charset=utf-8', body);
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: openApiDocument });
