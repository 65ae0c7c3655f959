/**
 * Three-valued evaluation of IAM conditions in a modelled request context. Keys the context
 * models (the MFA keys, TLS, time) are evaluated as IAM does, including `...IfExists`, `Null`,
 * negated operators and set qualifiers on a missing key; any other key is `unknown`, and each
 * caller decides which way an unknown leans (an Allow may apply, a Deny may not).
 */
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

export function isKnownOperator(base: string): boolean {
  return CONDITION_OPERATORS.includes(base);
}

/** One value of the request against one value of the condition, for a positive operator. */
function matchesOne(base: string, requestValue: string, conditionValue: string): boolean {
  switch (base) {
    case "stringequals":
    case "stringnotequals":
    case "arnequals":
    case "arnnotequals":
    case "binaryequals":
      return base.startsWith("arn") ? wildcardMatch(conditionValue, requestValue) && conditionValue.split(":").length === requestValue.split(":").length : requestValue === conditionValue;
    case "stringequalsignorecase":
    case "stringnotequalsignorecase":
      return requestValue.toLowerCase() === conditionValue.toLowerCase();
    case "stringlike":
    case "stringnotlike":
    case "arnlike":
    case "arnnotlike":
      return wildcardMatch(conditionValue, requestValue);
    case "bool":
      return /^(true|false)$/i.test(conditionValue) && requestValue.toLowerCase() === conditionValue.toLowerCase();
    default: {
      const numeric = base.startsWith("numeric");
      const a = numeric ? Number(requestValue) : Date.parse(requestValue);
      const b = numeric ? Number(conditionValue) : Date.parse(conditionValue);
      if (!Number.isFinite(a) || !Number.isFinite(b) || conditionValue.trim() === "") return false;
      const cmp = base.replace(/^(numeric|date)/, "").replace(/^not/, "");
      if (cmp === "equals") return a === b;
      if (cmp === "lessthan") return a < b;
      if (cmp === "lessthanequals") return a <= b;
      if (cmp === "greaterthan") return a > b;
      if (cmp === "greaterthanequals") return a >= b;
      return false;
    }
  }
}

export function evaluateTest(test: ConditionTest, ctx: RequestContext): Truth {
  if (!ctx.has(test.key) || !isKnownOperator(test.base) || test.base === "ipaddress" || test.base === "notipaddress") return "unknown";
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
  const valueMatches = (rv: string) => test.values.some((cv) => matchesOne(test.base, rv, cv));
  let result: boolean;
  if (test.qualifier === "forallvalues") result = present.every((rv) => (negated ? !valueMatches(rv) : valueMatches(rv)));
  else if (test.qualifier === "foranyvalue") result = present.some((rv) => (negated ? !valueMatches(rv) : valueMatches(rv)));
  else result = negated ? !present.some(valueMatches) : present.some(valueMatches);
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
