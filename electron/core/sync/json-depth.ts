/**
 * Whether a parsed JSON value nests at most `max` arrays and objects deep,
 * checked without recursion: a value nested thousands deep from the sync
 * folder must be refused before any recursive checker (or JSON.stringify)
 * walks it and runs out of stack.
 */
export function nestsWithin(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const v = top.value;
    if (typeof v !== 'object' || v === null) continue;
    if (top.depth >= max) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: top.depth + 1 });
    }
  }
  return true;
}
