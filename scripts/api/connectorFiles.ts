import path from 'node:path';
import type { JsonObject } from '../../shared/api/builtApiDocument';
import { appRoot } from '../../shared/runtime/appRoot';
import { routeCatalog } from '../../shared/api/routeCatalog';
import { functionKeyHeader } from './apiInfo';
import { brandColour, connectorIcon } from './connectorIcon';
import { buildSwaggerDocument, type SwaggerSecurity } from './swaggerDocument';
import { jsonText } from './writeFileAtomically';

/** Every customer deploys the app under their own name: the guide says to put it here before importing. */
const connectorHost = 'your-function-app.azurewebsites.net';

/** The connection holds one secret, the function key, which Power Platform sends as this header on every call. */
const apiKey = 'API Key';

// The connection carries a function key or an Entra ID token, so the anonymous routes (health, the API documents) are no actions.
const connectorRoutes = routeCatalog.filter((route) => route.authLevel === 'function');

/** The OAuth 2.0 variant signs the user in with Entra ID (identity provider `aad`); docs/deploy.md says what to put in place of these. */
const oauthPlaceholders = {
  connectorClientId: 'your-connector-client-id',
  apiResource: 'api://your-oc-numbers-api',
  tenantId: 'your-tenant-id',
};
const oauth = 'oauth2-auth';

export type ConnectorVariant = 'key' | 'oauth';

export function connectorDefinition(variant: ConnectorVariant = 'key'): JsonObject {
  const security: SwaggerSecurity =
    variant === 'key'
      ? { definitions: { [apiKey]: { type: 'apiKey', in: 'header', name: functionKeyHeader } }, requirement: [{ [apiKey]: [] }] }
      : {
          // Power Platform reads the flow and URLs from apiProperties (identityProvider aad); these are the values its own aad connectors carry.
          definitions: {
            [oauth]: {
              type: 'oauth2',
              flow: 'accessCode',
              authorizationUrl: 'https://login.windows.net/common/oauth2/authorize',
              tokenUrl: 'https://login.windows.net/common/oauth2/authorize',
              scopes: {},
            },
          },
          requirement: [{ [oauth]: [] }],
        };
  return buildSwaggerDocument(connectorRoutes, security, connectorHost);
}

function connectionParameters(variant: ConnectorVariant): JsonObject {
  if (variant === 'key') {
    return {
      api_key: {
        type: 'securestring',
        uiDefinition: {
          displayName: 'Function key',
          description: `A function key of your OC Numbers function app (Azure portal: the function app, App keys), sent as the ${functionKeyHeader} header.`,
          tooltip: 'Provide a function key of the OC Numbers function app',
          constraints: { tabIndex: 2, clearText: false, required: 'true' },
        },
      },
    };
  }
  return {
    token: {
      type: 'oauthSetting',
      oAuthSettings: {
        identityProvider: 'aad',
        clientId: oauthPlaceholders.connectorClientId,
        scopes: [],
        redirectMode: 'GlobalPerConnector',
        redirectUrl: 'https://global.consent.azure-apim.net/redirect',
        properties: { IsFirstParty: 'False', AzureActiveDirectoryResourceId: oauthPlaceholders.apiResource, IsOnbehalfofLoginSupported: false },
        customParameters: {
          loginUri: { value: 'https://login.microsoftonline.com' },
          tenantId: { value: oauthPlaceholders.tenantId },
          resourceUri: { value: oauthPlaceholders.apiResource },
          enableOnbehalfOfLogin: { value: 'false' },
        },
      },
    },
  };
}

function connectorProperties(variant: ConnectorVariant): JsonObject {
  return {
    properties: {
      connectionParameters: connectionParameters(variant),
      iconBrandColor: brandColour,
      capabilities: [],
      policyTemplateInstances: [
        {
          // x-ms-pageable follows nextLink; the policy points that link at the connector, which adds the key or token.
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

/**
 * The files of connector/, as `paconn` and `pac connector create` read them: the function-key
 * connector at the top, the Entra ID (OAuth 2.0) one in oauth/, both from the same route catalog.
 */
export function connectorFiles(): Record<string, string | Buffer> {
  const icon = connectorIcon();
  return {
    'apiDefinition.swagger.json': jsonText(connectorDefinition('key')),
    'apiProperties.json': jsonText(connectorProperties('key')),
    'icon.png': icon,
    'oauth/apiDefinition.swagger.json': jsonText(connectorDefinition('oauth')),
    'oauth/apiProperties.json': jsonText(connectorProperties('oauth')),
    'oauth/icon.png': icon,
  };
}
