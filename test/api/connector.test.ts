import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { connectorFiles, connectorFolder } from '../../scripts/api/connectorFiles';
import { decodePng } from './support/decodePng';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const generated = connectorFiles();
const committed = (name: string) => readFile(path.join(connectorFolder, name));
const definition = JSON.parse(String(generated['apiDefinition.swagger.json'])) as Json;
const properties = JSON.parse(String(generated['apiProperties.json'])) as Json;
const operations = Object.values(definition['paths'] as Json).flatMap((path) => Object.values(path as Json)) as Json[];

describe('the Power Platform custom connector', () => {
  it.each(['apiDefinition.swagger.json', 'apiProperties.json', 'oauth/apiDefinition.swagger.json', 'oauth/apiProperties.json', 'oauth/icon.png'])(
    'commits %s exactly as npm run connector generates it',
    async (name) => {
      const expected = generated[name];
      if (typeof expected === 'string') expect((await committed(name)).toString('utf8')).toBe(expected);
      else expect((await committed(name)).equals(expected as Buffer)).toBe(true);
    },
  );

  it('has an OAuth 2.0 (Entra ID, identity provider aad) variant with the same actions', () => {
    const oauth = JSON.parse(String(generated['oauth/apiDefinition.swagger.json'])) as Json;
    const oauthProperties = JSON.parse(String(generated['oauth/apiProperties.json'])) as Json;
    expect(oauth['paths']).toEqual(definition['paths']);
    expect(oauth['definitions']).toEqual(definition['definitions']);
    expect(oauth['securityDefinitions']).toEqual({ 'oauth2-auth': expect.objectContaining({ type: 'oauth2', flow: 'accessCode' }) });
    expect(oauth['security']).toEqual([{ 'oauth2-auth': [] }]);
    const settings = oauthProperties['properties']['connectionParameters']['token'];
    expect(settings).toMatchObject({ type: 'oauthSetting', oAuthSettings: { identityProvider: 'aad', redirectMode: 'GlobalPerConnector' } });
    expect(settings['oAuthSettings']['customParameters']['resourceUri']['value']).toBe(
      settings['oAuthSettings']['properties']['AzureActiveDirectoryResourceId'],
    );
    expect(oauthProperties['properties']['policyTemplateInstances']).toEqual(properties['properties']['policyTemplateInstances']);
  });

  it('commits an icon.png with the generated pixels: square, 230 px, on the brand colour', async () => {
    const icon = decodePng(await committed('icon.png'));
    const fresh = decodePng(generated['icon.png'] as Buffer);
    expect(icon.pixels.equals(fresh.pixels)).toBe(true);
    expect([icon.width, icon.height]).toEqual([230, 230]);
    const corner = icon.pixels.subarray(0, 3).toString('hex');
    expect(`#${corner}`.toUpperCase()).toBe(properties['properties']['iconBrandColor']);
  });

  it('names its actions in sentence case, with PascalCase operation ids', () => {
    for (const operation of operations) {
      expect(operation['summary']).toMatch(/^[A-Z][a-z']*( ([a-z']+|Live|Platform))*$/);
      expect(operation['summary'].length).toBeLessThanOrEqual(80);
      expect(operation['operationId']).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(['important', 'advanced', 'internal']).toContain(operation['x-ms-visibility']);
    }
    expect(operations.map((operation) => operation['operationId'])).toEqual(
      expect.arrayContaining([
        'ListCustomerNumbers',
        'GetCustomerNumber',
        'FindNumber',
        'ListAllNumbers',
        'ListCustomers',
        'ListNumberChanges',
        'RequestSnapshot',
        'ListSnapshotRuns',
      ]),
    );
  });

  it('gives every parameter and every response field a title-case display name and a visibility where it applies', () => {
    for (const parameter of operations.flatMap((operation) => operation['parameters'] as Json[])) {
      expect(parameter['x-ms-summary']).toMatch(/^[A-Z][A-Za-z()]*( [A-Z(][A-Za-z()]*)*$/);
      expect(['important', 'advanced', 'internal']).toContain(parameter['x-ms-visibility']);
    }
    const definitions = definition['definitions'] as Json;
    // Swagger 2.0 allows nothing beside a $ref: a field that is one takes its definition's name.
    const summaryOf = (property: Json) => property['x-ms-summary'] ?? definitions[String(property['$ref']).replace('#/definitions/', '')]?.['x-ms-summary'];
    for (const [name, schema] of Object.entries(definitions)) {
      for (const [field, property] of Object.entries((schema['properties'] ?? {}) as Json)) {
        expect({ field: `${name}.${field}`, summary: summaryOf(property) }).toEqual({ field: `${name}.${field}`, summary: expect.stringMatching(/^[A-Z]/) });
      }
    }
  });

  it('shows the common filters first and hides the ones only nextLink or the app itself sets', () => {
    const list = operations.find((operation) => operation['operationId'] === 'ListCustomerNumbers') as Json;
    const visibility = Object.fromEntries((list['parameters'] as Json[]).map((parameter) => [parameter['name'], parameter['x-ms-visibility']]));
    expect(visibility).toMatchObject({
      msTenantId: 'important',
      assignmentStatus: 'important',
      isoCountryCode: 'important',
      capability: 'important',
      top: 'advanced',
      format: 'internal',
      'If-None-Match': 'internal',
    });
    const changes = operations.find((operation) => operation['operationId'] === 'ListNumberChanges') as Json;
    expect((changes['parameters'] as Json[]).find((parameter) => parameter['name'] === 'continuation')?.['x-ms-visibility']).toBe('internal');
  });

  /**
   * Microsoft's polling-trigger contract for custom connectors: a GET marked `x-ms-trigger` (batch:
   * the 200 body carries an array of items, `value`, and each fires the flow), a hint for the
   * designer, the state parameter internal (the engine carries it in Location), 202 + Location +
   * Retry-After while nothing is new, 200 + Location with new items; no paging extension.
   */
  it('declares "When numbers change" as a batch polling trigger the way Power Automate expects', () => {
    const triggers = operations.filter((operation) => operation['x-ms-trigger']);
    expect(triggers.map((operation) => [operation['operationId'], operation['summary'], operation['x-ms-trigger']])).toEqual([
      ['WhenNumbersChange', 'When numbers change', 'batch'],
    ]);
    const trigger = triggers[0] as Json;
    expect(definition['paths']['/changes/poll']['get']).toBe(trigger);
    expect(trigger['x-ms-trigger-hint']).toEqual(expect.stringMatching(/\S/));
    expect(trigger['x-ms-pageable']).toBeUndefined();
    const parameters = Object.fromEntries((trigger['parameters'] as Json[]).map((parameter) => [parameter['name'], parameter]));
    expect(parameters['triggerState']).toMatchObject({ in: 'query', required: false, 'x-ms-visibility': 'internal' });
    expect(parameters['msTenantId']).toMatchObject({ in: 'query', 'x-ms-visibility': 'important' });
    expect(parameters['changeType']).toMatchObject({ in: 'query', 'x-ms-visibility': 'important', enum: ['added', 'changed', 'released', 'reactivated'] });
    const responses = trigger['responses'] as Json;
    expect(Object.keys(responses['202']['headers'])).toEqual(['Location', 'Retry-After', 'X-Correlation-Id']);
    expect(responses['202']['schema']).toBeUndefined();
    expect(Object.keys(responses['200']['headers'])).toEqual(['Location', 'X-Correlation-Id']);
    const batch = definition['definitions'][String(responses['200']['schema']['$ref']).replace('#/definitions/', '')] as Json;
    expect(batch['properties']['value']).toMatchObject({ type: 'array', items: { $ref: '#/definitions/FeedChange' } });
  });

  it('takes the function key as an API key connection parameter sent as x-functions-key', () => {
    expect(definition['securityDefinitions']).toEqual({ 'API Key': { type: 'apiKey', in: 'header', name: 'x-functions-key' } });
    expect(definition['security']).toEqual([{ 'API Key': [] }]);
    expect(properties['properties']['connectionParameters']).toEqual({ api_key: expect.objectContaining({ type: 'securestring' }) });
  });

  it('routes nextLink through the connector for exactly the pageable actions', () => {
    const pageable = operations.filter((operation) => operation['x-ms-pageable']).map((operation) => operation['operationId']);
    expect(pageable).toEqual(['ListCustomerNumbers', 'ListAllNumbers', 'ListCustomers', 'ListNumberChanges', 'ListSnapshotRuns', 'ListChanges']);
    expect(properties['properties']['policyTemplateInstances']).toEqual([
      expect.objectContaining({
        templateId: 'updatenextlink',
        parameters: { 'x-ms-apimTemplate-operationName': pageable, 'x-ms-apimTemplateParameter.nextLinkPropertyName': 'nextLink' },
      }),
    ]);
  });

  it('keeps to what the paconn apiProperties schema allows', () => {
    expect(Object.keys(properties)).toEqual(['properties']);
    expect(Object.keys(properties['properties']).sort()).toEqual(['capabilities', 'connectionParameters', 'iconBrandColor', 'policyTemplateInstances']);
    expect(properties['properties']['iconBrandColor']).toMatch(/^#[0-9A-F]{6}$/);
  });
});
