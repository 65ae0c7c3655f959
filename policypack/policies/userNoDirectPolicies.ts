/** IAM users get permissions only through groups (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { coded } from "../lib/format";

const DIRECT_USER_POLICY_TYPES = [
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
  "aws-native:iam:UserPolicy",
];

export const userNoDirectPolicies: ResourceValidationPolicy = {
  name: "iam-user-no-direct-policies",
  description: "IAM users get permissions only through groups, never policies of their own.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Move the policy to a group and add the user to that group.",
  validateResource: (args, reportViolation) => {
    if (DIRECT_USER_POLICY_TYPES.includes(args.type)) {
      reportViolation(coded(`${args.name} gives user ${args.props.user ?? args.props.userName ?? "?"} a policy of its own. Put it on a group instead.`, "DIRECT001", args.props.user !== undefined ? "user" : "userName"));
    }
    if (args.type === "aws:iam/policyAttachment:PolicyAttachment" && Array.isArray(args.props.users) && args.props.users.length > 0) {
      reportViolation(coded(`${args.name} attaches ${args.props.policyArn} to users ${(args.props.users as unknown[]).join(", ")}. Attach it to a group instead.`, "DIRECT002", "users"));
    }
    if (args.type === "aws-native:iam:ManagedPolicy" && Array.isArray(args.props.users) && args.props.users.length > 0) {
      reportViolation(coded(`${args.name} attaches itself to users ${(args.props.users as unknown[]).join(", ")}. Attach it to a group instead.`, "DIRECT002", "users"));
    }
    if (args.type === "aws-native:iam:User" && ((args.props.policies ?? []).length > 0 || (args.props.managedPolicyArns ?? []).length > 0)) {
      reportViolation(coded(`${args.name} has policies of its own. Put them on a group instead.`, "DIRECT003", (args.props.policies ?? []).length > 0 ? "policies" : "managedPolicyArns"));
    }
  },
};
