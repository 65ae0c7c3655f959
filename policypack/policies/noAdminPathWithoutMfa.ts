import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { adminPathsWithoutMfa, providerAccount, providerPartition, StackResource } from "../lib/accessGraph";
import { knownProps, undecidedAtPreview } from "../lib/preview";

/** The resources the access graph reads; nothing else of the stack is touched. */
const GRAPH_TYPES = new Set([
  "aws:iam/user:User",
  "aws:iam/userGroupMembership:UserGroupMembership",
  "aws:iam/groupMembership:GroupMembership",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
  "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
  "aws:iam/policy:Policy",
  "aws:iam/role:Role",
]);

/** Computed by the provider, derived by the graph from names, paths and the provider's account when unknown. */
const DERIVABLE = new Set(["arn", "id", "uniqueId", "urn", "tagsAll", "createDate", "attachmentCount", "policyId"]);

/**
 * The stack's IAM as far as it is known at preview. A customer managed policy's ARN that is not
 * known yet is recovered from the resource it comes from (its name and path); an ARN of a user or
 * role, from its name, path and the provider's account.
 */
export function previewResources(all: readonly PolicyResource[]): { resources: StackResource[]; undecided: string[] } {
  const undecided: string[] = [];
  const resources: StackResource[] = [];
  const iam = all.filter((r) => GRAPH_TYPES.has(r.type));
  const policyByUrn = new Map(iam.filter((r) => r.type === "aws:iam/policy:Policy").map((r) => [r.urn, r]));
  for (const r of iam) {
    const known = knownProps(r.props);
    const provider = r.provider ? { urn: r.provider.urn, props: knownProps(r.provider.props).props } : undefined;
    const props = known.props;
    const missing = known.unknown.filter((k) => !DERIVABLE.has(k));
    const partition = providerPartition(provider);
    if (missing.includes("policyArn")) {
      const source = r.propertyDependencies?.policyArn?.map((d) => policyByUrn.get(d.urn)).find((p) => p !== undefined);
      const p = source && knownProps(source.props).props;
      if (p && typeof p.name === "string") {
        props.policyArn = `arn:${partition}:iam::${providerAccount(provider) ?? "000000000000"}:policy${typeof p.path === "string" ? p.path : "/"}${p.name}`;
        missing.splice(missing.indexOf("policyArn"), 1);
      }
    }
    const account = providerAccount(provider);
    if (props.arn === undefined && account && typeof props.name === "string" && (r.type === "aws:iam/user:User" || r.type === "aws:iam/role:Role")) {
      props.arn = `arn:${partition}:iam::${account}:${r.type === "aws:iam/user:User" ? "user" : "role"}${typeof props.path === "string" ? props.path : "/"}${props.name}`;
    }
    if (missing.length > 0) undecided.push(`${r.name} (${r.type.split(":").pop()}): ${missing.join(", ")}`);
    resources.push({ type: r.type, name: r.name, urn: r.urn, props, provider });
  }
  return { resources, undecided };
}

export const noAdminPathWithoutMfa: StackValidationPolicy = {
  name: "iam-no-admin-path-without-mfa",
  description: "Over the whole stack: no user can reach admin-equivalent permissions (directly, or through a group and a role) without MFA at some hop.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: "Give users no admin of their own; let groups assume admin roles whose trust requires MFA (Bool aws:MultiFactorAuthPresent true).",
  validateStack: async (args, reportViolation) => {
    const { resources, undecided } = previewResources(args.resources);
    for (const f of await adminPathsWithoutMfa(resources)) reportViolation(`${f.message} [PATH001 at ${f.location}]`, f.userUrn);
    if (undecided.length > 0) {
      throw undecidedAtPreview(`the paths through these resources could not be decided, their values are not known yet (they are checked during pulumi up): ${undecided.join("; ")}`);
    }
  },
};
