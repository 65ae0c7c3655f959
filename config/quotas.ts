/**
 * IAM's quotas that a layout can reach, and the checks that refuse a layout over any of them at
 * validation (before anything is registered), instead of halfway through `pulumi up`.
 *
 * Values from AWS's "IAM and AWS STS quotas" page:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * ("IAM object quotas" and "IAM and STS character limits"). Policy sizes are counted as IAM counts
 * them: characters of the JSON, white space not counted (`policySize`). Quotas that can be raised
 * through Service Quotas take the raised value from the `quotas` config key, bounded by the
 * largest value AWS grants.
 */
import { policySize, PolicyDocument } from "../lib/iam/document";

export const IAM_QUOTAS_PAGE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

/** A quota that Service Quotas can raise: its default and the largest value AWS grants. */
export interface RaisableQuota {
  default: number;
  max: number;
}

export const IAM_QUOTAS = {
  /** Role trust policy length, non-white-space characters: 2,048, raisable to 4,096. */
  trustPolicyChars: { default: 2048, max: 4096 } as RaisableQuota,
  /** Aggregate size of all inline policies of a group. */
  groupInlinePolicyChars: 5120,
  /** Aggregate size of all inline policies of a role. */
  roleInlinePolicyChars: 10240,
  /** Aggregate size of all inline policies of a user (the layout gives users none). */
  userInlinePolicyChars: 2048,
  /** Size of one customer managed policy. */
  managedPolicyChars: 6144,
  /** Managed policies attached to a role: 10, raisable to 20. */
  managedPoliciesPerRole: { default: 10, max: 20 } as RaisableQuota,
  /** Managed policies attached to a group. */
  managedPoliciesPerGroup: 10,
  /** Groups an IAM user can be a member of. */
  groupsPerUser: 10,
  /** IAM users in an account (not raisable: use more identity accounts, or federation). */
  usersPerAccount: 5000,
  /** IAM groups in an account: 300, raisable to 500. */
  groupsPerAccount: { default: 300, max: 500 } as RaisableQuota,
  /** IAM roles in an account: 1,000, raisable to 5,000. */
  rolesPerAccount: { default: 1000, max: 5000 } as RaisableQuota,
  /** Customer managed policies in an account: 1,500, raisable to 5,000. */
  customerManagedPoliciesPerAccount: { default: 1500, max: 5000 } as RaisableQuota,
  /** Role name length. */
  roleNameChars: 64,
  /** Path and role name together, for the console's Switch Role. */
  switchRolePathAndNameChars: 64,
  /** Managed policy name length. */
  policyNameChars: 128,
} as const;

/** The quotas in force for a stack: defaults, or the raised values of the `quotas` config key. */
export interface QuotaValues {
  trustPolicyChars: number;
  managedPoliciesPerRole: number;
  groupsPerAccount: number;
  rolesPerAccount: number;
  customerManagedPoliciesPerAccount: number;
}

export const RAISABLE_QUOTA_KEYS = ["trustPolicyChars", "managedPoliciesPerRole", "groupsPerAccount", "rolesPerAccount", "customerManagedPoliciesPerAccount"] as const;

export function defaultQuotas(): QuotaValues {
  return {
    trustPolicyChars: IAM_QUOTAS.trustPolicyChars.default,
    managedPoliciesPerRole: IAM_QUOTAS.managedPoliciesPerRole.default,
    groupsPerAccount: IAM_QUOTAS.groupsPerAccount.default,
    rolesPerAccount: IAM_QUOTAS.rolesPerAccount.default,
    customerManagedPoliciesPerAccount: IAM_QUOTAS.customerManagedPoliciesPerAccount.default,
  };
}

/** The config key that raises a quota, with the advice to file the increase first. */
function raise(key: keyof QuotaValues, current: number): string {
  const max = IAM_QUOTAS[key].max;
  return current < max
    ? `or, once AWS has raised the quota for the account (Service Quotas), set iam-baseline:quotas.${key} (up to ${max})`
    : `(${current} is already the largest value AWS grants)`;
}

export interface QuotaProblem {
  path: string;
  message: string;
}

/** What the layout will create, as far as the quotas see it. Names are physical. */
export interface QuotaSubject {
  identityAccountId: string;
  /** account key -> account id */
  accounts: Record<string, string>;
  roles: { key: string; physicalName: string; path: string; accounts: string[]; managedPolicyArns: string[]; inlinePolicy?: PolicyDocument }[];
  /** Every group of the identity account the layout creates (the self-service group too), with its grant documents. */
  groups: { key: string; path: string; physicalName: string; grantDocuments: PolicyDocument[]; managedPolicyNames: string[] }[];
  users: { key: string; groupCount: number }[];
  /** role key -> account key -> its trust */
  trusts: { role: string; account: string; size: number; holders: number; form: "exact" | "path" }[];
  selfServiceGroupName: string;
  /** True when the layout has a user path of its own (the path form is available). */
  hasUserPath: boolean;
}

/** Every quota the layout can reach, checked; one problem per excess, with a fix that works. */
export function checkQuotas(s: QuotaSubject, q: QuotaValues): QuotaProblem[] {
  const problems: QuotaProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });

  // Role trusts: 2,048 (4,096 raised) characters.
  for (const t of s.trusts) {
    if (t.size <= q.trustPolicyChars) continue;
    const what = t.form === "exact" ? `names ${t.holders} users and` : "(path form)";
    const fix =
      t.form === "exact" && !s.hasUserPath
        ? `Set iam-baseline:userPath (e.g. "/people/"): the trust then admits the layout's users by path and stays the same size for any number of people (the users move to that path in place; see README "Upgrading")`
        : t.form === "exact"
          ? `Set iam-baseline:trustForm to auto or path: the path form stays the same size for any number of people`
          : `Shorten roles.${t.role}.additionalTrustStatements`;
    report(`roles.${t.role}`, `the trust of ${t.role}@${t.account} ${what} would be ${t.size} characters; IAM allows ${q.trustPolicyChars} per trust policy. ${fix}, ${raise("trustPolicyChars", q.trustPolicyChars)}.`);
  }

  // Roles: inline aggregate, managed policies per role, name for the console's Switch Role, count per account.
  const rolesIn = new Map<string, string[]>();
  for (const role of s.roles) {
    for (const a of role.accounts) (rolesIn.get(a) ?? rolesIn.set(a, []).get(a)!).push(role.key);
    if (role.inlinePolicy !== undefined) {
      const size = policySize(role.inlinePolicy);
      if (size > IAM_QUOTAS.roleInlinePolicyChars) {
        report(`roles.${role.key}.inlinePolicy`, `is ${size} characters; IAM allows ${IAM_QUOTAS.roleInlinePolicyChars} for a role's inline policies together. Move statements into a customer managed policy (${IAM_QUOTAS.managedPolicyChars} characters each) and list its ARN in roles.${role.key}.managedPolicies.`);
      }
    }
    if (role.managedPolicyArns.length > q.managedPoliciesPerRole) {
      report(`roles.${role.key}.managedPolicies`, `lists ${role.managedPolicyArns.length} policies; IAM attaches at most ${q.managedPoliciesPerRole} to a role. Merge some into one customer managed policy, ${raise("managedPoliciesPerRole", q.managedPoliciesPerRole)}.`);
    }
    const switchName = `${role.path.replace(/^\/+/, "")}${role.physicalName}`;
    if (role.physicalName.length <= IAM_QUOTAS.roleNameChars && switchName.length > IAM_QUOTAS.switchRolePathAndNameChars) {
      report(`roles.${role.key}.path`, `path and name "${switchName}" are ${switchName.length} characters; the console's Switch Role accepts ${IAM_QUOTAS.switchRolePathAndNameChars}, so the switchRoleUrls would not work. Shorten roles.${role.key}.path (or the role name).`);
    }
  }
  for (const [account, keys] of rolesIn) {
    if (keys.length > q.rolesPerAccount) {
      report(`roles`, `the layout creates ${keys.length} roles in account ${account} (${s.accounts[account]}); IAM allows ${q.rolesPerAccount} per account, existing roles included. Give fewer roles to that account (roles.<Role>.accounts), ${raise("rolesPerAccount", q.rolesPerAccount)}.`);
    }
  }

  // Groups: inline aggregate, managed policies per group, managed policy size, count per account.
  let customerPolicies = 0;
  for (const g of s.groups) {
    const [inline, ...managed] = g.grantDocuments;
    customerPolicies += managed.length;
    if (inline !== undefined && policySize(inline) > IAM_QUOTAS.groupInlinePolicyChars) {
      report(`groups.${g.key}.roles`, `the group's inline policy would be ${policySize(inline)} characters; IAM allows ${IAM_QUOTAS.groupInlinePolicyChars} for a group's inline policies together. Split the roles across two groups.`);
    }
    managed.forEach((doc, i) => {
      if (policySize(doc) > IAM_QUOTAS.managedPolicyChars) {
        report(`groups.${g.key}.roles`, `the group's managed policy ${g.managedPolicyNames[i]} would be ${policySize(doc)} characters; IAM allows ${IAM_QUOTAS.managedPolicyChars} per managed policy. Split the roles across two groups.`);
      }
    });
    if (managed.length > IAM_QUOTAS.managedPoliciesPerGroup) {
      report(`groups.${g.key}.roles`, `the group's grants need ${managed.length} managed policies besides its inline one; IAM attaches at most ${IAM_QUOTAS.managedPoliciesPerGroup} to a group. Split the roles across two groups (a user may be in ${IAM_QUOTAS.groupsPerUser - 1} groups besides the self-service one).`);
    }
    for (const name of g.managedPolicyNames) {
      if (name.length > IAM_QUOTAS.policyNameChars) report(`groups.${g.key}`, `managed policy name "${name}" is ${name.length} characters; IAM allows ${IAM_QUOTAS.policyNameChars}. Shorten the group's name.`);
    }
  }
  if (s.groups.length > q.groupsPerAccount) {
    report(`groups`, `the layout creates ${s.groups.length} groups (the self-service group ${s.selfServiceGroupName} included) in the identity account ${s.identityAccountId}; IAM allows ${q.groupsPerAccount} per account, existing groups included. Merge groups that hold the same roles, ${raise("groupsPerAccount", q.groupsPerAccount)}.`);
  }
  if (customerPolicies > q.customerManagedPoliciesPerAccount) {
    report(`groups`, `the groups' grants need ${customerPolicies} customer managed policies in the identity account ${s.identityAccountId}; IAM allows ${q.customerManagedPoliciesPerAccount} per account, existing ones included. Give groups fewer role@account grants, ${raise("customerManagedPoliciesPerAccount", q.customerManagedPoliciesPerAccount)}.`);
  }

  // Users: groups per user (the self-service group counts), users per account.
  for (const u of s.users) {
    if (u.groupCount + 1 > IAM_QUOTAS.groupsPerUser) {
      report(`users.${u.key}.groups`, `lists ${u.groupCount} groups; with the self-service group that is ${u.groupCount + 1}, and IAM allows a user in ${IAM_QUOTAS.groupsPerUser}. Make a group that holds the roles of several (groups.<Group>.roles) and list that one instead.`);
    }
  }
  if (s.users.length > IAM_QUOTAS.usersPerAccount) {
    report(`users`, `the layout creates ${s.users.length} users in the identity account ${s.identityAccountId}; IAM allows ${IAM_QUOTAS.usersPerAccount} per account and does not raise it. Split the people across identity accounts, one stack each (or move to IAM Identity Center).`);
  }
  return problems;
}

/** The sizes a group's grant documents are packed to (see `assumeRolesDocuments`). */
export const GRANT_LIMITS = { inlineMaxChars: IAM_QUOTAS.groupInlinePolicyChars, managedMaxChars: IAM_QUOTAS.managedPolicyChars } as const;
