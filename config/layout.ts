/**
 * The resolved layout: the validated config with every cross reference turned into explicit
 * (role, account) grants and every name made physical. Components take this, so they never
 * have to re-check the config.
 */
import { IamJson } from "../lib/iam/document";

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
  /** What deploys but deserves a look (an expired grant, a role nobody holds): `pulumi.log.warn` each. */
  warnings: { path: string; message: string }[];
}

export const grantLabel = (g: RoleGrant): string => `${g.role}@${g.account}`;
