/**
 * What the layout wants each identity to be, in the terms the AWS provider uses (the inputs the
 * components register), so adoption can compare it with what exists. Pure: no Pulumi.
 */
import { groupGrants, layoutUserArn, ResolvedLayout, ResolvedRole } from "../../config/layout";
import { assumeRolesDocuments, DEFAULT_GRANT_LIMITS, roleTrust, selfServiceMfaPolicy, TrustForm } from "../iam/builders";
import { PolicyDocument, Statement } from "../iam/document";

/** Tags the layout puts on every identity it manages. */
export function layoutTags(environment: string): Record<string, string> {
  return { "iam-baseline:environment": environment, "iam-baseline:managed-by": "pulumi" };
}

/** The inline policy names the components give their group and role policies. */
export const INLINE_POLICY_NAMES = { group: "assume-roles", selfService: "self-service-mfa", role: "inline" } as const;

export function defaultRoleDescription(L: ResolvedLayout, role: ResolvedRole): string {
  return role.description ?? `${role.key} for people of ${L.environment}, assumable with MFA only`;
}

/** The trust the role gets once it follows the layout: the form validation chose for it, as `IdentityLayout` builds it. */
export function desiredTrust(L: ResolvedLayout, role: ResolvedRole, accountKey: string): PolicyDocument {
  const label = `${role.key}@${accountKey}`;
  const form = L.trustForms[label] as TrustForm; // what validation chose (the layout keeps it as a plain string)
  return roleTrust({
    identityAccountId: L.identityAccountId,
    holderArns: form === "path" ? [] : (L.holdersOf[label] ?? []).map((u) => layoutUserArn(L, u)),
    peoplePath: form === "path" ? L.userPath : undefined,
    form,
    maxChars: L.quotas.trustPolicyChars,
    mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
    validUntil: role.validUntil,
    partition: L.partition,
    additionalStatements: role.additionalTrustStatements as Statement[], // statements the schema checked
  }).document;
}

/** The group's grant documents: the inline `assume-roles` policy first, then those spilled into managed policies. */
export function desiredGroupPolicies(L: ResolvedLayout, groupKey: string): PolicyDocument[] {
  return assumeRolesDocuments(groupGrants(L, L.groups[groupKey]), DEFAULT_GRANT_LIMITS);
}

export function desiredSelfServicePolicy(L: ResolvedLayout): PolicyDocument {
  return selfServiceMfaPolicy(L.partition);
}

/** JSON with object keys sorted, single values and one-element lists equal: two documents that IAM stores alike compare equal. */
export function canonicalJson(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.length === 1 ? norm(x[0]) : x.map(norm);
    if (x && typeof x === "object") {
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, norm((x as Record<string, unknown>)[k])]),
      );
    }
    return typeof x === "number" || typeof x === "boolean" ? String(x) : x;
  };
  return JSON.stringify(norm(v));
}

export const sameDocument = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
