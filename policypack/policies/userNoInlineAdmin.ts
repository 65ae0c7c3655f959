import { ResourceValidationPolicy } from "@pulumi/policy";
import { adminGrant } from "../../lib/iam/breadth";
import { awsManagedPolicyName } from "../../lib/iam/managedPolicies";
import { readable } from "../lib/analysis";
import { userInlinePolicies } from "../lib/documents";
import { elementPath } from "../../lib/iam/parse";
import { at, coded } from "../lib/format";

/** AWS managed policies that are admin for whoever holds them. */
export const ADMIN_MANAGED_POLICIES: readonly string[] = ["AdministratorAccess", "IAMFullAccess"];

function isAdminPolicyArn(arn: unknown): boolean {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) return false;
  const name = awsManagedPolicyName(arn);
  return ADMIN_MANAGED_POLICIES.some((n) => n === name);
}

/** What a resource attaches straight to users: the policy ARNs, to whom (in words), and the field to change. */
interface DirectAttachment {
  arns: unknown[];
  to: string;
  field: string;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function directAttachment(type: string, props: Record<string, unknown>): DirectAttachment | undefined {
  switch (type) {
    case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
      return { arns: [props.policyArn], to: `user ${props.user}`, field: "policyArn" };
    case "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive":
      return { arns: list(props.policyArns), to: `user ${props.userName}`, field: "policyArns" };
    case "aws:iam/policyAttachment:PolicyAttachment": {
      const users = list(props.users);
      return users.length > 0 ? { arns: [props.policyArn], to: `users ${users.join(", ")}`, field: "users" } : undefined;
    }
    case "aws-native:iam:User":
      return { arns: list(props.managedPolicyArns), to: "the user", field: "managedPolicyArns" };
  }
  return undefined;
}

export const userNoInlineAdmin: ResourceValidationPolicy = {
  name: "iam-user-no-inline-admin",
  description: "An IAM user must not hold admin through an inline policy or a directly attached AdministratorAccess/IAMFullAccess.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the policy from the user. Give admin through a role that a group may assume with MFA (see the iam-baseline layout).",
  validateResource: async (args, reportViolation) => {
    for (const doc of userInlinePolicies(args.type, args.props)) {
      const parsed = readable(doc);
      if (!parsed) continue;
      for (const s of parsed.statements) {
        const grant = await adminGrant(s);
        if (grant) reportViolation(coded(`${at(args.name, doc.field, s)} ${grant.why}: an inline admin policy on a user. Remove it; grant admin through a role assumed with MFA.`, "ADMIN001", doc.field, s.notAction ? elementPath(s, "NotAction") : elementPath(s, "Action", grant.pattern!)));
      }
    }
    const attached = directAttachment(args.type, args.props);
    if (attached) {
      for (const arn of attached.arns.filter(isAdminPolicyArn)) {
        reportViolation(coded(`${args.name} attaches ${arn} directly to ${attached.to}. Detach it; grant admin through a role assumed with MFA.`, "ADMIN002", attached.field));
      }
    }
  },
};
