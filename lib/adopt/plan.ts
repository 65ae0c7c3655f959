/**
 * Adoption: compare what exists in an account (a `Snapshot`) with a validated layout, and decide
 * per identity: adopted as is, adopted with in-place changes (which), created, left alone (exists
 * but not in the config) or refused (adopting it would replace it, or creating it would fail).
 * Pure: the program, `npm run adopt` and the gate all call this one function.
 *
 * What forces a replacement in the AWS provider (and so is refused, never adopted):
 * - a role's `name` and `path` (IAM has no API to rename a role or move it to another path);
 * - a user's or group's name differing only in case (IAM names are case-insensitive: the import
 *   finds it, then the provider sees a different name);
 * - a login profile's `pgpKey`, `passwordLength`, `passwordResetRequired`: always ignored instead,
 *   so adoption never resets a password.
 * A user's or group's path is updatable, but it changes the ARN that trusts and profiles name: a
 * different path is refused too, with the value to put in the config.
 */
import { ResolvedLayout } from "../../config/layout";
import { ConfigProblem } from "../../config/validate";
import { policyShortName } from "../iam/arn";
import {
  defaultRoleDescription,
  desiredGroupPolicies,
  desiredSelfServicePolicy,
  desiredTrust,
  INLINE_POLICY_NAMES,
  layoutTags,
  sameDocument,
} from "./desired";
import { AccountSnapshot, ExistingGroup, ExistingRole, ExistingUser, Snapshot } from "./snapshot";
import { GroupAdoption, ImportedResource, LayoutAdoption, RoleAdoption, UserAdoption } from "./types";

export type AdoptStatus = "adopted as is" | "adopted with in-place changes" | "joined" | "created" | "left alone" | "refused";

export interface IdentityReport {
  kind: "user" | "group" | "role";
  /** The config key path (`users.alice`, `roles.Admin@identity`); absent when left alone. */
  key?: string;
  /** The IAM name. */
  name: string;
  accountId: string;
  status: AdoptStatus;
  /** What the layout changes in place once the identity has joined (now, for a joined one), and what to put in the config to keep it as is. */
  changes: string[];
  /** What exists and stays as it is, not managed by the layout. */
  kept: string[];
  /** What the adopting `pulumi up` imports. */
  imports: ImportedResource[];
  /** Why it is refused. */
  reason?: string;
  /** What adoption could not check. */
  notes?: string[];
}

/** `all`, or identities by config key: `users.alice`, `groups.Administrators`, `roles.Admin`. */
export type AdoptSelection = "all" | string[];

export interface AdoptionResult {
  reports: IdentityReport[];
  /** One per refusal or bad selection entry: nothing may be registered while any remains. */
  problems: ConfigProblem[];
  adoption: LayoutAdoption;
  /** What exists, as read. */
  snapshot: Snapshot;
}

const TYPES = {
  user: "aws:iam/user:User",
  membership: "aws:iam/userGroupMembership:UserGroupMembership",
  loginProfile: "aws:iam/userLoginProfile:UserLoginProfile",
  group: "aws:iam/group:Group",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  role: "aws:iam/role:Role",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
} as const;

/** Paths AWS reserves for roles it owns (service-linked roles, Identity Center): never adoptable. */
const AWS_RESERVED_PATH = /^\/(aws-service-role|aws-reserved|service-role\/aws)/;

/** What a snapshot holds of each kind of identity the layout may adopt. */
interface ExistingByKind {
  users: ExistingUser;
  groups: ExistingGroup;
  roles: ExistingRole;
}

function tagChanges(existing: Record<string, string>, desired: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(desired)) if (existing[k] !== v) out.push(existing[k] === undefined ? `tag ${k}=${v} added` : `tag ${k}: "${existing[k]}" → "${v}"`);
  for (const k of Object.keys(existing)) if (!(k in desired)) out.push(`tag ${k} removed`);
  return out;
}

const keptPolicies = (inline: { name: string }[], attached: string[], skipInline: string[] = [], skipAttached: string[] = []): string[] => [
  ...inline.filter((p) => !skipInline.includes(p.name)).map((p) => `inline policy ${p.name} (not managed: stays as is)`),
  ...attached.filter((a) => !skipAttached.includes(a)).map((a) => `attached policy ${a} (not managed: stays attached)`),
];

/**
 * `selection`: the identities imported as they exist by this up. `joined`: identities adopted by an
 * earlier up that the layout now manages (their changes apply in place; nothing is imported).
 */
export function planAdoption(L: ResolvedLayout, snapshot: Snapshot, selection: AdoptSelection, joined: string[] = []): AdoptionResult {
  const reports: IdentityReport[] = [];
  const problems: ConfigProblem[] = [];
  const adoption: LayoutAdoption = { users: {}, groups: {}, roles: {}, mfaSerials: {}, ownPasswords: [] };
  const identity = snapshot.accounts[L.identityAccountId];

  // The selection: every key must name an identity of the layout.
  const selected = new Set<string>();
  if (selection !== "all") {
    selection.forEach((entry, i) => {
      const [section, ...rest] = entry.split(".");
      const key = rest.join(".");
      const known =
        (section === "users" && key in L.users) ||
        (section === "groups" && (key in L.groups || key === L.selfServiceGroupName)) ||
        (section === "roles" && key in L.roles);
      if (!known) {
        problems.push({ path: `adopt.identities[${i}]`, message: `expected "users.<key>", "groups.<key>" or "roles.<key>" of this config, got "${entry}"` });
      }
      selected.add(entry);
    });
  }
  joined.forEach((entry, i) => {
    if (selection !== "all" && selected.has(entry)) problems.push({ path: `adopt.joined[${i}]`, message: `${entry} is listed in both adopt.identities and adopt.joined; keep it in one` });
  });
  const isJoined = (section: string, key: string) => joined.includes(`${section}.${key}`);
  const isSelected = (section: string, key: string) => !isJoined(section, key) && (selection === "all" || selected.has(`${section}.${key}`));
  const settle = (report: IdentityReport, section: string, key: string) => {
    if (isJoined(section, key)) {
      report.status = "joined";
      report.imports = [];
    } else report.status = report.changes.length > 0 ? "adopted with in-place changes" : "adopted as is";
  };
  const claimed: { [K in keyof ExistingByKind]: Set<ExistingByKind[K]> } = { users: new Set(), groups: new Set(), roles: new Set() };

  /** Common decision for one identity: exact match, case-only match, or absent. */
  function match<T extends { name: string }>(pool: T[] | undefined, name: string): { exact?: T; folded?: T } {
    const exact = pool?.find((x) => x.name === name);
    return { exact, folded: exact ? undefined : pool?.find((x) => x.name.toLowerCase() === name.toLowerCase()) };
  }

  const caseOnlyRename = (name: string) => `exists as "${name}" (IAM names are case-insensitive); rename the key to ${name} so it is adopted, not renamed`;

  function refuse(report: IdentityReport, path: string, reason: string): void {
    report.status = "refused";
    report.reason = reason;
    report.imports = [];
    problems.push({ path, message: reason });
  }

  /**
   * The identity of `report` in a snapshot's pool, claimed when it may be adopted: refused when it
   * exists under another case (`renamed` says how to fix it) or exists without being listed to
   * adopt or join; undefined (the report says why) unless the caller may go on with it.
   */
  function claim<K extends keyof ExistingByKind>(
    kind: K,
    key: string,
    pool: ExistingByKind[K][] | undefined,
    renamed: (existing: string) => string,
  ): { existing?: ExistingByKind[K]; missing: boolean } {
    const claimedOfKind: Set<ExistingByKind[K]> = claimed[kind];
    const report = reports[reports.length - 1];
    const { exact, folded } = match(pool, report.name);
    if (folded) {
      claimedOfKind.add(folded);
      refuse(report, `${kind}.${key}`, renamed(folded.name));
      return { missing: false };
    }
    if (!exact) {
      notFound(report, kind, key, pool !== undefined);
      return { missing: true };
    }
    claimedOfKind.add(exact);
    if (!isSelected(kind, key) && !isJoined(kind, key)) {
      refuse(report, `${kind}.${key}`, `${report.kind} ${exact.name} already exists in account ${report.accountId}: creating it would fail (EntityAlreadyExists); add ${kind}.${key} to adopt.identities`);
      return { missing: false };
    }
    return { existing: exact, missing: false };
  }

  function notFound(report: IdentityReport, section: string, key: string, have: boolean): void {
    if (isJoined(section, key)) {
      refuse(report, `adopt.joined`, `${section}.${key} is listed as joined but ${report.name} is not in the snapshot of account ${report.accountId}; remove it from adopt.joined`);
    } else if (selection !== "all" && isSelected(section, key)) {
      refuse(report, `adopt.identities`, have ? `${section}.${key} is listed to adopt but ${report.name} does not exist in account ${report.accountId}; remove it from adopt.identities (it is then created)` : `${section}.${key} is listed to adopt but adopt.from has no get-account-authorization-details output of account ${report.accountId}`);
    }
  }

  // ---- users (identity account) ----
  for (const user of Object.values(L.users)) {
    const report: IdentityReport = { kind: "user", key: `users.${user.key}`, name: user.physicalName, accountId: L.identityAccountId, status: "created", changes: [], kept: [], imports: [] };
    reports.push(report);
    const { existing: exact } = claim("users", user.key, identity?.users, caseOnlyRename);
    if (!exact) continue;
    if (exact.mfaSerials.length > 0) adoption.mfaSerials[user.key] = exact.mfaSerials[0];
    if (exact.path !== user.path) {
      refuse(report, `users.${user.key}.path`, `exists with path ${exact.path}, the config says ${user.path}; a new path changes the ARN trusts and profiles name: set users.${user.key}.path: "${exact.path}"`);
      continue;
    }
    if (exact.accessKeys.length + user.accessKeySlots.length > 2) {
      refuse(report, `users.${user.key}.accessKeys`, `has ${exact.accessKeys.length} access key(s) already and the config adds ${user.accessKeySlots.length}; IAM allows 2 per user: remove slots from users.${user.key}.accessKeys, or delete an old key first`);
      continue;
    }

    const desiredGroups = [L.selfServiceGroupName, ...user.groups.map((g) => L.groups[g].physicalName)];
    const memberOf = desiredGroups.filter((g) => exact.groups.includes(g));
    const importLoginProfile = user.console && exact.loginProfile !== undefined;
    // The person's password is their own (adopted or joined): there is no first password to hand out.
    if (importLoginProfile) adoption.ownPasswords.push(user.key);
    const u: UserAdoption = { path: exact.path, tags: exact.tags, permissionsBoundaryArn: exact.permissionsBoundaryArn, memberOf, importLoginProfile };
    if (isSelected("users", user.key)) adoption.users[user.key] = u;

    report.imports.push({ type: TYPES.user, name: user.key, id: exact.name });
    if (memberOf.length > 0) report.imports.push({ type: TYPES.membership, name: `${user.key}-groups`, id: [exact.name, ...memberOf].join("/") });
    if (importLoginProfile) report.imports.push({ type: TYPES.loginProfile, name: `${user.key}-console`, id: exact.name });

    report.changes.push(...tagChanges(exact.tags, { ...layoutTags(L.environment), ...user.tags }));
    if (exact.permissionsBoundaryArn) report.changes.push(`permissions boundary ${exact.permissionsBoundaryArn} removed`);
    const joins = desiredGroups.filter((g) => !exact.groups.includes(g));
    if (joins.length > 0) report.changes.push(`joins group${joins.length > 1 ? "s" : ""} ${joins.join(", ")}`);
    if (user.console && !exact.loginProfile) report.changes.push(`console access: a login profile is created (first password, to change at sign-in)${exact.loginProfileKnown ? "" : "; no get-login-profile output was given, so none is assumed"}`);
    for (const slot of user.accessKeySlots) report.changes.push(`access key slot ${slot} created`);

    if (exact.loginProfile) {
      report.kept.push(
        importLoginProfile
          ? "console password (login profile imported with pgpKey, passwordLength and passwordResetRequired ignored: never reset)"
          : "console password (login profile not managed: the config has console: false)",
      );
    }
    for (const k of exact.accessKeys) report.kept.push(`access key ${k.id} (${k.status}; its secret cannot be read, it stays where it is)`);
    for (const s of exact.mfaSerials) report.kept.push(`MFA device ${s} (its serial is mfa_serial in the CLI profiles)`);
    for (const g of exact.groups.filter((g) => !desiredGroups.includes(g))) report.kept.push(`membership of group ${g} (not in the config: stays)`);
    report.kept.push(...keptPolicies(exact.inlinePolicies, exact.attachedPolicyArns));
    settle(report, "users", user.key);
  }

  // ---- groups (identity account): the permission groups and the self-service group ----
  const groupEntries: { key: string; name: string; policyName: string; policyResource: string; desired?: unknown; spilled?: number }[] = [
    { key: L.selfServiceGroupName, name: L.selfServiceGroupName, policyName: INLINE_POLICY_NAMES.selfService, policyResource: `${L.selfServiceGroupName}-self-service`, desired: desiredSelfServicePolicy(L) },
    ...Object.values(L.groups).map((g) => {
      const [inline, ...spilled] = desiredGroupPolicies(L, g.key);
      return { key: g.key, name: g.physicalName, policyName: INLINE_POLICY_NAMES.group, policyResource: `${g.key}-assume-roles`, desired: inline as unknown, spilled: spilled.length };
    }),
  ];
  for (const g of groupEntries) {
    const report: IdentityReport = { kind: "group", key: `groups.${g.key}`, name: g.name, accountId: L.identityAccountId, status: "created", changes: [], kept: [], imports: [] };
    reports.push(report);
    const { existing: exact } = claim("groups", g.key, identity?.groups, caseOnlyRename);
    if (!exact) continue;
    if (exact.path !== "/") {
      refuse(report, `groups.${g.key}`, `exists with path ${exact.path}; the layout's groups live at "/": move it with aws iam update-group --group-name ${exact.name} --new-path / first`);
      continue;
    }
    const existingPolicy = exact.inlinePolicies.find((p) => p.name === g.policyName);
    const a: GroupAdoption = { path: exact.path, policy: existingPolicy ? JSON.stringify(existingPolicy.document) : undefined };
    if (isSelected("groups", g.key)) adoption.groups[g.key] = a;
    report.imports.push({ type: TYPES.group, name: g.key, id: exact.name });
    if (existingPolicy) report.imports.push({ type: TYPES.groupPolicy, name: g.policyResource, id: `${exact.name}:${g.policyName}` });
    if (g.desired !== undefined && !existingPolicy) report.changes.push(`inline policy ${g.policyName} added`);
    if (g.desired !== undefined && existingPolicy && !sameDocument(existingPolicy.document, g.desired)) report.changes.push(`inline policy ${g.policyName} rewritten to the layout's`);
    if (g.desired === undefined && existingPolicy) report.changes.push(`inline policy ${g.policyName} deleted (the group grants no role)`);
    if (g.spilled) report.changes.push(`${g.spilled} managed polic${g.spilled > 1 ? "ies" : "y"} of further grants created and attached (${g.name}-assume-roles-2...)`);
    report.kept.push(...keptPolicies(exact.inlinePolicies, exact.attachedPolicyArns, [g.policyName]));
    settle(report, "groups", g.key);
  }

  // ---- roles (every account with a snapshot) ----
  for (const role of Object.values(L.roles)) {
    for (const accountKey of role.accounts) {
      const accountId = L.accounts[accountKey].id;
      const label = `${role.key}@${accountKey}`;
      const account: AccountSnapshot | undefined = snapshot.accounts[accountId];
      const report: IdentityReport = { kind: "role", key: `roles.${label}`, name: role.physicalName, accountId, status: "created", changes: [], kept: [], imports: [] };
      reports.push(report);
      const { existing: exact, missing } = claim("roles", role.key, account?.roles, (name) => `exists in account ${accountId} as "${name}"; a role's name cannot change without replacing the role: rename the key to ${name}`);
      if (missing && account === undefined && report.status === "created") {
        report.notes = [`no get-account-authorization-details output of account ${accountId} was given: if ${role.physicalName} exists there, creating it fails (EntityAlreadyExists) and nothing is replaced`];
      }
      if (!exact) continue;
      if (AWS_RESERVED_PATH.test(exact.path)) {
        refuse(report, `roles.${role.key}`, `${exact.name} in account ${accountId} is owned by AWS (path ${exact.path}); choose another role name`);
        continue;
      }
      if (exact.path !== role.path) {
        refuse(report, `roles.${role.key}.path`, `exists in account ${accountId} with path ${exact.path}, the config says ${role.path}; a role's path cannot change without replacing the role (its sessions and trusts naming it break): set roles.${role.key}.path: "${exact.path}"`);
        continue;
      }
      const ignore: string[] = [];
      if (exact.description === undefined) ignore.push("description");
      if (exact.maxSessionDuration === undefined) ignore.push("maxSessionDuration");
      // The provider of an account reached through a deploy role adds the layout's tags as default
      // tags: the import would see them as a difference. Tags are left as they are while adopted.
      if (L.accounts[accountKey].deployRoleArn !== undefined) ignore.push("tags", "tagsAll");
      const inline = exact.inlinePolicies.find((p) => p.name === INLINE_POLICY_NAMES.role);
      const attachedPolicyArns = role.managedPolicyArns.filter((a) => exact.attachedPolicyArns.includes(a));
      const r: RoleAdoption = {
        path: exact.path,
        assumeRolePolicy: JSON.stringify(exact.trust),
        description: exact.description === null ? "" : exact.description,
        maxSessionDuration: exact.maxSessionDuration,
        permissionsBoundaryArn: exact.permissionsBoundaryArn,
        tags: exact.tags,
        ignoreChanges: ignore,
        attachedPolicyArns,
        inlinePolicy: inline ? JSON.stringify(inline.document) : undefined,
      };
      if (isSelected("roles", role.key)) adoption.roles[label] = r;

      report.imports.push({ type: TYPES.role, name: label, id: exact.name });
      for (const a of attachedPolicyArns) report.imports.push({ type: TYPES.rolePolicyAttachment, name: `${label}-${policyShortName(a)}`, id: `${exact.name}/${a}` });
      if (inline) report.imports.push({ type: TYPES.rolePolicy, name: `${label}-inline`, id: `${exact.name}:${INLINE_POLICY_NAMES.role}` });

      const trust = desiredTrust(L, role, accountKey);
      if (!sameDocument(exact.trust, trust)) {
        const holders = L.holdersOf[label] ?? [];
        report.changes.push(`trust rewritten: ${holders.length > 0 ? `only ${holders.map((u) => L.users[u].physicalName).join(", ")}, with MFA (at most ${role.mfaMaxAgeSeconds} s old)` : "nobody (no group grants it)"}`);
      }
      const description = defaultRoleDescription(L, role);
      if (exact.description === undefined) report.changes.push(`description and maximum session: unknown (no get-role output); set to the config's at the next up`);
      else if ((exact.description ?? "") !== description) report.changes.push(`description → "${description}" (to keep it: roles.${role.key}.description: "${exact.description ?? ""}")`);
      if (exact.maxSessionDuration !== undefined && exact.maxSessionDuration !== role.maxSessionSeconds) {
        report.changes.push(`maximum session ${exact.maxSessionDuration} s → ${role.maxSessionSeconds} s (to keep it: roles.${role.key}.maxSessionSeconds: ${exact.maxSessionDuration})`);
      }
      if ((exact.permissionsBoundaryArn ?? "") !== (role.permissionsBoundaryArn ?? "")) {
        report.changes.push(`permissions boundary ${exact.permissionsBoundaryArn ?? "(none)"} → ${role.permissionsBoundaryArn ?? "(none)"}`);
      }
      report.changes.push(...tagChanges(exact.tags, { ...layoutTags(L.environment), ...role.tags }));
      for (const a of role.managedPolicyArns.filter((x) => !attachedPolicyArns.includes(x))) report.changes.push(`policy ${a} attached`);
      if (role.inlinePolicy !== undefined && !inline) report.changes.push(`inline policy ${INLINE_POLICY_NAMES.role} added`);
      if (role.inlinePolicy !== undefined && inline && !sameDocument(inline.document, role.inlinePolicy)) report.changes.push(`inline policy ${INLINE_POLICY_NAMES.role} rewritten to the config's`);
      if (role.inlinePolicy === undefined && inline) report.changes.push(`inline policy ${INLINE_POLICY_NAMES.role} deleted (the config has no inlinePolicy)`);
      report.kept.push(...keptPolicies(exact.inlinePolicies, exact.attachedPolicyArns, [INLINE_POLICY_NAMES.role], role.managedPolicyArns));
      settle(report, "roles", role.key);
    }
  }

  // ---- what exists and the config does not name ----
  for (const account of Object.values(snapshot.accounts)) {
    const left = (kind: IdentityReport["kind"], name: string, kept: string[]) =>
      reports.push({ kind, name, accountId: account.accountId, status: "left alone", changes: [], kept, imports: [] });
    for (const u of account.users) if (!claimed.users.has(u)) left("user", u.name, ["not in the config: Pulumi never touches it"]);
    for (const g of account.groups) if (!claimed.groups.has(g)) left("group", g.name, ["not in the config: Pulumi never touches it"]);
    for (const r of account.roles) if (!claimed.roles.has(r)) left("role", r.name, [AWS_RESERVED_PATH.test(r.path) ? "owned by AWS" : "not in the config: Pulumi never touches it"]);
  }

  return { reports, problems, adoption, snapshot };
}

/** A stable order for reports: by status, kind, account, name. */
export function sortedReports(reports: IdentityReport[]): IdentityReport[] {
  const order: AdoptStatus[] = ["refused", "adopted with in-place changes", "adopted as is", "joined", "created", "left alone"];
  return [...reports].sort(
    (a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.kind.localeCompare(b.kind) || a.accountId.localeCompare(b.accountId) || a.name.localeCompare(b.name),
  );
}

