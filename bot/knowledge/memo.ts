/** A bounded cache: merchants ask the same few questions all day; the oldest entry goes when it is full. */
export function memoize<A extends unknown[], R>(fn: (...args: A) => R, keyOf: (...args: A) => string, size: number): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const result = fn(...args);
    cache.set(key, result);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return result;
  };
}
