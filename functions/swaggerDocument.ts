import { app } from '@azure/functions';
import { builtApiDocument, swaggerFileName } from '../shared/api/builtApiDocument';
import { swaggerDocumentRoute as entry } from '../shared/api/routes/swaggerDocumentRoute';
import { withSwaggerHost } from '../shared/api/servedAddress';
import { hostAuthLevel } from '../shared/auth/callerAuth';
import { httpFunction } from '../shared/http/httpFunction';
import { queryParser } from '../shared/http/queryParser';
import { representation } from '../shared/http/representation';

const query = queryParser(entry);
const document = builtApiDocument(swaggerFileName);

export const swaggerDocument = httpFunction(entry, async (request) => {
  query.parse(request.query);
  const body = JSON.stringify(withSwaggerHost(await document.read(), new URL(request.url)));
  return representation(request, body, 'application/json; charset=utf-8', body);
});

app.http(entry.name, { methods: [entry.method], authLevel: hostAuthLevel(entry), route: entry.route, handler: swaggerDocument });
