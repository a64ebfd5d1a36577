import type { QuerySpec } from '../http/queryParameters';
import { channelIdParameter } from '../http/requestParameters';

/** `requestTenantSnapshot`: the channel to snapshot through, and whether to lift the mass-removal guard. */
export const snapshotRequestQuerySpec: QuerySpec = {
  channelId: channelIdParameter,
  force: { schema: { enum: ['true', 'false'] }, mustBe: 'true or false' },
};
