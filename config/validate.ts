/**
 * Validation of a layout config: shape (schema), then every cross reference, with one message
 * per problem that names the source file, the key path and what was expected. Nothing in here
 * touches Pulumi, so the same function serves the stack program, a user's own program and tests.
 */
import { z } from "zod";
import { arnAccountId, managedPolicyArn } from "../lib/iam/arn";
import { grantLabel, ResolvedGroup, ResolvedLayout, ResolvedRole, ResolvedUser, RoleGrant } from "./layout";
import { mfaTrustPolicy } from "../lib/iam/builders";
import { managedPolicyProblem } from "../lib/iam/managedPolicies";
import { userArn } from "../lib/iam/arn";
import { IAM_NAME_PATTERN, LayoutConfig, layoutConfigSchema, NAME_LIMITS } from "./schema";

export const CONFIG_NAMESPACE = "iam-baseline";

export interface ConfigProblem {
  /** `groups.Developers.roles[1]` */
  path: string;
  message: string;
}

export class LayoutConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(
      `invalid configuration, nothing was deployed (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${source}: ${CONFIG_NAMESPACE}:${p.path}: ${p.message}`).join("\n"),
    );
    this.name = "LayoutConfigError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Validate and resolve; throws `LayoutConfigError` listing every problem. */
export function resolveLayout(raw: unknown, source: string, now: Date = new Date()): ResolvedLayout {
  const parsed = layoutConfigSchema.safeParse(raw);
  if (!parsed.success) throw new LayoutConfigError(source, parsed.error.issues.map((issue) => zodProblem(issue, raw)));
  const problems: ConfigProblem[] = [];
  const layout = resolve(parsed.data, source, now, problems);
  if (problems.length > 0) throw new LayoutConfigError(source, problems);
  return layout;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const seg of path) node = typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
  return node;
}

function zodProblem(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  if (issue.code === "unrecognized_keys") {
    return { path: formatPath(issue.path), message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}` };
  }
  if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
    return { path: formatPath(issue.path), message: `missing; ${issue.message.replace(/^Invalid input: /, "")}` };
  }
  return { path: formatPath(issue.path), message: issue.message };
}

const list = (names: string[]) => (names.length ? names.join(", ") : "(none)");

function resolve(cfg: LayoutConfig, source: string, now: Date, problems: ConfigProblem[]): ResolvedLayout {
  const report = (path: string, message: string) => problems.push({ path, message });
  const warnings: ConfigProblem[] = [];
  const warn = (path: string, message: string) => warnings.push({ path, message });
  const accountKeys = Object.keys(cfg.accounts);
  const roleKeys = Object.keys(cfg.roles);
  const groupKeys = Object.keys(cfg.groups);
  const physical = (key: string) => `${cfg.namePrefix}${key}`;

  // Partition: an ARN of another partition matches nothing in this one (a lock-out, or a deploy that fails halfway).
  const checkPartition = (path: string, value: unknown) => {
    for (const arn of arnsIn(value)) {
      const partition = arn.split(":")[1];
      if (partition !== cfg.partition) report(path, `"${arn}" is in partition ${partition}, expected ${cfg.partition} (the layout's partition)`);
    }
  };
  for (const [key, acct] of Object.entries(cfg.accounts)) checkPartition(`accounts.${key}.deployRoleArn`, acct.deployRoleArn);
  for (const [key, role] of Object.entries(cfg.roles)) {
    role.managedPolicies?.forEach((p, i) => checkPartition(`roles.${key}.managedPolicies[${i}]`, p));
    checkPartition(`roles.${key}.permissionsBoundary`, role.permissionsBoundary);
    checkPartition(`roles.${key}.inlinePolicy`, role.inlinePolicy);
    checkPartition(`roles.${key}.additionalTrustStatements`, role.additionalTrustStatements);
  }

  // Accounts: the default provider is the identity account, so an account without a deploy role must be it.
  if (accountKeys.length === 0) report("accounts", "expected at least one account where roles are created");
  for (const [key, acct] of Object.entries(cfg.accounts)) {
    if (acct.deployRoleArn !== undefined) {
      const inArn = arnAccountId(acct.deployRoleArn);
      if (inArn !== acct.id) report(`accounts.${key}.deployRoleArn`, `role is in account ${inArn ?? "(none)"}, expected a role in the account's own id ${acct.id}`);
    } else if (acct.id !== cfg.identityAccountId) {
      report(`accounts.${key}.deployRoleArn`, `missing; account ${acct.id} is not the identity account ${cfg.identityAccountId}, so a role to deploy through is required`);
    }
  }
  checkNames("accounts", accountKeys, (k) => k, Infinity, report);

  // Roles
  const roles: Record<string, ResolvedRole> = {};
  for (const [key, role] of Object.entries(cfg.roles)) {
    const at = `roles.${key}`;
    const accounts = role.accounts ?? accountKeys;
    role.accounts?.forEach((a, i) => {
      if (!cfg.accounts[a]) report(`${at}.accounts[${i}]`, `unknown account "${a}"; defined accounts: ${list(accountKeys)}`);
    });
    // An AWS managed policy that does not exist fails `pulumi up` halfway: name it now, with the nearest one.
    role.managedPolicies?.forEach((p, i) => {
      const problem = managedPolicyProblem(p);
      if (problem !== undefined) report(`${at}.managedPolicies[${i}]`, problem);
    });
    const boundaryProblem = role.permissionsBoundary === undefined ? undefined : managedPolicyProblem(role.permissionsBoundary);
    if (boundaryProblem !== undefined) report(`${at}.permissionsBoundary`, boundaryProblem);
    if ((role.managedPolicies ?? []).length === 0 && role.inlinePolicy === undefined) {
      report(at, "expected managedPolicies or an inlinePolicy: a role without permissions grants nothing");
    }
    if (role.validUntil !== undefined && Date.parse(role.validUntil) <= now.getTime()) {
      // Not an error: the grant is closed by its own aws:CurrentTime condition, and unrelated changes must still deploy.
      const where = accounts.filter((a) => cfg.accounts[a]).map((a) => `${key}@${a}`);
      warn(`${at}.validUntil`, `the time-boxed grant ${key} (${where.join(", ")}) expired at ${role.validUntil} and no longer works; remove the role or extend validUntil`);
    }
    roles[key] = {
      key,
      physicalName: physical(key),
      description: role.description,
      accounts,
      managedPolicyArns: (role.managedPolicies ?? []).map((p) => managedPolicyArn(p, cfg.partition)),
      inlinePolicy: role.inlinePolicy,
      maxSessionSeconds: role.maxSessionSeconds,
      mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
      permissionsBoundaryArn: role.permissionsBoundary === undefined ? undefined : managedPolicyArn(role.permissionsBoundary, cfg.partition),
      validUntil: role.validUntil,
      path: role.path,
      tags: role.tags ?? {},
      additionalTrustStatements: role.additionalTrustStatements ?? [],
    };
  }
  checkNames("roles", roleKeys, physical, NAME_LIMITS.role, report);
  roleKeys.filter((k) => k.includes("@")).forEach((k) => report(`roles.${k}`, 'expected a role name without "@" (it separates role and account in group grants)'));

  // Groups: `Role` means every account that has it, `Role@account` narrows to one.
  const groups: Record<string, ResolvedGroup> = {};
  for (const [key, group] of Object.entries(cfg.groups)) {
    const grants: RoleGrant[] = [];
    group.roles.forEach((ref, i) => {
      const path = `groups.${key}.roles[${i}]`;
      const [roleKey, accountKey, ...rest] = ref.split("@");
      if (rest.length > 0) {
        report(path, `expected "Role" or "Role@account", got "${ref}"`);
      } else if (!cfg.roles[roleKey]) {
        report(path, `unknown role "${roleKey}"; defined roles: ${list(roleKeys)}`);
      } else if (accountKey === undefined) {
        roles[roleKey].accounts.forEach((account) => grants.push({ role: roleKey, account }));
      } else if (!cfg.accounts[accountKey]) {
        report(path, `unknown account "${accountKey}"; defined accounts: ${list(accountKeys)}`);
      } else if (!roles[roleKey].accounts.includes(accountKey)) {
        report(path, `role "${roleKey}" is not created in account "${accountKey}"; it is in: ${list(roles[roleKey].accounts)}`);
      } else {
        grants.push({ role: roleKey, account: accountKey });
      }
    });
    const unique = new Map(grants.map((g) => [`${g.role}@${g.account}`, g]));
    groups[key] = { key, physicalName: physical(key), grants: [...unique.values()] };
  }
  checkNames("groups", [...groupKeys, cfg.selfServiceGroupName], physical, NAME_LIMITS.group, report);

  // Users
  const users: Record<string, ResolvedUser> = {};
  for (const [key, user] of Object.entries(cfg.users)) {
    const at = `users.${key}`;
    if (user.groups.length === 0) {
      report(`${at}.groups`, `expected at least one group; a user in no group can do nothing but enroll MFA. Defined groups: ${list(groupKeys)}`);
    }
    user.groups.forEach((g, i) => {
      if (!cfg.groups[g]) report(`${at}.groups[${i}]`, `unknown group "${g}"; defined groups: ${list(groupKeys)}`);
    });
    if (new Set(user.accessKeys).size !== user.accessKeys.length) report(`${at}.accessKeys`, "expected distinct slot names");
    users[key] = {
      key,
      physicalName: physical(key),
      path: user.path,
      groups: user.groups,
      console: user.console,
      accessKeySlots: user.accessKeys,
      pgpKey: user.pgpKey,
      tags: user.tags ?? {},
    };
  }
  checkNames("users", Object.keys(cfg.users), physical, NAME_LIMITS.user, report);

  // Who holds what, computed once: users x their groups' grants (linear in memberships).
  const grantsOfUser: Record<string, RoleGrant[]> = {};
  const holdersOf: Record<string, string[]> = {};
  for (const user of Object.values(users)) {
    const byLabel = new Map<string, RoleGrant>();
    for (const g of user.groups) for (const grant of groups[g]?.grants ?? []) byLabel.set(grantLabel(grant), grant);
    grantsOfUser[user.key] = [...byLabel.values()].sort((a, b) => grantLabel(a).localeCompare(grantLabel(b)));
    for (const label of byLabel.keys()) (holdersOf[label] ??= []).push(user.key);
  }

  // Deployable, but not what anyone meant: a role no group holds, a user who cannot use what their groups grant.
  for (const role of Object.values(roles)) {
    const unheld = role.accounts.filter((a) => cfg.accounts[a] && (holdersOf[`${role.key}@${a}`] ?? []).length === 0);
    if (unheld.length > 0) {
      warn(`roles.${role.key}`, `${unheld.map((a) => `${role.key}@${a}`).join(", ")}: no group holds this role, so it is created with a trust that admits nobody; grant it in a group's roles or remove it`);
    }
  }
  for (const user of Object.values(users)) {
    if (user.console || user.accessKeySlots.length > 0) continue;
    const reach = (grantsOfUser[user.key] ?? []).map(grantLabel);
    warn(
      `users.${user.key}`,
      `${user.key} has neither console: true nor accessKeys, so they cannot sign in or call AWS${reach.length ? `, and cannot reach ${reach.join(", ")}` : ""}; add console: true or an access key slot`,
    );
  }

  // IAM refuses a trust policy over its size quota (2048 characters, 4096 after an increase): say so now, not mid-update.
  for (const role of Object.values(roles)) {
    for (const account of role.accounts) {
      const holders = holdersOf[`${role.key}@${account}`] ?? [];
      const trust = mfaTrustPolicy({
        identityAccountId: cfg.identityAccountId,
        principalArns: holders.map((u) => userArn(cfg.identityAccountId, users[u].physicalName, users[u].path, cfg.partition)),
        mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
        validUntil: role.validUntil,
        partition: cfg.partition,
      });
      const size = JSON.stringify(trust).replace(/\s/g, "").length;
      if (size > cfg.trustPolicyMaxChars) {
        report(
          `roles.${role.key}`,
          `the trust of ${role.key}@${account} names ${holders.length} users and would be ${size} characters; IAM allows ${cfg.trustPolicyMaxChars} (trustPolicyMaxChars; 4096 with a raised quota). Split the role across smaller groups.`,
        );
      }
    }
  }

  return {
    source,
    environment: cfg.environment,
    identityAccountId: cfg.identityAccountId,
    partition: cfg.partition,
    selfServiceGroupName: physical(cfg.selfServiceGroupName),
    accounts: cfg.accounts,
    roles,
    groups,
    users,
    passwordPolicy: cfg.passwordPolicy,
    grantsOfUser,
    holdersOf,
    warnings,
  };
}

/** Every ARN in a config value (strings, lists, documents). */
function arnsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (value.startsWith("arn:")) out.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => arnsIn(v, out));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => arnsIn(v, out));
  return out;
}

/** IAM names are unique case-insensitively; check charset, length and collisions after prefixing. */
function checkNames(
  section: string,
  keys: string[],
  physical: (k: string) => string,
  maxLength: number,
  report: (path: string, message: string) => void,
): void {
  const seen = new Map<string, string>();
  for (const key of keys) {
    const name = physical(key);
    if (!IAM_NAME_PATTERN.test(key)) report(`${section}.${key}`, "expected a name of letters, digits and + = , . @ _ - only");
    if (name.length > maxLength) report(`${section}.${key}`, `name "${name}" is ${name.length} characters; IAM allows ${maxLength}`);
    const folded = name.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined) report(`${section}.${key}`, `name "${name}" collides with "${physical(other)}" (IAM names are case-insensitive)`);
    else seen.set(folded, key);
  }
}
