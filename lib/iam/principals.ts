import { evaluateTest, RequestContext, requiresMatch, Truth } from "./conditions";
import { arnParts } from "./arn";
import { ConditionTest, NormalStatement } from "./parse";
import { hasWildcard } from "./wildcard";

/** What kind of AWS principal a `Principal.AWS` entry names. */
export type PrincipalKind = "everyone" | "account" | "user" | "role" | "assumed-role" | "federated-user" | "unique-id" | "other";

export function principalKind(p: string): PrincipalKind {
  if (p === "*") return "everyone";
  if (/^\d{12}$/.test(p) || /^arn:[\w-]+:iam::\d{12}:root$/.test(p)) return "account";
  const m = /^arn:[\w-]+:(iam|sts)::(\d{12}|\*):([\w-]+)\//.exec(p);
  if (m) {
    if (m[1] === "iam" && m[3] === "user") return "user";
    if (m[1] === "iam" && m[3] === "role") return "role";
    if (m[1] === "sts" && m[3] === "assumed-role") return "assumed-role";
    if (m[1] === "sts" && m[3] === "federated-user") return "federated-user";
  }
  if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(p)) return "unique-id";
  return "other";
}

/** Role and assumed-role sessions come from role chaining, which never carries MFA. */
export function isRoleSession(kind: PrincipalKind): boolean {
  return kind === "role" || kind === "assumed-role";
}

/**
 * A class of people a principal entry admits: IAM users (the only callers who sign with their
 * own long-term keys and can assume a role; root cannot, federated users cannot call STS). An
 * exact user, every user of an account, or every user of every account (`*`).
 */
export interface PersonClass {
  /** Glob of the users' ARNs: exact, `arn:aws:iam::111111111111:user/*` or `arn:*:iam::*:user/*`. */
  arn: string;
  account?: string;
  /** The user's name, when one user. */
  username?: string;
}

/** The people a `Principal.AWS` entry admits, or undefined when it admits none (roles, sessions, services). */
export function personClassOf(entry: string): PersonClass | undefined {
  const kind = principalKind(entry);
  const partition = entry.startsWith("arn:") ? entry.split(":")[1] : "aws";
  switch (kind) {
    case "everyone":
      return { arn: "arn:*:iam::*:user/*" };
    case "account": {
      const account = /\d{12}/.exec(entry)![0];
      return { arn: `arn:${partition}:iam::${account}:user/*`, account };
    }
    case "user": {
      // A user ARN's account is 12 digits or `*` (principalKind checked it).
      const account = entry.split(":")[4];
      return { arn: entry, account: account === "*" ? undefined : account, username: entry.slice(entry.lastIndexOf("/") + 1) };
    }
    case "unique-id":
      // AIDA... is a user's unique id; AROA... a role's, others are not people.
      return entry.startsWith("AIDA") ? { arn: "arn:*:iam::*:user/*" } : undefined;
  }
  return undefined;
}

/** Is this entry an identity that is not a person: a role (Identity Center's included), a session, a federated user? */
export function isWorkloadPrincipal(entry: string): boolean {
  return personClassOf(entry) === undefined;
}

/** A glob's wildcards: `*` (any run of characters) and `?` (one character); a literal character is itself. */
const STAR = Symbol("*");
const ANY = Symbol("?");
type Token = typeof STAR | typeof ANY | string;

function tokens(pattern: string, literal: boolean, ignoreCase: boolean): Token[] {
  const text = ignoreCase ? pattern.toLowerCase() : pattern;
  return literal ? [...text] : [...text].map((c) => (c === "*" ? STAR : c === "?" ? ANY : c));
}

/**
 * A recursion over the pairs (i, j), 0 ≤ i ≤ rows and 0 ≤ j ≤ cols, that computes each pair once:
 * two globs are compared in rows × cols steps however many stars they hold.
 */
function memoizedPairs(rows: number, cols: number, step: (rec: (i: number, j: number) => boolean, i: number, j: number) => boolean): boolean {
  const memo = Array.from({ length: rows + 1 }, (): (boolean | undefined)[] => []);
  const rec = (i: number, j: number): boolean => (memo[i][j] ??= step(rec, i, j));
  return rec(0, 0);
}

/** Do two globs (`*`, `?`) share some string? */
export function globsIntersect(a: string, b: string, opts: { bLiteral?: boolean; ignoreCase?: boolean } = {}): boolean {
  const x = tokens(a, false, opts.ignoreCase ?? false);
  const y = tokens(b, opts.bLiteral ?? false, opts.ignoreCase ?? false);
  return memoizedPairs(x.length, y.length, (rec, i, j) => {
    if (i === x.length && j === y.length) return true;
    // A star that takes nothing.
    if (x[i] === STAR && rec(i + 1, j)) return true;
    if (y[j] === STAR && rec(i, j + 1)) return true;
    if (i === x.length || j === y.length) return false;
    // A star that takes one character of the other side (a star facing a star: rec(i, j + 1) is the other taking nothing, tried above).
    if (x[i] === STAR) return rec(i, j + 1);
    if (y[j] === STAR) return rec(i + 1, j);
    return (x[i] === ANY || y[j] === ANY || x[i] === y[j]) && rec(i + 1, j + 1);
  });
}

/**
 * Could a Resource pattern and an ARN glob name a common ARN? Compared part by part (partition,
 * service, region, account, resource), as ARNs are built: a `*` in the account does not reach
 * into the resource type. A pattern with fewer than six parts (`*`, `arn:*`) is compared whole.
 */
export function arnsIntersect(pattern: string, glob: string): boolean {
  const a = arnParts(pattern);
  const b = arnParts(glob);
  if (!a || !b) return globsIntersect(pattern, glob);
  return a.every((x, i) => globsIntersect(x, b[i]));
}

/** Is every string of glob `a` matched by `b`? (Sound: may answer false for some true containments.) */
export function globContains(b: string, a: string, opts: { bLiteral?: boolean; ignoreCase?: boolean } = {}): boolean {
  const x = tokens(a, false, opts.ignoreCase ?? false);
  const y = tokens(b, opts.bLiteral ?? false, opts.ignoreCase ?? false);
  return memoizedPairs(x.length, y.length, (rec, i, j) => {
    if (j === y.length) return i === x.length;
    // The rest of `a` is empty: only stars of `b` are left to match it.
    if (i === x.length) return y[j] === STAR && rec(i, j + 1);
    if (y[j] === STAR) return rec(i, j + 1) || rec(i + 1, j);
    if (y[j] === ANY) return x[i] !== STAR && rec(i + 1, j + 1);
    return x[i] === y[j] && rec(i + 1, j + 1);
  });
}

/** The principal keys of a request by a person of the class: a glob of possible values, or null when absent. */
function principalValue(key: string, person: PersonClass): string | null | undefined {
  switch (key) {
    case "aws:principalarn":
      return person.arn;
    case "aws:principaltype":
      return "User";
    case "aws:principalaccount":
      return person.account ?? "*";
    case "aws:username":
      return person.username ?? "*";
    case "aws:principalisawsservice":
      return "false";
    case "aws:principalservicename":
    case "aws:principalservicenameslist":
      return null;
  }
  return undefined;
}

const POSITIVE: Record<string, { literal: boolean; ignoreCase: boolean; arn: boolean }> = {
  stringequals: { literal: true, ignoreCase: false, arn: false },
  stringnotequals: { literal: true, ignoreCase: false, arn: false },
  stringequalsignorecase: { literal: true, ignoreCase: true, arn: false },
  stringnotequalsignorecase: { literal: true, ignoreCase: true, arn: false },
  stringlike: { literal: false, ignoreCase: false, arn: false },
  stringnotlike: { literal: false, ignoreCase: false, arn: false },
  arnequals: { literal: false, ignoreCase: false, arn: true },
  arnnotequals: { literal: false, ignoreCase: false, arn: true },
  arnlike: { literal: false, ignoreCase: false, arn: true },
  arnnotlike: { literal: false, ignoreCase: false, arn: true },
  bool: { literal: true, ignoreCase: true, arn: false },
};

/** ARN operators compare the six colon-separated parts one by one; `*` does not cross a colon. */
function segmentwise(value: string, condition: string, each: (a: string, b: string) => boolean): boolean {
  const a = value.split(":");
  const b = condition.split(":");
  return a.length === b.length && a.every((x, i) => each(x, b[i]));
}

/** One test on a principal key, for every request of the class: true (all match), false (none), unknown. */
function evaluatePrincipalTest(test: ConditionTest, value: string | null): Truth {
  if (test.base === "null") {
    const wantsAbsent = test.values.some((v) => v.toLowerCase() === "true");
    const wantsPresent = test.values.some((v) => v.toLowerCase() === "false");
    return (value === null ? wantsAbsent : wantsPresent) ? "true" : "false";
  }
  const op = POSITIVE[test.base];
  if (!op) return "unknown";
  const negated = test.base.includes("not");
  if (value === null) {
    if (test.ifExists || test.qualifier === "forallvalues") return "true";
    if (test.qualifier === "foranyvalue") return "false";
    return negated ? "true" : "false";
  }
  const opts = { bLiteral: op.literal, ignoreCase: op.ignoreCase };
  const meets = (cv: string) => (op.arn ? segmentwise(value, cv, (a, b) => globsIntersect(a, b, opts)) : globsIntersect(value, cv, opts));
  const within = (cv: string) => (op.arn ? segmentwise(value, cv, (a, b) => globContains(b, a, opts)) : globContains(cv, value, opts));
  const all = test.values.some(within);
  const some = all || test.values.some(meets);
  const positive: Truth = all ? "true" : some ? "unknown" : "false";
  if (!negated) return positive;
  return positive === "true" ? "false" : positive === "false" ? "true" : "unknown";
}

/**
 * A statement's conditions for every request a person of the class makes in the context: the
 * principal keys (aws:PrincipalArn, aws:PrincipalType, aws:PrincipalAccount, aws:username) are
 * decided against the class, the others as the context says.
 */
export function evaluateForPerson(statement: NormalStatement, ctx: RequestContext, person: PersonClass): Truth {
  let truth: Truth = "true";
  for (const test of statement.conditions) {
    const value = principalValue(test.key, person);
    const t = value === undefined ? evaluateTest(test, ctx) : evaluatePrincipalTest(test, value);
    if (t === "false") return "false";
    if (t !== "true") truth = "unknown";
  }
  return truth;
}

/** Keys that narrow a public principal to an organization or accounts. */
export const NARROWING_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcearn"];

export function narrowsToOrgOrAccount(test: ConditionTest): boolean {
  if (!NARROWING_KEYS.includes(test.key) || !requiresMatch(test)) return false;
  // A value narrows only if it pins an organization or an account; a wildcard there narrows nothing.
  return test.values.length > 0 && test.values.every((v) => pinsOrgOrAccount(test.key, v, test.base.startsWith("arn")));
}

function pinsOrgOrAccount(key: string, v: string, arnOperator: boolean): boolean {
  if (key === "aws:principalorgid" || key === "aws:sourceorgid") return !hasWildcard(v);
  if (key === "aws:principalorgpaths" || key === "aws:sourceorgpaths") return /^o-[a-z0-9]+\//.test(v);
  if (key === "aws:principalaccount" || key === "aws:sourceaccount") return /^\d{12}$/.test(v);
  // ARNs: a literal account, or (S3 and the like) no account and a literal name.
  // ArnLike compares the six parts one by one, so `arn:*:iam::111111111111:...` stays in that
  // account (partitions never trust each other); under StringLike a `*` crosses colons, and a
  // role path (which may hold colons) in another account could spell the rest.
  const parts = arnParts(v);
  if (parts === undefined || parts[0] !== "arn") return false;
  if (/^\d{12}$/.test(parts[4])) return arnOperator || !parts.slice(1, 4).some(hasWildcard);
  // Without an account, names are global (S3 buckets): anyone may create one that a wildcard in
  // the name (`arn:aws:s3:::uploads-*`) matches; past the name (its first `/` or `:`) it is inside that one.
  const name = parts[5].split(/[/:]/)[0];
  return !parts.slice(1, 3).some(hasWildcard) && parts[4] === "" && name !== "" && !hasWildcard(name);
}
