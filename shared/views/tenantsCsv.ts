import { csvByteOrderMark, csvCell } from '../numbers/toCsv';
import { tenantViewFields } from './viewBodies';
import type { TenantView } from './viewBodies';

/** listTenants as CSV: one row per tenant, the by… counts as JSON text. */
export function renderTenantsCsv(views: readonly TenantView[]): string {
  const lines = [tenantViewFields.map((column) => csvCell('', column)).join(',')];
  for (const view of views) lines.push(tenantViewFields.map((column) => csvCell(column, view[column])).join(','));
  return `${csvByteOrderMark}${lines.join('\r\n')}\r\n`;
}
