import type { TokenCredential } from '@azure/identity';
import type { TableClient, TableServiceClient } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';
import { SettingsError } from '../errors/appErrors';
import { snapshotStorageConnection } from '../config/settingNames';
import { lateLoad } from '../runtime/lateLoad';
import { identitySdk } from '../sdk/bundledSdk';
import { queueRetryOptions, storageDeadlinePolicies, storageRetryOptions } from './storageDeadline';

/*
 * The storage SDKs are loaded when the first client is built, not when the worker registers its
 * functions: every function module imports this one, and the live lookups never need them.
 */
const tablesSdk = lateLoad<typeof import('@azure/data-tables')>(require, '@azure/data-tables');
const queueSdk = lateLoad<typeof import('@azure/storage-queue')>(require, '@azure/storage-queue');

/**
 * The `SnapshotStorage` connection, read the way the Functions host reads it for the queue trigger:
 * a connection string in `SnapshotStorage`, or an identity-based connection in `SnapshotStorage__*`.
 */
export type StorageConnection =
  { kind: 'connectionString'; connectionString: string } | { kind: 'identity'; tableServiceUri: string; queueServiceUri: string; credential: TokenCredential };

export function readStorageConnection(env: NodeJS.ProcessEnv = process.env): StorageConnection {
  const name = snapshotStorageConnection;
  const connectionString = env[name]?.trim();
  if (connectionString) return { kind: 'connectionString', connectionString };
  const tableServiceUri = env[`${name}__tableServiceUri`]?.trim();
  const queueServiceUri = env[`${name}__queueServiceUri`]?.trim();
  const missing = [tableServiceUri ? undefined : `${name}__tableServiceUri`, queueServiceUri ? undefined : `${name}__queueServiceUri`].filter(
    (problem): problem is string => problem !== undefined,
  );
  if (missing.length > 0) throw new SettingsError([`${name} (a connection string) or ${missing.join(' and ')} is required`]);
  const clientId = env[`${name}__clientId`]?.trim();
  const credentialKind = env[`${name}__credential`]?.trim().toLowerCase();
  const { ManagedIdentityCredential, DefaultAzureCredential } = identitySdk();
  const credential =
    credentialKind === 'managedidentity'
      ? clientId
        ? new ManagedIdentityCredential({ clientId })
        : new ManagedIdentityCredential()
      : new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
  return { kind: 'identity', tableServiceUri: tableServiceUri as string, queueServiceUri: queueServiceUri as string, credential };
}

/** Every SnapshotStorage* value: clients built for one connection are reused until it changes (tests switch accounts). */
function connectionSettingsKey(env: NodeJS.ProcessEnv): string {
  const name = snapshotStorageConnection;
  return JSON.stringify(
    Object.entries(env)
      .filter(([key]) => key === name || key.startsWith(`${name}__`))
      .sort(),
  );
}

/** A client of the app's `SnapshotStorage` connection, built on first use and reused while those settings stay the same. */
export function perConnection<T>(open: (connection: StorageConnection) => T): (env?: NodeJS.ProcessEnv) => T {
  let kept: { key: string; value: T } | undefined;
  return (env = process.env) => {
    const key = connectionSettingsKey(env);
    if (kept?.key !== key) kept = { key, value: open(readStorageConnection(env)) };
    return kept.value;
  };
}

/** Azurite and other loopback endpoints speak http; the SDK refuses that unless told. */
const loopbackOptions = (uri: string) => ({ allowInsecureConnection: /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(uri) });

type TableOptions = import('@azure/data-tables').TableServiceClientOptions;

/** The storage deadline (storageDeadline.ts) under whatever options a caller adds (tests add policies, or retry less). */
function withDeadline(options: TableOptions): TableOptions {
  return { retryOptions: storageRetryOptions, ...options, additionalPolicies: [...storageDeadlinePolicies, ...(options.additionalPolicies ?? [])] };
}

export function tableClientFor(connection: StorageConnection, tableName: string, options: TableOptions = {}): TableClient {
  const { TableClient } = tablesSdk();
  if (connection.kind === 'connectionString') {
    return TableClient.fromConnectionString(connection.connectionString, tableName, withDeadline({ allowInsecureConnection: true, ...options }));
  }
  return new TableClient(
    connection.tableServiceUri,
    tableName,
    connection.credential,
    withDeadline({ ...loopbackOptions(connection.tableServiceUri), ...options }),
  );
}

export function tableServiceClientFor(connection: StorageConnection): TableServiceClient {
  const { TableServiceClient } = tablesSdk();
  if (connection.kind === 'connectionString') {
    return TableServiceClient.fromConnectionString(connection.connectionString, withDeadline({ allowInsecureConnection: true }));
  }
  return new TableServiceClient(connection.tableServiceUri, connection.credential, withDeadline(loopbackOptions(connection.tableServiceUri)));
}

export function queueClientFor(connection: StorageConnection, queueName: string): QueueClient {
  const { QueueClient, QueueServiceClient } = queueSdk();
  const options = { retryOptions: queueRetryOptions };
  if (connection.kind === 'connectionString') return new QueueClient(connection.connectionString, queueName, options);
  return new QueueServiceClient(connection.queueServiceUri, connection.credential, options).getQueueClient(queueName);
}
