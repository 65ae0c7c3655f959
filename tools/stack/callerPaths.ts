/**
 * Paths a person types resolve against the folder they typed the command in: `npm run` starts a
 * script in the package root but keeps that folder in INIT_CWD.
 */
import * as path from "path";

export function callerDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export function fromCaller(p: string): string {
  return path.resolve(callerDir(), p);
}

/** A path to show: relative to the caller's folder when inside it. */
export function shown(p: string): string {
  const rel = path.relative(callerDir(), p);
  return rel === "" ? "." : rel.startsWith("..") ? p : rel;
}
