/**
 * Validation of a layout config: shape (schema), then every cross reference, with one message
 * per problem that names the source file, the key path and what was expected. Nothing in here
 * touches Pulumi, so the same function serves the stack program, a user's own program and tests.
 */
import { z } from "zod";
import { arnAccountId, managedPolicyArn, mfaDeviceArn } from "../lib/iam/arn";
import { PolicyDocument, Statement } from "../lib/iam/document";
import { assumeRolesDocuments, roleTrust, TrustForm } from "../lib/iam/builders";
import { managedPolicyProblem } from "../lib/iam/managedPolicies";
import { grantLabel, grantPolicyName, groupGrants, layoutUserArn, ResolvedGroup, ResolvedLayout, ResolvedRole, ResolvedUser, RoleGrant } from "./layout";
import { checkQuotas, defaultQuotas, GRANT_LIMITS, QuotaSubject, QuotaValues } from "./quotas";
import { closest } from "../lib/similar";
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
        // A problem outside the namespace (a misspelt namespace) carries its own full key.
        problems.map((p) => `  ${source}: ${p.path.includes(":") ? p.path : `${CONFIG_NAMESPACE}:${p.path}`}: ${p.message}`).join("\n"),
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

/** The keys an object schema knows at a config path (`roles.Admin` -> the role's keys). */
export function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = layoutConfigSchema;
  const unwrap = (t: z.core.$ZodType): z.core.$ZodType => {
    const def = t._zod.def as { type: string; innerType?: z.core.$ZodType; out?: z.core.$ZodType };
    if ((def.type === "default" || def.type === "optional" || def.type === "prefault") && def.innerType) return unwrap(def.innerType);
    if (def.type === "pipe" && def.out) return unwrap(def.out);
    return t;
  };
  for (const seg of path) {
    const t = unwrap(schema);
    const def = t._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; valueType?: z.core.$ZodType; element?: z.core.$ZodType };
    const next = def.type === "object" ? def.shape?.[String(seg)] : def.type === "record" ? def.valueType : def.type === "array" ? def.element : undefined;
    if (next === undefined) return [];
    schema = next;
  }
  const def = unwrap(schema)._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** `unknown key "managedPolicy"; did you mean managedPolicies? Known keys: ...` */
export function unknownKeyMessage(keys: readonly string[], known: readonly string[]): string {
  const near = keys.map((k) => closest(k, known)).filter((k): k is string => k !== undefined);
  const quoted = keys.map((k) => `"${k}"`).join(", ");
  return `unknown key${keys.length > 1 ? "s" : ""} ${quoted}${near.length ? `; did you mean ${near.join(", ")}?` : ""}${known.length ? ` Known keys: ${known.join(", ")}` : ""}`;
}

function zodProblem(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  if (issue.code === "unrecognized_keys") {
    return { path: formatPath(issue.path), message: unknownKeyMessage(issue.keys, knownKeysAt(issue.path)) };
  }
  if (issue.code === "invalid_type" && valueAt(raw, issue.path) === undefined) {
    return { path: formatPath(issue.path), message: `missing; ${issue.message.replace(/^Invalid input: /, "")}` };
  }
  return { path: formatPath(issue.path), message: issue.message };
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

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
  for (const [key, user] of Object.entries(cfg.users)) checkPartition(`users.${key}.mfaSerial`, user.mfaSerial);
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
    const deviceAccount = user.mfaSerial === undefined ? undefined : arnAccountId(user.mfaSerial);
    if (deviceAccount !== undefined && deviceAccount !== cfg.identityAccountId) {
      report(`${at}.mfaSerial`, `the MFA device ${user.mfaSerial} is in account ${deviceAccount}; a person's device is in the identity account ${cfg.identityAccountId}`);
    }
    const path = user.path ?? cfg.userPath;
    if (user.path !== undefined && cfg.userPath !== "/" && !user.path.startsWith(cfg.userPath)) {
      report(`${at}.path`, `"${user.path}" is outside the layout's userPath "${cfg.userPath}": role trusts admit the users under it only. Expected a path under it (e.g. "${cfg.userPath}${key}/"), or leave the key out`);
    }
    users[key] = {
      key,
      physicalName: physical(key),
      path,
      groups: user.groups,
      console: user.console,
      accessKeySlots: user.accessKeys,
      pgpKey: user.pgpKey,
      mfaSerial: user.mfaSerial ?? mfaDeviceArn(cfg.identityAccountId, physical(key), cfg.partition),
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


  // Quotas: what the layout creates must fit every IAM quota it can reach (config/quotas.ts).
  const quotas: QuotaValues = { ...defaultQuotas(), ...definedOnly(cfg.quotas) };
  if (cfg.trustPolicyMaxChars !== undefined) {
    if (cfg.quotas.trustPolicyChars !== undefined && cfg.quotas.trustPolicyChars !== cfg.trustPolicyMaxChars) {
      report("trustPolicyMaxChars", `is ${cfg.trustPolicyMaxChars} but quotas.trustPolicyChars is ${cfg.quotas.trustPolicyChars}; keep only quotas.trustPolicyChars`);
    }
    quotas.trustPolicyChars = cfg.trustPolicyMaxChars;
  }
  if (cfg.trustForm === "path" && cfg.userPath === "/") {
    report("trustForm", `"path" admits the users under the layout's own path, and userPath is "/" (every user of the account); set iam-baseline:userPath (e.g. "/people/") or trustForm: auto`);
  }
  const partial = { identityAccountId: cfg.identityAccountId, partition: cfg.partition, accounts: cfg.accounts, roles, users };
  const trustForms: Record<string, TrustForm> = {};
  const trusts: QuotaSubject["trusts"] = [];
  for (const role of Object.values(roles)) {
    for (const account of role.accounts) {
      if (!cfg.accounts[account]) continue;
      const label = `${role.key}@${account}`;
      const holders = holdersOf[label] ?? [];
      const trust = roleTrust({
        identityAccountId: cfg.identityAccountId,
        partition: cfg.partition,
        holderArns: holders.map((u) => layoutUserArn(partial, u)),
        peoplePath: cfg.userPath,
        form: cfg.trustForm,
        maxChars: quotas.trustPolicyChars,
        mfaMaxAgeSeconds: role.mfaMaxAgeSeconds,
        validUntil: role.validUntil,
        additionalStatements: role.additionalTrustStatements as Statement[], // statements the schema checked
      });
      trustForms[label] = trust.form;
      trusts.push({ role: role.key, account, size: trust.size, holders: holders.length, form: trust.form });
    }
  }
  const selfServiceName = physical(cfg.selfServiceGroupName);
  const quotaGroups: QuotaSubject["groups"] = [{ key: cfg.selfServiceGroupName, path: "/", physicalName: selfServiceName, grantDocuments: [], managedPolicyNames: [] }];
  for (const group of Object.values(groups)) {
    const known = { ...group, grants: group.grants.filter((g) => cfg.accounts[g.account] !== undefined) };
    const grantDocuments = assumeRolesDocuments(groupGrants(partial, known), GRANT_LIMITS);
    quotaGroups.push({ key: group.key, path: "/", physicalName: group.physicalName, grantDocuments, managedPolicyNames: grantDocuments.slice(1).map((_, i) => grantPolicyName(group.physicalName, i + 2)) });
  }
  for (const p of checkQuotas(
    {
      identityAccountId: cfg.identityAccountId,
      accounts: Object.fromEntries(Object.entries(cfg.accounts).map(([k, a]) => [k, a.id])),
      roles: Object.values(roles).map((r) => ({ ...r, inlinePolicy: r.inlinePolicy as PolicyDocument | undefined })), // documents the schema checked
      groups: quotaGroups,
      users: Object.values(users).map((u) => ({ key: u.key, groupCount: u.groups.length })),
      trusts,
      selfServiceGroupName: selfServiceName,
      hasUserPath: cfg.userPath !== "/",
    },
    quotas,
  )) {
    report(p.path, p.message);
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
    userPath: cfg.userPath,
    trustForm: cfg.trustForm,
    trustForms,
    quotas,
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
