/**
 * IAM's wildcard matching: `*` matches any run of characters, `?` any one character. Action names
 * are case-insensitive in IAM; ARNs are matched as written.
 */
import { registerMemoCache } from "./memo";

const cache = new Map<string, RegExp>();
registerMemoCache(() => cache.clear());

function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return toRegExp(pattern, ignoreCase).test(value);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}
