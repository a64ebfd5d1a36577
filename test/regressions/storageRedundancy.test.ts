import { deployMain, onlyResourceOfType, requiredParameters, useCompiledInfra } from '../infra/armTemplate';

/**
 * Finding 11 of the hardening review (issue 15; an IaC scan, Checkov CKV_AZURE_206, flagged it):
 * the change history cannot be rebuilt from the Live Platform, yet the storage account defaulted
 * to Standard_LRS, three copies in one datacenter. It now defaults to zone-redundant storage, and
 * the redundancy stays a parameter (docs/deploy.md weighs ZRS against GZRS).
 */

const built = useCompiledInfra();

const storageSku = (parameters: Record<string, string>) =>
  (onlyResourceOfType(deployMain(built().main, { ...requiredParameters, ...parameters }), 'Microsoft.Storage/storageAccounts').value['sku'] as { name: string })
    .name;

describe('storage redundancy', () => {
  test('the storage account is zone-redundant by default', () => {
    expect(storageSku({})).toBe('Standard_ZRS');
  });

  test('the redundancy is a parameter: geo-zone-redundant on request, LRS only when asked for', () => {
    expect(storageSku({ storageSkuName: 'Standard_GZRS' })).toBe('Standard_GZRS');
    expect(storageSku({ storageSkuName: 'Standard_LRS' })).toBe('Standard_LRS');
    expect(() => storageSku({ storageSkuName: 'Premium_LRS' })).toThrow(/not one of/);
  });
});
