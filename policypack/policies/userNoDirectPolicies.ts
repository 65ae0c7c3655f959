/** IAM users get permissions only through groups (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { coded } from "../lib/format";

/** Resources that give one user a policy of its own, with the field that names the user. */
const DIRECT_USER_POLICY_TYPES = new Map<string, string>([
  ["aws:iam/userPolicy:UserPolicy", "user"],
  ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "user"],
  ["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "userName"],
  ["aws-native:iam:UserPolicy", "userName"],
]);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const userNoDirectPolicies: ResourceValidationPolicy = {
  name: "iam-user-no-direct-policies",
  description: "IAM users get permissions only through groups, never policies of their own.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Move the policy to a group and add the user to that group.",
  validateResource: (args, reportViolation) => {
    const userField = DIRECT_USER_POLICY_TYPES.get(args.type);
    if (userField !== undefined) {
      reportViolation(coded(`${args.name} gives user ${args.props[userField] ?? "(not known yet)"} a policy of its own. Put it on a group instead.`, "DIRECT001", userField));
    }
    const users = list(args.props.users);
    if (args.type === "aws:iam/policyAttachment:PolicyAttachment" && users.length > 0) {
      reportViolation(coded(`${args.name} attaches ${args.props.policyArn} to users ${users.join(", ")}. Attach it to a group instead.`, "DIRECT002", "users"));
    }
    if (args.type === "aws-native:iam:ManagedPolicy" && users.length > 0) {
      reportViolation(coded(`${args.name} attaches itself to users ${users.join(", ")}. Attach it to a group instead.`, "DIRECT002", "users"));
    }
    if (args.type === "aws-native:iam:User") {
      const field = ["policies", "managedPolicyArns"].find((k) => list(args.props[k]).length > 0);
      if (field !== undefined) reportViolation(coded(`${args.name} has policies of its own. Put them on a group instead.`, "DIRECT003", field));
    }
  },
};
