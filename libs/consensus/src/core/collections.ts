/** A copy of `map` with `key` set to `value`. */
export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

/** A copy of `map` without `key` (the same map when the key is absent). */
export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

/** The entries of `map` that pass `keep` (the same map when all do). */
export function filterEntries<K, V>(map: ReadonlyMap<K, V>, keep: (key: K, value: V) => boolean): ReadonlyMap<K, V> {
  let next: Map<K, V> | undefined;
  for (const [key, value] of map) {
    if (keep(key, value)) continue;
    next ??= new Map(map);
    next.delete(key);
  }
  return next ?? map;
}

/** A copy of `map` with `key` set, dropping the oldest entries beyond `capacity`. */
export function withBoundedEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V, capacity: number): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.delete(key);
  next.set(key, value);
  while (next.size > capacity) next.delete(next.keys().next().value as K);
  return next;
}

/** Whether two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
