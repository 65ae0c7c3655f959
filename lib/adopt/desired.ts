/**
 * What the layout wants each identity to be, in the terms the AWS provider uses (the inputs the
 * components register), so adoption can compare it with what exists. Pure: no Pulumi.
 */
import { grantLabel, ResolvedLayout, ResolvedRole } from "../../config/layout";
import { roleArn, userArn } from "../iam/arn";
import { assumeRolesPolicy, mfaTrustPolicy, selfServiceMfaPolicy } from "../iam/builders";
import { PolicyDocument } from "../iam/document";

/** Tags the layout puts on every identity it manages. */
export function layoutTags(environment: string): Record<string, string> {
  return { "iam-baseline:environment": environment, "iam-baseline:managed-by": "pulumi" };
}

/** The inline policy names the components give their group and role policies. */
export const INLINE_POLICY_NAMES = { group: "assume-roles", selfService: "self-service-mfa", role: "inline" } as const;

export function defaultRoleDescription(L: ResolvedLayout, role: ResolvedRole): string {
  return role.description ?? `${role.key} for people of ${L.environment}, assumable with MFA only`;
}

export function desiredTrust(L: ResolvedLayout, role: ResolvedRole, accountKey: string): PolicyDocument {
  const holders = L.holdersOf[`${role.key}@${accountKey}`] ?? [];
  const trust = mfaTrustPolicy({
    identityAccountId: L.identityAccountId,
    principalArns: holders.map((u) => userArn(L.identityAccountId, L.users[u].physicalName, L.users[u].path, L.partition)),
    mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
    validUntil: role.validUntil,
    partition: L.partition,
  });
  trust.Statement.push(...role.additionalTrustStatements);
  return trust;
}

export function desiredGroupPolicy(L: ResolvedLayout, groupKey: string): PolicyDocument | undefined {
  const group = L.groups[groupKey];
  if (group.grants.length === 0) return undefined;
  return assumeRolesPolicy(
    group.grants.map((g) => ({
      label: grantLabel(g),
      roleArn: roleArn(L.accounts[g.account].id, L.roles[g.role].physicalName, L.roles[g.role].path, L.partition),
      mfaMaxAgeSeconds: L.roles[g.role].mfaMaxAgeSeconds,
      validUntil: L.roles[g.role].validUntil,
    })),
  );
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
