/** `'my.request'` → `'request'`; anything that is not a non-empty name → undefined. */
export function apiName(api: unknown): string | undefined {
  // Most names have no dot: they skip the pattern, which every call would otherwise pay for.
  return (typeof api === 'string' && (api.indexOf('.') < 0 ? api : api.replace(/^(my|upsdk)\./, ''))) || undefined;
}
