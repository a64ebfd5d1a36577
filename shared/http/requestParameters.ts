import { invalidInput, shownText, TenantNotAllowedError } from '../errors/requestErrors';
import type { Settings } from '../config/settings';
import { guidRegExp, maxChannelId } from '../ids/idsAndLimits';
import type { QueryParameterSpec } from './queryParameters';

export const channelIdParameter: QueryParameterSpec = {
  schema: { type: 'string', integerRange: [0, maxChannelId] },
  mustBe: `an integer from 0 to ${maxChannelId}`,
};

const shown = (value: string) => JSON.stringify(shownText(value));

/** The path's msTenantId: a GUID, answered in lower case, and one the app may serve. */
export function tenantFromPath(value: string | undefined, settings: Settings): string {
  const candidate = value ?? '';
  if (!guidRegExp.test(candidate)) {
    throw invalidInput([{ parameter: 'msTenantId', detail: `msTenantId ${shown(candidate)} must be a GUID such as 8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1.` }]);
  }
  const msTenantId = candidate.toLowerCase();
  if (settings.allowedTenants && !settings.allowedTenants.has(msTenantId)) throw new TenantNotAllowedError(msTenantId);
  return msTenantId;
}

/** Channel from `channelId` or `X-Ovoc-Channel-Id` (they must agree), else LIVE_PLATFORM_CHANNEL_ID. */
export function channelFrom(queryValue: string | undefined, headerValue: string | null, settings: Settings): number | null {
  const header = headerValue?.trim();
  if (header !== undefined && header !== '' && !isChannelId(header)) {
    throw invalidInput([{ header: 'X-Ovoc-Channel-Id', detail: `Header X-Ovoc-Channel-Id must be ${channelIdParameter.mustBe}.` }]);
  }
  if (queryValue !== undefined && header && Number(header) !== Number(queryValue)) {
    throw invalidInput([{ parameter: 'channelId', detail: 'Query channelId and header X-Ovoc-Channel-Id disagree.' }]);
  }
  const chosen = queryValue ?? (header || undefined);
  return chosen === undefined ? settings.defaultChannelId : Number(chosen);
}

function isChannelId(value: string): boolean {
  return /^[0-9]{1,10}$/.test(value) && Number(value) <= maxChannelId;
}
