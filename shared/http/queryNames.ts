// Query parameter names ignore case (README, "getTenantNumbers"): Power Automate users type them by
// hand, and `assignmentstatus=` meaning nothing would be a trap. Routes keep one canonical spelling.

/** Maps a name as sent to its route's spelling (`TOP` → `top`); an unknown name is returned as sent. */
export function canonicalNames(names: Iterable<string>): (name: string) => string {
  const byLowerCase = new Map<string, string>();
  for (const name of names) byLowerCase.set(name.toLowerCase(), name);
  return (name) => byLowerCase.get(name.toLowerCase()) ?? name;
}

/** Removes a parameter in every spelling of its name (`code`, `Code`, `CODE`, …). */
export function deleteParameter(parameters: URLSearchParams, name: string): void {
  const lower = name.toLowerCase();
  for (const given of new Set(parameters.keys())) if (given.toLowerCase() === lower) parameters.delete(given);
}
