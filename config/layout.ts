/**
 * The resolved layout: the validated config with every cross reference turned into explicit
 * (role, account) grants and every name made physical. Components take this, so they never
 * have to re-check the config.
 */
import { roleArn, userArn } from "../lib/iam/arn";
import { AssumableRoleGrant } from "../lib/iam/builders";
import { IamJson } from "../lib/iam/document";
import { QuotaValues } from "./quotas";

// Plain interfaces, no unions: IdentityLayoutArgs.layout is part of the component package's schema.

/** An account after validation (`accounts.<key>` of the config). */
export interface ResolvedAccount {
  id: string;
  deployRoleArn?: string;
  externalId?: string;
  region?: string;
}

/** The password policy after defaults. */
export interface ResolvedPasswordPolicy {
  minimumLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
  allowUsersToChangePassword: boolean;
  reusePrevention: number;
  maxAgeDays: number;
}

/** Something that deploys but deserves a look. */
export interface LayoutWarning {
  /** The config key path, e.g. `roles.Incident.validUntil`. */
  path: string;
  message: string;
}

export interface RoleGrant {
  role: string;
  account: string;
}

export interface ResolvedRole {
  key: string;
  physicalName: string;
  description?: string;
  accounts: string[];
  managedPolicyArns: string[];
  /** A validated IAM policy document. */
  inlinePolicy?: IamJson;
  maxSessionSeconds: number;
  mfaMaxAgeSeconds: number;
  permissionsBoundaryArn?: string;
  validUntil?: string;
  path: string;
  tags: Record<string, string>;
  additionalTrustStatements: IamJson[];
}

export interface ResolvedGroup {
  key: string;
  physicalName: string;
  grants: RoleGrant[];
}

export interface ResolvedUser {
  key: string;
  physicalName: string;
  path: string;
  groups: string[];
  console: boolean;
  accessKeySlots: string[];
  pgpKey?: string;
  /** The `mfa_serial` of the person's profiles: their device's ARN (by default `mfa/<user name>`) or a hardware serial. */
  mfaSerial: string;
  tags: Record<string, string>;
}

export interface ResolvedLayout {
  /** Where the config came from, for messages: `Pulumi.dev.yaml`. */
  source: string;
  environment: string;
  identityAccountId: string;
  partition: string;
  selfServiceGroupName: string;
  accounts: Record<string, ResolvedAccount>;
  roles: Record<string, ResolvedRole>;
  groups: Record<string, ResolvedGroup>;
  users: Record<string, ResolvedUser>;
  passwordPolicy: ResolvedPasswordPolicy;
  /** user -> the role@account grants of all their groups, sorted and without duplicates. */
  grantsOfUser: Record<string, RoleGrant[]>;
  /** `Role@account` -> the users who may assume it. */
  holdersOf: Record<string, string[]>;
  /** The IAM path the layout's users live under ("/" when it has none of its own). */
  userPath: string;
  /** The trust form asked for in the config. */
  trustForm: string;
  /** `Role@account` -> the form its trust takes (the automatic choice made, see `roleTrust`). */
  trustForms: Record<string, string>;
  /** The quotas in force (defaults, or raised ones from the config). */
  quotas: QuotaValues;
  /** What deploys but deserves a look (an expired grant, a role nobody holds): `pulumi.log.warn` each. */
  warnings: LayoutWarning[];
}

/** The ARN of one of the layout's users, known at preview. */
export function layoutUserArn(L: Pick<ResolvedLayout, "identityAccountId" | "partition" | "users">, userKey: string): string {
  const u = L.users[userKey];
  return userArn(L.identityAccountId, u.physicalName, u.path, L.partition);
}

/** The ARN of one of the layout's roles in one account, known at preview. */
export function layoutRoleArn(L: Pick<ResolvedLayout, "partition" | "accounts" | "roles">, g: RoleGrant): string {
  const r = L.roles[g.role];
  return roleArn(L.accounts[g.account].id, r.physicalName, r.path, L.partition);
}

/** A group's grants as the group policy builder takes them. */
export function groupGrants(L: Pick<ResolvedLayout, "partition" | "accounts" | "roles">, group: ResolvedGroup): AssumableRoleGrant[] {
  return group.grants.map((g) => ({
    label: grantLabel(g),
    roleArn: layoutRoleArn(L, g),
    mfaMaxAgeSeconds: L.roles[g.role].mfaMaxAgeSeconds,
    validUntil: L.roles[g.role].validUntil,
  }));
}

export { grantPolicyName } from "../lib/iam/builders";

export const grantLabel = (g: RoleGrant): string => `${g.role}@${g.account}`;
