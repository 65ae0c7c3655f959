/**
 * The access graph of a whole stack: users -> groups -> identity statements -> roles (trust and
 * permissions). Built in one pass over the resources, then walked per group (not per user x role
 * pair), so its cost grows with the number of resources, not their product.
 */
import { DEFAULT_PARTITION, partitionOf, policyShortName } from "../../lib/iam/arn";
import { adminGrant } from "../../lib/iam/breadth";
import { credentialContext, evaluateConditions } from "../../lib/iam/conditions";
import { ASSUME_ROLE, NO_MFA_CONTEXTS, NoMfaContext, trustAdmits } from "../../lib/iam/mfa";
import { elementPath, NormalDocument, NormalStatement, statementCoversAction } from "../../lib/iam/parse";
import { wildcardMatch } from "../../lib/iam/wildcard";
import { readable } from "./analysis";
import { documentsOf } from "./documents";

export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  /** The explicit provider it is created through (another account), if any. */
  provider?: { urn: string; props: Record<string, unknown> };
}

/** The account an explicit AWS provider manages, when its inputs say (allowedAccountIds or the assumed role). */
export function providerAccount(provider: StackResource["provider"]): string | undefined {
  if (!provider) return undefined;
  const json = (v: unknown): unknown => (typeof v === "string" && /^[[{]/.test(v) ? JSON.parse(v) : v);
  const allowed = json(provider.props.allowedAccountIds);
  if (Array.isArray(allowed) && allowed.length === 1 && typeof allowed[0] === "string") return allowed[0];
  const assume = json(provider.props.assumeRoles) ?? json(provider.props.assumeRole);
  const first = Array.isArray(assume) ? assume[0] : assume;
  const arn = first && typeof first === "object" ? (first as Record<string, unknown>).roleArn : undefined;
  return typeof arn === "string" ? arn.split(":")[4] : undefined;
}

/** The partition of the provider's region (`aws` when the provider or its region is not known). */
export function providerPartition(provider: StackResource["provider"]): string {
  const region = provider?.props.region;
  return typeof region === "string" && region !== "" ? partitionOf(region) : DEFAULT_PARTITION;
}

/** A statement where the stack holds it: `where` for messages, `document` (`<resource>.<field>`) for the finding's location. */
export interface PlacedStatement {
  statement: NormalStatement;
  where: string;
  document: string;
}

interface Holder {
  statements: PlacedStatement[];
  /** Attached managed policies, with the property that attaches each (`<resource>.policyArn`). */
  managedPolicyArns: { arn: string; via: string }[];
}

export interface RoleNode {
  resource: StackResource;
  /** Holder key: roles of the same name in different accounts are different roles. */
  key: string;
  roleName: string;
  account?: string;
  arn?: string;
  path: string;
  trust?: NormalDocument;
  admin?: string;
}

export interface AdminPathFinding {
  userUrn: string;
  userName: string;
  message: string;
  /** The grant the path starts from: `<resource>.<field>:<JSON path>` (`admins-assume.policy:$.Statement[0].Resource[0]`). */
  location: string;
}

/** Why a holder is admin-equivalent, and where the grant is. */
export interface AdminReason {
  why: string;
  location: string;
}

const ADMIN_MANAGED = ["AdministratorAccess", "IAMFullAccess"];

/** Role holder key: the role's name within the account its provider manages. */
function roleKey(roleName: string | undefined, r: StackResource): string {
  return `role:${r.provider?.urn ?? "default"}:${roleName}`;
}
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export class AccessGraph {
  readonly users = new Map<string, StackResource>();
  readonly userGroups = new Map<string, Set<string>>();
  readonly holders = new Map<string, Holder>(); // "user:x" | "group:x" | "role:x"
  readonly roles = new Map<string, RoleNode>(); // by holder key
  private readonly customPolicies = new Map<string, PlacedStatement[]>();

  constructor(resources: readonly StackResource[]) {
    for (const r of resources) this.add(r);
    this.inferDefaultAccount();
  }

  /** The default provider's account, when the stack says it: the one account granted roles in that no explicit provider manages. */
  defaultAccount?: string;

  private inferDefaultAccount() {
    const explicit = new Set([...this.roles.values()].map((r) => r.account).filter((a): a is string => a !== undefined));
    const candidates = new Set<string>();
    for (const h of this.holders.values()) {
      for (const { statement } of h.statements) {
        if (statement.effect !== "Allow" || !statementCoversAction(statement, ASSUME_ROLE)) continue;
        for (const r of statement.resource ?? []) {
          const account = r.split(":")[4];
          if (account && /^\d{12}$/.test(account) && !explicit.has(account)) candidates.add(account);
        }
      }
    }
    if (candidates.size !== 1) return;
    this.defaultAccount = [...candidates][0];
    for (const role of this.roles.values()) if (!role.resource.provider) role.account ??= this.defaultAccount;
  }

  /**
   * The ARN a user signs requests with: its `arn` when the program knows it, else built from the
   * default account, the user's path and name (known at preview), in the partition the trusts
   * name that account in. `known` is false when the account is not known either: then no
   * condition on `aws:PrincipalArn` can be decided, and it is left unknown (leaning to access).
   */
  userArn(userName: string): { arn: string; known: boolean } {
    const user = this.users.get(userName);
    const given = str(user?.props.arn);
    if (given !== undefined && given.startsWith("arn:")) return { arn: given, known: true };
    const path = str(user?.props.path) ?? "/";
    if (this.defaultAccount === undefined) return { arn: `arn:aws:iam::*:user${path}${userName}`, known: false };
    return { arn: `arn:${this.partitionOf(this.defaultAccount)}:iam::${this.defaultAccount}:user${path}${userName}`, known: true };
  }

  /** The partition the stack's trusts name an account in (`aws` when none does). */
  private partitionOf(account: string): string {
    for (const role of this.roles.values()) {
      for (const s of role.trust?.statements ?? []) {
        for (const p of s.principal?.aws ?? []) {
          const m = /^arn:([\w-]+):iam::(\d{12}):root$/.exec(p);
          if (m && m[2] === account) return m[1];
        }
      }
    }
    return "aws";
  }

  /** The `policyArns` an `*PolicyAttachmentsExclusive` resource attaches to one user, group or role. */
  private attachAll(key: string, r: StackResource) {
    strs(r.props.policyArns).forEach((arn, i) => this.holder(key).managedPolicyArns.push({ arn, via: `${r.name}.policyArns[${i}]` }));
  }

  private holder(key: string): Holder {
    let h = this.holders.get(key);
    if (!h) this.holders.set(key, (h = { statements: [], managedPolicyArns: [] }));
    return h;
  }

  private addDocs(key: string, r: StackResource, kind: "identity") {
    for (const doc of documentsOf(r.type, r.props)) {
      if (doc.kind !== kind) continue;
      for (const statement of readable(doc)?.statements ?? []) this.holder(key).statements.push({ statement, where: `${r.name} ${doc.field} ${statement.label}`, document: `${r.name}.${doc.field}` });
    }
  }

  private join(user: string, group: string) {
    let set = this.userGroups.get(user);
    if (!set) this.userGroups.set(user, (set = new Set()));
    set.add(group);
  }

  private add(r: StackResource) {
    const p = r.props;
    const attached = { arn: str(p.policyArn) ?? "", via: `${r.name}.policyArn` };
    switch (r.type) {
      case "aws:iam/user:User":
        this.users.set(str(p.name) ?? r.name, r);
        break;
      case "aws:iam/userGroupMembership:UserGroupMembership":
        for (const g of strs(p.groups)) this.join(str(p.user) ?? "", g);
        break;
      case "aws:iam/groupMembership:GroupMembership":
        for (const u of strs(p.users)) this.join(u, str(p.group) ?? "");
        break;
      case "aws:iam/userPolicy:UserPolicy":
        this.addDocs(`user:${str(p.user)}`, r, "identity");
        break;
      case "aws:iam/groupPolicy:GroupPolicy":
        this.addDocs(`group:${str(p.group)}`, r, "identity");
        break;
      case "aws:iam/rolePolicy:RolePolicy":
        this.addDocs(roleKey(str(p.role), r), r, "identity");
        break;
      case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        this.holder(`user:${str(p.user)}`).managedPolicyArns.push(attached);
        break;
      case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
        this.holder(`group:${str(p.group)}`).managedPolicyArns.push(attached);
        break;
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        this.holder(roleKey(str(p.role), r)).managedPolicyArns.push(attached);
        break;
      case "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
        this.attachAll(`user:${str(p.userName)}`, r);
        break;
      case "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive":
        this.attachAll(`group:${str(p.groupName)}`, r);
        break;
      case "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive":
        this.attachAll(roleKey(str(p.roleName), r), r);
        break;
      case "aws:iam/policyAttachment:PolicyAttachment":
        for (const u of strs(p.users)) this.holder(`user:${u}`).managedPolicyArns.push(attached);
        for (const g of strs(p.groups)) this.holder(`group:${g}`).managedPolicyArns.push(attached);
        for (const ro of strs(p.roles)) this.holder(roleKey(ro, r)).managedPolicyArns.push(attached);
        break;
      case "aws:iam/policy:Policy": {
        const statements = documentsOf(r.type, p).flatMap((d) => (readable(d)?.statements ?? []).map((statement) => ({ statement, where: `${r.name} policy ${statement.label}`, document: `${r.name}.${d.field}` })));
        const path = str(p.path) ?? "/";
        this.customPolicies.set(`policy${path}${str(p.name) ?? r.name}`, statements);
        break;
      }
      case "aws:iam/role:Role": {
        const roleName = str(p.name) ?? r.name;
        const key = roleKey(roleName, r);
        const trustDoc = documentsOf(r.type, p).find((d) => d.kind === "trust");
        const node = { resource: r, key, roleName, account: providerAccount(r.provider), arn: str(p.arn), path: str(p.path) ?? "/", trust: trustDoc && readable(trustDoc) };
        this.roles.set(key, node);
        this.addDocs(key, r, "identity");
        strs(p.managedPolicyArns).forEach((arn, i) => this.holder(key).managedPolicyArns.push({ arn, via: `${r.name}.managedPolicyArns[${i}]` }));
        break;
      }
    }
  }

  /** Statements a holder has, inline and through attached customer managed policies of the stack. */
  statementsOf(key: string): PlacedStatement[] {
    const h = this.holders.get(key);
    if (!h) return [];
    const attached = h.managedPolicyArns.flatMap(({ arn }) => this.customPolicies.get(arn.slice(arn.indexOf(":policy/") + 1)) ?? []);
    return [...h.statements, ...attached];
  }

  /** Why a holder is admin-equivalent (first reason), or undefined. */
  async adminReason(key: string, context?: NoMfaContext): Promise<AdminReason | undefined> {
    const h = this.holders.get(key);
    if (!h) return undefined;
    const managed = h.managedPolicyArns.find(({ arn }) => /:iam::aws:policy\//.test(arn) && ADMIN_MANAGED.includes(policyShortName(arn)));
    if (managed) return { why: `${managed.arn} is attached`, location: `${managed.via}:$` };
    for (const { statement, where, document } of this.statementsOf(key)) {
      if (context && evaluateConditions(statement, credentialContext(context)) === "false") continue;
      const grant = await adminGrant(statement);
      if (grant) return { why: `${where} ${grant.why}`, location: `${document}:${statement.notAction ? elementPath(statement, "NotAction") : elementPath(statement, "Action", grant.pattern ?? "")}` };
    }
    return undefined;
  }

  /** Does an identity statement's Resource reach the role? An account not known at preview is taken to match. */
  static reachesRole(s: NormalStatement, role: RoleNode): boolean {
    if (s.effect !== "Allow" || !statementCoversAction(s, ASSUME_ROLE)) return false;
    const candidate = (pattern: string) => AccessGraph.roleArnFor(role, pattern);
    if (s.resource) return s.resource.some((pattern) => wildcardMatch(pattern, candidate(pattern)));
    if (s.notResource) return !s.notResource.some((pattern) => wildcardMatch(pattern, candidate(pattern)));
    return false;
  }

  /**
   * The role's ARN as a pattern of a statement would be matched against it: what is not known of
   * it (the account, the partition when the provider names no region) is taken from the pattern.
   */
  private static roleArnFor(role: RoleNode, pattern: string): string {
    if (role.arn) return role.arn;
    const parts = pattern.split(":");
    const account = role.account ?? parts[4] ?? "*";
    const region = role.resource.provider?.props.region;
    const partition = typeof region === "string" && region !== "" ? providerPartition(role.resource.provider) : parts[0] === "arn" && parts[1] ? parts[1] : DEFAULT_PARTITION;
    return `arn:${partition}:iam::${account === "" ? "*" : account}:role${role.path}${role.roleName}`;
  }

  /** The JSON path of the Resource entry that reaches the role (or of the NotResource list). */
  static roleElementPath(s: NormalStatement, role: RoleNode): string {
    if (!s.resource) return elementPath(s, "NotResource");
    return elementPath(s, "Resource", s.resource.find((pattern) => wildcardMatch(pattern, AccessGraph.roleArnFor(role, pattern))) ?? "");
  }
}

/** Users who can reach admin without MFA at some hop, with the path as a message. */
export async function adminPathsWithoutMfa(resources: readonly StackResource[]): Promise<AdminPathFinding[]> {
  const graph = new AccessGraph(resources);
  const adminRoles: RoleNode[] = [];
  for (const role of graph.roles.values()) {
    role.admin = (await graph.adminReason(role.key))?.why;
    if (role.admin) adminRoles.push(role);
  }

  // Per holder (a group or a user's own policies): the admin roles it may assume without MFA, per context.
  const reachCache = new Map<string, { role: RoleNode; where: string; location: string; context: NoMfaContext }[]>();
  const reachOf = (key: string) => {
    let reach = reachCache.get(key);
    if (reach) return reach;
    reach = [];
    for (const { statement, where, document } of graph.statementsOf(key)) {
      for (const role of adminRoles) {
        if (!AccessGraph.reachesRole(statement, role)) continue;
        const location = `${document}:${AccessGraph.roleElementPath(statement, role)}`;
        for (const context of NO_MFA_CONTEXTS) {
          if (evaluateConditions(statement, credentialContext(context)) !== "false") reach.push({ role, where, location, context });
        }
      }
    }
    reachCache.set(key, reach);
    return reach;
  };

  // A group is shared by many users: its verdict per context is computed once.
  const adminCache = new Map<string, Promise<AdminReason | undefined>>();
  const adminOf = (key: string, context: NoMfaContext) => {
    const k = `${context}|${key}`;
    let v = adminCache.get(k);
    if (v === undefined) adminCache.set(k, (v = graph.adminReason(key, context)));
    return v;
  };

  const findings: AdminPathFinding[] = [];
  for (const [userName, user] of graph.users) {
    // A trust narrowed by aws:PrincipalArn (exact ARNs, or the layout's user path) is decided on the user's own ARN.
    const { arn: userArn, known } = graph.userArn(userName);
    const holders = [`user:${userName}`, ...[...(graph.userGroups.get(userName) ?? [])].map((g) => `group:${g}`)];
    let reported = false;
    for (const key of holders) {
      for (const context of NO_MFA_CONTEXTS) {
        if (reported || !graph.holders.has(key)) continue;
        const direct = await adminOf(key, context);
        if (direct && !reported) {
          findings.push({ userUrn: user.urn, userName, location: direct.location, message: `user ${userName} holds admin without MFA through ${key.replace(":", " ")}: ${direct.why}. Grant admin only through a role whose trust requires MFA.` });
          reported = true;
        }
      }
      for (const hop of reachOf(key)) {
        if (reported || !hop.role.trust) continue;
        const through = trustAdmits(hop.role.trust, userArn, hop.context, { principalAccountUnknown: !known, principalArnKnown: known });
        if (through) {
          findings.push({
            userUrn: user.urn,
            userName,
            location: hop.location,
            message: `user ${userName} can assume admin role ${hop.role.roleName} (${hop.role.admin}) without MFA: ${hop.where} allows it and the trust's ${through.label} admits ${hop.context === "accessKeys" ? "long-term access keys" : "temporary credentials without MFA"}. Require MFA in the trust.`,
          });
          reported = true;
        }
      }
    }
  }
  return findings;
}
