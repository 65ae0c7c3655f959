/**
 * IAM's wildcard matching: `*` matches any run of characters, `?` any one character. Action names
 * are case-insensitive in IAM; ARNs are matched as written.
 */
import { memoize } from "./memo";

/** The regular expression of a pattern: anchored, `.` matching newlines too, with the given flags. */
function compile(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, flags);
}

const COMPILED_LIMIT = 10_000;
const caseSensitive = memoize((pattern) => compile(pattern, "s"), COMPILED_LIMIT);
const ignoringCase = memoize((pattern) => compile(pattern, "is"), COMPILED_LIMIT);

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return (ignoreCase ? ignoringCase : caseSensitive)(pattern).test(value);
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}
