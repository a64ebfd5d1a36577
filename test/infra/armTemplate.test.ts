import { deployMain, onlyResourceOfType, resourcesOfType, testScope, type JsonObject } from './armTemplate';

/**
 * The ARM template evaluator the infrastructure tests "deploy" the compiled Bicep with: checked here
 * on small hand-written templates whose results ARM's documented semantics fix, so a bug in the
 * evaluator fails here instead of making an infrastructure test pass or fail for the wrong reason.
 */

const template = (parts: Partial<Record<'parameters' | 'variables' | 'resources' | 'outputs', unknown>>): JsonObject =>
  ({
    $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    ...parts,
  }) as JsonObject;

/** Evaluates expressions as outputs of an otherwise empty template. */
function outputsOf(
  expressions: Record<string, unknown>,
  parameters: Record<string, unknown> = {},
  extra: Partial<Record<'parameters' | 'variables', unknown>> = {},
) {
  const outputs = Object.fromEntries(Object.entries(expressions).map(([name, value]) => [name, { type: 'object', value }]));
  return deployMain(template({ ...extra, outputs }), parameters as JsonObject).outputs;
}

describe('the test ARM evaluator', () => {
  it('evaluates the string, logic and collection functions as ARM does', () => {
    expect(
      outputsOf({
        format: "[format('{0}-{1}', 'app', 2)]",
        concatText: "[concat('a', 'b', 'c')]",
        concatArrays: '[concat(createArray(1, 2), createArray(3))]',
        lower: "[toLower('ABC')]",
        upper: "[toUpper('abc')]",
        take: "[take('abcdef', 3)]",
        emptyText: "[empty('')]",
        emptyObject: '[empty(createObject())]',
        notEmpty: '[empty(createArray(1))]',
        logic: '[and(true(), not(false()), or(false(), equals(1, 1)))]',
        length: "[length(createObject('a', 1, 'b', 2))]",
        unionObjects: "[union(createObject('a', 1, 'b', 1), createObject('b', 2))]",
        unionArrays: '[union(createArray(1, 2), createArray(2, 3))]',
        quote: "[format('it''s {0}', 'quoted')]",
        literal: '[[not an expression]',
        plain: 'no brackets',
        index: "[createArray('x', 'y')[1]]",
        property: "[createObject('inner', createObject('value', 42)).inner.value]",
      }),
    ).toEqual({
      format: 'app-2',
      concatText: 'abc',
      concatArrays: [1, 2, 3],
      lower: 'abc',
      upper: 'ABC',
      take: 'abc',
      emptyText: true,
      emptyObject: true,
      notEmpty: false,
      logic: true,
      length: 2,
      unionObjects: { a: 1, b: 2 },
      unionArrays: [1, 2, 3],
      quote: "it's quoted",
      literal: '[not an expression]',
      plain: 'no brackets',
      index: 'y',
      property: 42,
    });
  });

  it('evaluates only the branch if() takes, and lambdas over arrays and objects', () => {
    const outputs = outputsOf(
      {
        branch: "[if(equals(parameters('mode'), 'a'), 'took a', variables('undefinedOnPurpose'))]",
        filtered: "[filter(createArray(1, 2, 3, 4), lambda('n', not(equals(lambdaVariables('n'), 2))))]",
        mapped: "[map(items(createObject('x', 1, 'y', 2)), lambda('e', format('{0}={1}', lambdaVariables('e').key, lambdaVariables('e').value)))]",
        keyed: "[toObject(createArray('p', 'q'), lambda('k', toUpper(lambdaVariables('k'))))]",
      },
      { mode: 'a' },
      { parameters: { mode: { type: 'string' } } },
    );
    expect(outputs).toEqual({ branch: 'took a', filtered: [1, 3, 4], mapped: ['x=1', 'y=2'], keyed: { P: 'p', Q: 'q' } });
  });

  it('applies parameter defaults (which may use other parameters), variables and allowed values', () => {
    const parameters = {
      name: { type: 'string' },
      fullName: { type: 'string', defaultValue: "[format('{0}-full', parameters('name'))]" },
      tier: { type: 'string', defaultValue: 'basic', allowedValues: ['basic', 'premium'] },
    };
    const variables = { shouted: "[toUpper(parameters('fullName'))]" };
    expect(outputsOf({ shouted: "[variables('shouted')]", tier: "[parameters('tier')]" }, { name: 'app' }, { parameters, variables })).toEqual({
      shouted: 'APP-FULL',
      tier: 'basic',
    });
    expect(() => outputsOf({}, { name: 'app', tier: 'gold' }, { parameters })).toThrow(/tier="gold" is not one of/);
    expect(() => outputsOf({}, {}, { parameters })).toThrow(/required parameter name has no value/);
    expect(() => outputsOf({}, { name: 'app', other: 1 }, { parameters })).toThrow(/parameter other is not declared/);
  });

  it('refuses a template function it does not implement instead of guessing', () => {
    expect(() => outputsOf({ unknown: "[dateTimeAdd('2026-01-01', 'P1D')]" })).toThrow(/datetimeadd\(\) is not implemented by the test evaluator/);
  });

  it('deploys conditions, copy loops and module deployments with their resource group and outputs', () => {
    const moduleTemplate = {
      parameters: { prefix: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-05-01',
          name: "[format('{0}store', parameters('prefix'))]",
          location: '[resourceGroup().location]',
        },
      ],
      outputs: {
        tableEndpoint: {
          type: 'string',
          value: "[reference(resourceId('Microsoft.Storage/storageAccounts', format('{0}store', parameters('prefix'))), '2023-05-01').primaryEndpoints.table]",
        },
      },
    };
    const main = template({
      parameters: { enabled: { type: 'bool', defaultValue: false } },
      resources: [
        { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg-app', location: 'swedencentral' },
        {
          type: 'Microsoft.Resources/resourceGroups',
          apiVersion: '2022-09-01',
          name: 'rg-never',
          location: 'swedencentral',
          condition: "[parameters('enabled')]",
        },
        {
          type: 'Microsoft.Resources/resourceGroups',
          apiVersion: '2022-09-01',
          name: "[format('rg-{0}', copyIndex(1))]",
          location: 'swedencentral',
          copy: { name: 'groups', count: 2 },
        },
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'storage',
          resourceGroup: 'rg-app',
          properties: { mode: 'Incremental', parameters: { prefix: { value: 'oc' } }, template: moduleTemplate },
        },
      ],
      outputs: {
        endpoint: {
          type: 'string',
          value: "[reference(subscriptionResourceId('Microsoft.Resources/deployments', 'storage'), '2022-09-01').outputs.tableEndpoint.value]",
        },
      },
    });
    const deployment = deployMain(main, {});
    expect(resourcesOfType(deployment, 'Microsoft.Resources/resourceGroups').map((group) => group.name)).toEqual(['rg-app', 'rg-1', 'rg-2']);
    const account = onlyResourceOfType(deployment, 'Microsoft.Storage/storageAccounts');
    expect(account).toMatchObject({ name: 'ocstore', deployment: 'main/storage', resourceGroup: 'rg-app', value: { location: testScope.location } });
    expect(deployment.outputs).toEqual({ endpoint: 'https://ocstore.table.core.windows.net/' });
  });
});
