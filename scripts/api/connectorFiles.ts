import path from 'node:path';
import type { JsonObject } from '../../shared/api/builtApiDocument';
import { appRoot } from '../../shared/runtime/appRoot';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { functionKeyHeader } from './apiInfo';
import { brandColour, connectorIcon } from './connectorIcon';
import { buildSwaggerDocument } from './swaggerDocument';
import { jsonText } from './writeFileAtomically';

/** Every customer deploys the app under their own name: the guide says to put it here before importing. */
const connectorHost = 'your-function-app.azurewebsites.net';

/** The connection holds one secret, the function key, which Power Platform sends as this header on every call. */
const apiKey = 'API Key';

// The connection carries a function key, so the anonymous routes (health, the API documents) are no actions.
const connectorRoutes = routeCatalog.filter((route) => route.authLevel === 'function');

export function connectorDefinition(): JsonObject {
  return buildSwaggerDocument(
    connectorRoutes,
    { definitions: { [apiKey]: { type: 'apiKey', in: 'header', name: functionKeyHeader } }, requirement: [{ [apiKey]: [] }] },
    connectorHost,
  );
}

function connectorProperties(): JsonObject {
  return {
    properties: {
      connectionParameters: {
        api_key: {
          type: 'securestring',
          uiDefinition: {
            displayName: 'Function key',
            description: `A function key of your OC Numbers function app (Azure portal: the function app, App keys), sent as the ${functionKeyHeader} header.`,
            tooltip: 'Provide a function key of the OC Numbers function app',
            constraints: { tabIndex: 2, clearText: false, required: 'true' },
          },
        },
      },
      iconBrandColor: brandColour,
      capabilities: [],
      policyTemplateInstances: [
        {
          // x-ms-pageable follows nextLink; the policy points that link at the connector, which adds the key.
          templateId: 'updatenextlink',
          title: 'Route nextLink through the connector so paging works',
          parameters: {
            'x-ms-apimTemplate-operationName': connectorRoutes.filter((route) => route.pageable).map((route) => route.operationId),
            'x-ms-apimTemplateParameter.nextLinkPropertyName': 'nextLink',
          },
        },
      ],
    },
  };
}

export const connectorFolder = path.join(appRoot, 'connector');

/** The files of connector/, as `paconn` and `pac connector create` read them. */
export function connectorFiles(): Record<string, string | Buffer> {
  return {
    'apiDefinition.swagger.json': jsonText(connectorDefinition()),
    'apiProperties.json': jsonText(connectorProperties()),
    'icon.png': connectorIcon(),
  };
}
