/**
 * Who holds an identity document that lives apart from its holder: a role policy
 * (`aws.iam.RolePolicy`, `aws-native:iam:RolePolicy`) or a customer managed policy
 * (`aws.iam.Policy`, `aws-native:iam:ManagedPolicy`) and everything that attaches it (attachments,
 * a role's or a user's `managedPolicyArns`, a native managed policy's own `roles`/`users`/`groups`).
 * Only the stack shows it: a resource policy sees the document, not the role's trust.
 *
 * Read at preview too: an autonamed role's name is unknown then, so a reference is also resolved
 * through the property dependencies the engine sends (`role: role.id` depends on the role's URN).
 */
import { PolicyResource } from "@pulumi/policy";
import { trustAdmitsPeople } from "../../lib/iam/mfa";
import { NormalDocument } from "../../lib/iam/parse";
import { parsed } from "./analysis";
import { documentsOf } from "./documents";
import { knownProps } from "./preview";

/** Documents whose holders only the stack knows. */
export const DETACHED_DOCUMENT_TYPES = new Set(["aws:iam/rolePolicy:RolePolicy", "aws-native:iam:RolePolicy", "aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"]);

type Props = Record<string, unknown>;

/** A stack resource as far as it is known (what is unknown at preview is listed, not read). */
export interface KnownResource {
  type: string;
  name: string;
  urn: string;
  props: Props;
  unknown: string[];
  /** Property dependencies (URNs by property), as the engine sends them. */
  dependencies: Record<string, string[]>;
  /** Every resource it depends on, for when property dependencies are not sent. */
  dependsOn: string[];
}

export type Holder =
  | { kind: "role"; role: KnownResource }
  /** A role the stack does not create (its trust cannot be read), or a user or group: people. */
  | { kind: "other"; what: string }
  /** A reference not known yet (preview). */
  | { kind: "unknown"; what: string };

export type HolderVerdict =
  /** Every holder is a role whose trust admits no person. */
  | { kind: "workloads"; roles: string[] }
  /** `who`: the holder that may be a person, in words (`group developers`). */
  | { kind: "people"; who: string }
  | { kind: "undecided"; why: string };

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const ROLE_TYPES = new Set(["aws:iam/role:Role", "aws-native:iam:Role"]);
const MANAGED_POLICY_TYPES = new Set(["aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"]);
/** Types that attach a managed policy to a holder. */
const ATTACHING_TYPES = new Set([
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
  "aws-native:iam:User",
  "aws-native:iam:Group",
]);
/** A role reference may be a name or an ARN (`arn:aws:iam::1:role/path/name`): the name is the last segment. */
const roleNameOf = (ref: string): string => (ref.startsWith("arn:") ? ref.split("/").pop() ?? ref : ref);

function known(r: PolicyResource): KnownResource {
  const k = knownProps(r.props);
  const dependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) dependencies[key] = deps.map((d) => d.urn);
  return { type: r.type, name: r.name, urn: r.urn, props: k.props, unknown: k.unknown, dependencies, dependsOn: (r.dependencies ?? []).map((d) => d.urn) };
}

export class StackHolders {
  private readonly byUrn = new Map<string, KnownResource>();
  private readonly rolesByName = new Map<string, KnownResource>();
  /** Who attaches a managed policy: by the policy's ARN, or by the URN its `policyArn` depends on. */
  private readonly attachments: { arn?: string; dependsOn: string[]; holder: () => Holder[] }[] = [];
  private readonly trustCache = new Map<string, boolean | "unknown">();

  constructor(resources: readonly PolicyResource[]) {
    for (const r of resources) {
      if (!ROLE_TYPES.has(r.type) && !ATTACHING_TYPES.has(r.type) && !DETACHED_DOCUMENT_TYPES.has(r.type)) continue;
      const k = known(r);
      this.byUrn.set(k.urn, k);
      if (ROLE_TYPES.has(k.type)) {
        const name = str(k.props.name) ?? str(k.props.roleName);
        if (name !== undefined) this.rolesByName.set(name, k);
      }
    }
    for (const k of this.byUrn.values()) this.addAttachments(k);
  }

  /**
   * The URNs a property depends on: its property dependencies, else (when the engine sent none)
   * the one resource of the wanted types the resource depends on at all.
   */
  private dependencyOf(r: KnownResource, key: string, types: ReadonlySet<string>): string[] {
    if (r.dependencies[key] !== undefined) return r.dependencies[key];
    const candidates = r.dependsOn.filter((u) => types.has(this.byUrn.get(u)?.type ?? ""));
    return candidates.length === 1 ? candidates : [];
  }

  /** The role a property of `r` names, resolved by name, else by the URN it depends on. */
  private roleRef(r: KnownResource, key: string, value: unknown): Holder {
    const viaDependency = this.dependencyOf(r, key, ROLE_TYPES).map((u) => this.byUrn.get(u)).find((d) => d !== undefined && ROLE_TYPES.has(d.type));
    if (typeof value === "string") {
      const role = this.rolesByName.get(roleNameOf(value)) ?? viaDependency;
      return role ? { kind: "role", role } : { kind: "other", what: `role ${roleNameOf(value)} (not created by this stack; its trust is not seen)` };
    }
    if (viaDependency) return { kind: "role", role: viaDependency };
    return r.unknown.includes(key) ? { kind: "unknown", what: `${r.name}'s ${key}` } : { kind: "other", what: `${r.name}'s ${key}` };
  }

  /** Several role references in a list property (`roles`, `roleNames`). */
  private roleRefs(r: KnownResource, key: string): Holder[] {
    if (r.unknown.includes(key)) {
      const deps = (r.dependencies[key] ?? []).map((u) => this.byUrn.get(u)).filter((d): d is KnownResource => d !== undefined && ROLE_TYPES.has(d.type));
      return deps.length > 0 ? deps.map((role) => ({ kind: "role", role })) : [{ kind: "unknown", what: `${r.name}'s ${key}` }];
    }
    return strs(r.props[key]).map((name) => this.roleRef({ ...r, dependencies: { [key]: [] } }, key, name));
  }

  private attach(r: KnownResource, key: string, holder: () => Holder[]) {
    const arns = key === "policyArn" ? [r.props.policyArn] : strs(r.props[key]);
    const dependsOn = key === "policyArn" ? this.dependencyOf(r, key, MANAGED_POLICY_TYPES) : (r.dependencies[key] ?? []);
    if (r.unknown.includes(key)) this.attachments.push({ dependsOn, holder });
    for (const arn of arns) if (typeof arn === "string") this.attachments.push({ arn, dependsOn, holder });
  }

  private addAttachments(r: KnownResource) {
    const p = r.props;
    const person = (what: string) => (): Holder[] => [{ kind: "other", what }];
    switch (r.type) {
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        return this.attach(r, "policyArn", () => [this.roleRef(r, "role", p.role)]);
      case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        return this.attach(r, "policyArn", person(`user ${str(p.user) ?? r.name}`));
      case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment":
        return this.attach(r, "policyArn", person(`group ${str(p.group) ?? r.name}`));
      case "aws:iam/policyAttachment:PolicyAttachment":
        return this.attach(r, "policyArn", () => [
          ...strs(p.users).map((u): Holder => ({ kind: "other", what: `user ${u}` })),
          ...strs(p.groups).map((g): Holder => ({ kind: "other", what: `group ${g}` })),
          ...(r.unknown.includes("users") || r.unknown.includes("groups") ? [{ kind: "unknown", what: `${r.name}'s users and groups` } as Holder] : []),
          ...(p.roles !== undefined || r.unknown.includes("roles") ? this.roleRefs(r, "roles") : []),
        ]);
      case "aws:iam/role:Role":
      case "aws-native:iam:Role":
        return this.attach(r, "managedPolicyArns", () => [{ kind: "role", role: r }]);
      case "aws-native:iam:User":
        return this.attach(r, "managedPolicyArns", person(`user ${str(p.userName) ?? r.name}`));
      case "aws-native:iam:Group":
        return this.attach(r, "managedPolicyArns", person(`group ${str(p.groupName) ?? r.name}`));
    }
  }

  /** Does this role's trust admit a person? `unknown` while the trust is not known (preview). */
  private admitsPeople(role: KnownResource): boolean | "unknown" {
    let v = this.trustCache.get(role.urn);
    if (v !== undefined) return v;
    const trust = documentsOf(role.type, role.props).find((d) => d.kind === "trust");
    const field = role.type === "aws:iam/role:Role" ? "assumeRolePolicy" : "assumeRolePolicyDocument";
    if (!trust) v = role.unknown.includes(field) ? "unknown" : true;
    else {
      const doc: NormalDocument | undefined = parsed(trust).document;
      const arn = str(role.props.arn);
      v = doc ? trustAdmitsPeople(doc, arn ? /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined) : true;
    }
    this.trustCache.set(role.urn, v);
    return v;
  }

  /** The holders of a detached document resource (a role policy or a managed policy). */
  holdersOf(r: PolicyResource | KnownResource): Holder[] {
    const k = this.byUrn.get(r.urn) ?? known(r as PolicyResource);
    const p = k.props;
    switch (k.type) {
      case "aws:iam/rolePolicy:RolePolicy":
        return [this.roleRef(k, "role", p.role)];
      case "aws-native:iam:RolePolicy":
        return [this.roleRef(k, "roleName", p.roleName)];
      case "aws-native:iam:ManagedPolicy":
        return [
          ...strs(p.users).map((u): Holder => ({ kind: "other", what: `user ${u}` })),
          ...strs(p.groups).map((g): Holder => ({ kind: "other", what: `group ${g}` })),
          ...(p.roles !== undefined || k.unknown.includes("roles") ? this.roleRefs(k, "roles") : []),
          ...this.attachedTo(k, str(p.policyArn), str(p.managedPolicyName), str(p.path)),
        ];
      case "aws:iam/policy:Policy":
        return this.attachedTo(k, str(p.arn), str(p.name), str(p.path));
    }
    return [];
  }

  private attachedTo(policy: KnownResource, arn: string | undefined, name: string | undefined, path = "/"): Holder[] {
    const suffix = name !== undefined ? `:policy${path}${name}` : undefined;
    const out: Holder[] = [];
    for (const a of this.attachments) {
      const mine = a.dependsOn.includes(policy.urn) || (a.arn !== undefined && (a.arn === arn || (suffix !== undefined && a.arn.startsWith("arn:") && a.arn.endsWith(suffix))));
      if (mine) out.push(...a.holder());
    }
    return out;
  }

  /**
   * Whether a detached document reaches people: no holder in the stack (it may be attached
   * anywhere), a user or group, a role not created here, or a role whose trust admits a person.
   */
  verdict(r: PolicyResource | KnownResource): HolderVerdict {
    const holders = this.holdersOf(r);
    if (holders.length === 0) return { kind: "people", who: "whoever it is attached to (nothing in this stack attaches it)" };
    const undecided: string[] = [];
    const roles: string[] = [];
    for (const h of holders) {
      if (h.kind === "other") return { kind: "people", who: h.what };
      if (h.kind === "unknown") {
        undecided.push(h.what);
        continue;
      }
      const roleName = str(h.role.props.name) ?? str(h.role.props.roleName) ?? h.role.name;
      const admits = this.admitsPeople(h.role);
      if (admits === true) return { kind: "people", who: `role ${roleName}, whose trust admits people` };
      if (admits === "unknown") undecided.push(`role ${roleName}'s trust`);
      else roles.push(roleName);
    }
    return undecided.length > 0 ? { kind: "undecided", why: undecided.join(", ") } : { kind: "workloads", roles };
  }
}
