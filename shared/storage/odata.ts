import type { odata as tablesOdata } from '@azure/data-tables';
import { lateLoad } from '../runtime/lateLoad';

const tablesSdk = lateLoad<typeof import('@azure/data-tables')>(require, '@azure/data-tables');

/**
 * The Table Storage SDK's `odata` filter builder, loaded on first use: the modules that build
 * filters are loaded when the worker registers its functions, the SDK need not be (it is not on
 * the live lookup path at all).
 */
export const odata: typeof tablesOdata = (strings, ...values) => tablesSdk().odata(strings, ...values);
