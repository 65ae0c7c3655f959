import { ResourceValidationPolicy } from "@pulumi/policy";
import { policyShortName } from "../../lib/iam/arn";
import { adminGrant } from "../../lib/iam/breadth";
import { readable } from "../lib/analysis";
import { userInlinePolicies } from "../lib/documents";
import { elementPath } from "../../lib/iam/parse";
import { at, coded } from "../lib/format";

/** AWS managed policies that are admin for whoever holds them. */
export const ADMIN_MANAGED_POLICIES = ["AdministratorAccess", "IAMFullAccess"];

const isAdminPolicyArn = (arn: unknown) =>
  typeof arn === "string" && /^arn:aws[\w-]*:iam::aws:policy\//.test(arn) && ADMIN_MANAGED_POLICIES.includes(policyShortName(arn));

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
        if (grant) reportViolation(coded(`${at(args.name, doc.field, s)} ${grant.why}: an inline admin policy on a user. Remove it; grant admin through a role assumed with MFA.`, "ADMIN001", doc.field, s.notAction ? elementPath(s, "NotAction") : elementPath(s, "Action", grant.pattern ?? "")));
      }
    }
    if (args.type === "aws:iam/userPolicyAttachment:UserPolicyAttachment" && isAdminPolicyArn(args.props.policyArn)) {
      reportViolation(coded(`${args.name} attaches ${args.props.policyArn} directly to user ${args.props.user}. Detach it; grant admin through a role assumed with MFA.`, "ADMIN002", "policyArn"));
    }
    if (args.type === "aws:iam/policyAttachment:PolicyAttachment" && isAdminPolicyArn(args.props.policyArn)) {
      const users = Array.isArray(args.props.users) ? (args.props.users as unknown[]) : [];
      if (users.length > 0) reportViolation(coded(`${args.name} attaches ${args.props.policyArn} directly to users ${users.join(", ")}. Detach it; grant admin through a role assumed with MFA.`, "ADMIN002", "users"));
    }
    if (args.type === "aws-native:iam:User") {
      for (const arn of Array.isArray(args.props.managedPolicyArns) ? (args.props.managedPolicyArns as unknown[]) : []) {
        if (isAdminPolicyArn(arn)) reportViolation(coded(`${args.name} managedPolicyArns attaches ${arn} directly to the user. Detach it; grant admin through a role assumed with MFA.`, "ADMIN002", "managedPolicyArns"));
      }
    }
  },
};
