import type { TableClient } from '@azure/data-tables';
import { odata } from '../storage/odata';
import { listingPage } from '../storage/listingPage';
import { fromChangeEntity } from './changeEntity';
import type { ChangeType, NumberChange } from './numberChange';
import { invertedTime } from './runIds';

export interface ChangesQuery {
  msTenantId: string;
  /** Inclusive lower bound of detectedAt. */
  since?: Date | undefined;
  /** Exclusive upper bound of detectedAt. */
  until?: Date | undefined;
  changeType?: ChangeType | undefined;
  telephoneNumber?: string | undefined;
  top: number;
  continuation?: string | undefined;
}

/**
 * The time bounds become a RowKey range (RowKeys start with the inverted detection time), so the
 * service reads only that slice of the partition. Every value goes through the `odata` tag.
 */
function changesFilter(query: ChangesQuery): string {
  const parts = [odata`PartitionKey eq ${query.msTenantId}`];
  // RowKey = <16 digits>-<runId>-<number>: '-' follows the digits and '.' sorts right after '-'.
  if (query.since) parts.push(odata`RowKey lt ${`${invertedTime(query.since.getTime())}.`}`);
  if (query.until) parts.push(odata`RowKey ge ${`${invertedTime(query.until.getTime())}.`}`);
  if (query.changeType) parts.push(odata`changeType eq ${query.changeType}`);
  if (query.telephoneNumber) parts.push(odata`telephoneNumber eq ${query.telephoneNumber}`);
  return parts.join(' and ');
}

/** One page of a tenant's changes, newest first; `continuation` is absent on the last page. */
export async function readChangesPage(changes: TableClient, query: ChangesQuery): Promise<{ changes: NumberChange[]; continuation?: string }> {
  const page = await listingPage<Record<string, unknown>>(changes, {
    filter: changesFilter(query),
    top: query.top,
    continuation: query.continuation,
    scope: `changes:${query.msTenantId}`,
  });
  const found = page.entities.map(fromChangeEntity);
  return page.continuation === undefined ? { changes: found } : { changes: found, continuation: page.continuation };
}
