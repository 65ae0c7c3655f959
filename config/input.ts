/**
 * The layout config as plain interfaces: the keys of the `iam-baseline:` stack config, for a
 * program (in any Pulumi language) that passes them to `IdentityLayout` as `config`. No unions or
 * enums, so Pulumi's schema inference can read it; `resolveLayout` checks every value and cross
 * reference at run time (the zod schema in `schema.ts` is the one source of the rules).
 */
import { IamJson } from "../lib/iam/document";

/** An AWS account the layout creates roles in. */
export interface AccountInput {
  /** The 12-digit account id, as a string. */
  id: string;
  /** The role the deployer assumes to manage this account; absent for the identity account (the default provider's). */
  deployRoleArn?: string;
  /** External id for assuming `deployRoleArn`. */
  externalId?: string;
  /** The region of this account's provider (default: the default provider's). */
  region?: string;
}

/** A role created in each of its accounts, assumable with MFA only. */
export interface RoleInput {
  /** The role's description (default: what it is for and that it needs MFA). */
  description?: string;
  /** Account keys the role is created in (default: every account). */
  accounts?: string[];
  /** AWS managed policy names (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`) or policy ARNs. */
  managedPolicies?: string[];
  /** An IAM policy document attached inline. */
  inlinePolicy?: IamJson;
  /** Maximum session length in seconds, 3600 to 43200 (default 3600). */
  maxSessionSeconds?: number;
  /** The `aws:MultiFactorAuthAge` bound in seconds, 900 to 129600 (default 3600). */
  mfaMaxAgeSeconds?: number;
  /** A managed policy name or ARN used as the permissions boundary. */
  permissionsBoundary?: string;
  /** ISO time after which the grant stops working: a time-boxed role. */
  validUntil?: string;
  /** IAM path (default `/`). */
  path?: string;
  /** Tags on the role. */
  tags?: Record<string, string>;
  /** Extra trust statements (a service, a CI role), not made to require MFA; the policy pack checks them. */
  additionalTrustStatements?: IamJson[];
}

/** A group of the identity account. */
export interface GroupInput {
  /** `Role` (in every account that has it) or `Role@account`. */
  roles?: string[];
}

/** A person: an IAM user of the identity account with no permissions of its own. */
export interface UserInput {
  /** Group keys (at least one). */
  groups?: string[];
  /** Create a console login profile (password reset required at first sign-in). */
  console?: boolean;
  /** Up to two named access key slots, e.g. `[blue]` then `[blue, green]` to rotate. */
  accessKeys?: string[];
  /** A base64 PGP public key or `keybase:user`: password and key secrets are encrypted to it. */
  pgpKey?: string;
  /** The person's MFA device when not the virtual one named after them (a hardware token's serial, or its ARN). */
  mfaSerial?: string;
  /** IAM path (default `/`). */
  path?: string;
  /** Tags on the user. */
  tags?: Record<string, string>;
}

/** The account password policy (defaults: length 14, every character class, reuse 24, max age 90 days). */
export interface PasswordPolicyInput {
  /** At least 14 (default 14). */
  minimumLength?: number;
  /** Default true. */
  requireLowercase?: boolean;
  /** Default true. */
  requireUppercase?: boolean;
  /** Default true. */
  requireNumbers?: boolean;
  /** Default true. */
  requireSymbols?: boolean;
  /** Default true. */
  allowUsersToChangePassword?: boolean;
  /** Previous passwords that cannot be reused, 1 to 24 (default 24). */
  reusePrevention?: number;
  /** Days before a password expires (default 90). */
  maxAgeDays?: number;
}

/** IAM quotas raised through Service Quotas (defaults: AWS's). */
export interface QuotasInput {
  /** Role trust policy length: 2048, up to 4096. */
  trustPolicyChars?: number;
  /** Managed policies per role: 10, up to 20. */
  managedPoliciesPerRole?: number;
  /** Groups per account. */
  groupsPerAccount?: number;
  /** Roles per account. */
  rolesPerAccount?: number;
  /** Customer managed policies per account. */
  customerManagedPoliciesPerAccount?: number;
}

/** The whole layout config, keyed as in `Pulumi.<stack>.yaml` under `iam-baseline:`. */
export interface IdentityLayoutConfig {
  /** Label used in tags and profile names (`dev`, `prod`). */
  environment: string;
  /** The 12-digit id of the account where users and groups live: the default provider's. */
  identityAccountId: string;
  /** `aws` (default), `aws-us-gov` or `aws-cn`. */
  partition?: string;
  /** Prefix of every IAM name (users, groups, roles). */
  namePrefix?: string;
  /** Name of the self-service group (default `SelfServiceMfa`). */
  selfServiceGroupName?: string;
  /** account key -> account; the key names it in roles and groups (`Admin@sandbox`). */
  accounts: Record<string, AccountInput>;
  /** role key -> role; the key is the role's name (after `namePrefix`) and its Pulumi resource name. */
  roles: Record<string, RoleInput>;
  /** group key -> group; the key is the group's name (after `namePrefix`). */
  groups: Record<string, GroupInput>;
  /** user key -> person; the key is the user's name (after `namePrefix`). */
  users: Record<string, UserInput>;
  /** The account password policy. */
  passwordPolicy?: PasswordPolicyInput;
  /** IAM's trust policy size quota, 2048 (default) to 4096 (older spelling of `quotas.trustPolicyChars`). */
  trustPolicyMaxChars?: number;
  /** The IAM path every user of the layout lives under (default `/`), e.g. `/people/`. */
  userPath?: string;
  /** How role trusts name people: `auto` (default: exact ARNs while they fit, else the user path), `exact` or `path`. */
  trustForm?: string;
  /** Quotas AWS has raised for your accounts through Service Quotas. */
  quotas?: QuotasInput;
}
