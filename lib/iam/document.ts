/**
 * The shape of an IAM policy document as AWS accepts it. Every builder in this folder returns
 * these types and the policy pack reads the same ones (through `parse.ts`), so the program and
 * the pack agree on one definition of a document.
 */

export type OneOrMany<T> = T | T[];

/** Condition block: operator -> key -> value(s). AWS accepts strings, numbers and booleans. */
export type ConditionValue = string | number | boolean;
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export type PrincipalBlock = "*" | Partial<Record<"AWS" | "Service" | "Federated" | "CanonicalUser", OneOrMany<string>>>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Id?: string;
  Statement: Statement[];
}

/**
 * An IAM document or statement as a component argument: a plain JSON object, so that every Pulumi
 * language can pass one (its schema type is `Any`). A `PolicyDocument` or `Statement` is one; the
 * component checks the shape when it is created (`parsePolicyDocument`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, checked at run time
export type IamJson = Record<string, any>;

export const POLICY_VERSION = "2012-10-17" as const;

/** A document from statements; Sids must be unique (AWS rejects duplicates). */
export function policyDocument(statements: Statement[]): PolicyDocument {
  const seen = new Set<string>();
  for (const s of statements) {
    if (s.Sid === undefined) continue;
    if (seen.has(s.Sid)) throw new Error(`duplicate Sid "${s.Sid}" in policy document`);
    seen.add(s.Sid);
  }
  return { Version: POLICY_VERSION, Statement: statements };
}

/** IAM Sids are alphanumeric only: turn any label into one. */
export function toSid(...parts: string[]): string {
  return parts
    .map((p) => p.split(/[^A-Za-z0-9]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(""))
    .join("");
}

/**
 * A document's size as IAM counts it against its quotas: the characters of its JSON, white space
 * not counted (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export function policySize(doc: object): number {
  return JSON.stringify(doc).replace(/\s/g, "").length;
}
