/** Where the fault suites drive each fault: the three lookup routes, source=auto's fallback, and the snapshot worker. */
export type Route = 'getTenantNumbers' | 'getTenantNumber' | 'getOcNumbers' | 'source=auto' | 'snapshot worker';
export const routes: readonly Route[] = ['getTenantNumbers', 'getTenantNumber', 'getOcNumbers', 'source=auto', 'snapshot worker'];
