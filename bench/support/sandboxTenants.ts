/** Registers a sandbox tenant of `count` generated legacy records (the sandbox control API). */
export async function registerGeneratedTenant(liveBaseUrl: string, msTenantId: string, count: number): Promise<void> {
  const response = await fetch(`${liveBaseUrl}/_sandbox/tenants/${msTenantId}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ shape: 'legacy', count }),
  });
  if (!response.ok) throw new Error(`sandbox refused tenant ${msTenantId}: ${response.status}`);
}
