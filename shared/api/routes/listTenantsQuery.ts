import type { QuerySpec } from '../../http/queryParameters';
import { topParameter } from '../commonParameters';

export const maxTenantsTop = 1000;
const maxStaleHours = 87_600;

/** listTenants: two filters, paging by top/skip, JSON or CSV. */
export const tenantsQuerySpec: QuerySpec = {
  unassignedShareAbove: {
    schema: { type: 'string', maxLength: 8, pattern: '^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$' },
    mustBe: 'a number from 0 to 1, such as 0.25',
  },
  staleSnapshotHours: { schema: { type: 'string', integerRange: [0, maxStaleHours] }, mustBe: `an integer from 0 to ${maxStaleHours}` },
  format: { schema: { enum: ['json', 'csv'] }, mustBe: 'json or csv' },
  top: topParameter(maxTenantsTop),
  skip: { schema: { type: 'string', integerRange: [0, 100_000_000] }, mustBe: 'an integer from 0 to 100000000' },
};
