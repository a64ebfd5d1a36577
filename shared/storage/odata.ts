import type { odata as tablesOdata } from '@azure/data-tables';

/**
 * The Table Storage SDK's `odata` filter builder, loaded on first use: the modules that build
 * filters are loaded when the worker registers its functions, the SDK need not be (it is not on
 * the live lookup path at all).
 */
export const odata: typeof tablesOdata = (strings, ...values) =>
  (require('@azure/data-tables') as typeof import('@azure/data-tables')).odata(strings, ...values);
