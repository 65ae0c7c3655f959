/**
 * Three-valued evaluation of IAM conditions in a modelled request context. Keys the context
 * models (the MFA keys, TLS, time) are evaluated as IAM does, including `...IfExists`, `Null`,
 * negated operators and set qualifiers on a missing key; any other key is `unknown`, and each
 * caller decides which way an unknown leans (an Allow may apply, a Deny may not).
 */
import { arnParts } from "./arn";
import { ConditionTest, NormalStatement } from "./parse";
import { wildcardMatch } from "./wildcard";

export type Truth = "true" | "false" | "unknown";

/** Lowercase key -> values present in the request, or null when the request has no such key. */
export type RequestContext = ReadonlyMap<string, readonly string[] | null>;

export const MFA_PRESENT = "aws:multifactorauthpresent";
export const MFA_AGE = "aws:multifactorauthage";

export type CredentialContextName = "accessKeys" | "temporaryNoMfa" | "mfa";

/**
 * The three ways a person's request can be signed: long-term access keys (no MFA key at all),
 * temporary credentials obtained without MFA, and with MFA (`ageSeconds` after sign-in).
 */
export function credentialContext(name: CredentialContextName, ageSeconds = 300): RequestContext {
  const tls: [string, string[]] = ["aws:securetransport", ["true"]];
  switch (name) {
    case "accessKeys":
      return new Map([[MFA_PRESENT, null], [MFA_AGE, null], tls]);
    case "temporaryNoMfa":
      return new Map([[MFA_PRESENT, ["false"]], [MFA_AGE, null], tls]);
    case "mfa":
      return new Map([[MFA_PRESENT, ["true"]], [MFA_AGE, [String(ageSeconds)]], tls]);
  }
}

/** IAM's condition operators, as AWS writes them. */
export const CONDITION_OPERATOR_NAMES = [
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
] as const;

export const CONDITION_OPERATORS: readonly string[] = CONDITION_OPERATOR_NAMES.map((o) => o.toLowerCase());

const NEGATED = new Set(["stringnotequals", "stringnotequalsignorecase", "stringnotlike", "numericnotequals", "datenotequals", "notipaddress", "arnnotequals", "arnnotlike"]);

/**
 * Whether IAM knows an operator (lowercase, without IfExists): every one takes IfExists but
 * Null, which already tests whether the key exists ("NullIfExists" is rejected).
 */
export function isKnownOperator(base: string, ifExists = false): boolean {
  return CONDITION_OPERATORS.includes(base) && !(ifExists && base === "null");
}

/** The operators that match a string against the condition's values: the key must be present and have one of them. */
const STRING_MATCH_OPERATORS: ReadonlySet<string> = new Set(["stringequals", "stringlike", "stringequalsignorecase"]);
const ARN_MATCH_OPERATORS: ReadonlySet<string> = new Set(["arnequals", "arnlike"]);

/**
 * Whether a test lets a request through only with one of its values: a positive string
 * operator (StringEquals, StringLike, StringEqualsIgnoreCase), without IfExists and not
 * `ForAllValues:` (which is true when the key is absent). The one list for checks that a policy
 * requires a value (external id, web-identity subject, MFA).
 */
export function requiresStringMatch(test: ConditionTest): boolean {
  return !test.ifExists && test.qualifier !== "forallvalues" && STRING_MATCH_OPERATORS.has(test.base);
}

/** `requiresStringMatch`, or the same with a positive ARN operator (ArnEquals, ArnLike): for keys whose values are ARNs or ids. */
export function requiresMatch(test: ConditionTest): boolean {
  return requiresStringMatch(test) || (!test.ifExists && test.qualifier !== "forallvalues" && ARN_MATCH_OPERATORS.has(test.base));
}

/**
 * The ARN operators (`ArnEquals` and `ArnLike` alike) match each part on its own: a `*` stays
 * within its part. Undefined when either side is not an ARN (neither the operator nor its
 * negation then matches).
 */
function arnMatch(pattern: string, arn: string): boolean | undefined {
  const p = arnParts(pattern);
  const a = arnParts(arn);
  if (p === undefined || a === undefined) return undefined;
  return p.every((part, i) => wildcardMatch(part, a[i]));
}

/**
 * A numeric or date condition value as a number, or undefined when it does not parse (it then
 * never matches). A date is ISO 8601 or, written as a whole number, epoch (UNIX) seconds.
 */
function quantity(numeric: boolean, text: string): number | undefined {
  const n = numeric ? (text.trim() === "" ? NaN : Number(text)) : /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * One value of the request against one value of the condition, for the operator without its
 * negation: undefined when a number, date or ARN does not parse (IAM's engine then matches
 * neither the operator nor its negation).
 */
function matchesOne(base: string, requestValue: string, conditionValue: string): boolean | undefined {
  switch (base) {
    case "stringequals":
    case "stringnotequals":
    case "binaryequals":
      return requestValue === conditionValue;
    case "arnequals":
    case "arnnotequals":
    case "arnlike":
    case "arnnotlike":
      return arnMatch(conditionValue, requestValue);
    case "stringequalsignorecase":
    case "stringnotequalsignorecase":
      return requestValue.toLowerCase() === conditionValue.toLowerCase();
    case "stringlike":
    case "stringnotlike":
      return wildcardMatch(conditionValue, requestValue);
    case "bool":
      return /^(true|false)$/i.test(conditionValue) && requestValue.toLowerCase() === conditionValue.toLowerCase();
    default: {
      const numeric = base.startsWith("numeric");
      const a = quantity(numeric, requestValue);
      const b = quantity(numeric, conditionValue);
      if (a === undefined || b === undefined) return undefined;
      const cmp = base.replace(/^(numeric|date)(not)?/, "");
      if (cmp === "equals") return a === b;
      if (cmp === "lessthan") return a < b;
      if (cmp === "lessthanequals") return a <= b;
      if (cmp === "greaterthan") return a > b;
      return a >= b; // greaterthanequals
    }
  }
}

export function evaluateTest(test: ConditionTest, ctx: RequestContext): Truth {
  if (!ctx.has(test.key) || !isKnownOperator(test.base, test.ifExists) || test.base === "ipaddress" || test.base === "notipaddress") return "unknown";
  const present = ctx.get(test.key) ?? null;
  if (test.base === "null") {
    const wantsAbsent = test.values.some((v) => v.toLowerCase() === "true");
    const wantsPresent = test.values.some((v) => v.toLowerCase() === "false");
    return (present === null ? wantsAbsent : wantsPresent) ? "true" : "false";
  }
  const negated = NEGATED.has(test.base);
  if (present === null) {
    if (test.ifExists) return "true";
    if (test.qualifier === "forallvalues") return "true";
    if (test.qualifier === "foranyvalue") return "false";
    return negated ? "true" : "false";
  }
  // One request value: the positive operator matches if some condition value does; the negated
  // one if every condition value parses and none matches.
  const holds = (rv: string) => (negated ? test.values.every((cv) => matchesOne(test.base, rv, cv) === false) : test.values.some((cv) => matchesOne(test.base, rv, cv) === true));
  let result: boolean;
  if (test.qualifier === "forallvalues") result = present.every(holds);
  else if (test.qualifier === "foranyvalue") result = present.some(holds);
  // A single-valued operator on a key with several values: engines disagree, so it stays undecided.
  else if (present.length !== 1) return "unknown";
  else result = holds(present[0]);
  return result ? "true" : "false";
}

/** All of a statement's tests (IAM ANDs them). */
export function evaluateConditions(statement: NormalStatement, ctx: RequestContext): Truth {
  let truth: Truth = "true";
  for (const test of statement.conditions) {
    const t = evaluateTest(test, ctx);
    if (t === "false") return "false";
    if (t === "unknown") truth = "unknown";
  }
  return truth;
}
