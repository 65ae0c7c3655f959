/** The advisory policies: good practice a team may turn mandatory in prod. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { appliesToAllResources } from "../../lib/iam/breadth";
import { mfaMaxAgeOf } from "../../lib/iam/mfa";
import { statementCoversAction } from "../../lib/iam/parse";
import { hasWildcard } from "../../lib/iam/wildcard";
import { readable, statementsOf } from "../lib/analysis";
import { documentsOf } from "../lib/documents";
import { at } from "../lib/format";

const DIRECT_USER_POLICY_TYPES = ["aws:iam/userPolicy:UserPolicy", "aws:iam/userPolicyAttachment:UserPolicyAttachment", "aws-native:iam:UserPolicy"];

export const userNoDirectPolicies: ResourceValidationPolicy = {
  name: "iam-user-no-direct-policies",
  description: "IAM users get permissions only through groups, never policies of their own.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Move the policy to a group and add the user to that group.",
  validateResource: (args, reportViolation) => {
    if (DIRECT_USER_POLICY_TYPES.includes(args.type)) {
      reportViolation(`${args.name} gives user ${args.props.user ?? args.props.userName ?? "?"} a policy of its own. Put it on a group instead.`);
    }
    if (args.type === "aws:iam/policyAttachment:PolicyAttachment" && Array.isArray(args.props.users) && args.props.users.length > 0) {
      reportViolation(`${args.name} attaches ${args.props.policyArn} to users ${(args.props.users as unknown[]).join(", ")}. Attach it to a group instead.`);
    }
    if (args.type === "aws-native:iam:ManagedPolicy" && Array.isArray(args.props.users) && args.props.users.length > 0) {
      reportViolation(`${args.name} attaches itself to users ${(args.props.users as unknown[]).join(", ")}. Attach it to a group instead.`);
    }
    if (args.type === "aws-native:iam:User" && ((args.props.policies ?? []).length > 0 || (args.props.managedPolicyArns ?? []).length > 0)) {
      reportViolation(`${args.name} has policies of its own. Put them on a group instead.`);
    }
  },
};

export const assumeRoleExplicitResources: ResourceValidationPolicy = {
  name: "iam-assume-role-explicit-resources",
  description: "An sts:AssumeRole grant names explicit role ARNs: no `*` account or role.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps: 'List the ARNs of the roles, e.g. "arn:aws:iam::222222222222:role/Admin", instead of a wildcard.',
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props, ["identity"])) {
      if (s.effect !== "Allow" || !statementCoversAction(s, "sts:AssumeRole")) continue;
      const wild = s.notResource ? ["NotResource"] : (s.resource ?? ["*"]).filter((r) => hasWildcard(r) || !/^arn:[^:]+:iam::\d{12}:role\//.test(r));
      if (wild.length > 0) reportViolation(`${at(args.name, doc.field, s)} allows sts:AssumeRole on ${wild.join(", ")}. Name the role ARNs explicitly.`);
    }
  },
};

export const noPassRoleStar: ResourceValidationPolicy = {
  name: "iam-no-passrole-star",
  description: "iam:PassRole is granted on named roles, never on `*` (it lets a service run with any role).",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps: "Restrict iam:PassRole to the role ARNs the service needs, with an iam:PassedToService condition.",
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props, ["identity"])) {
      if (s.effect === "Allow" && statementCoversAction(s, "iam:PassRole") && (appliesToAllResources(s) || (s.resource ?? []).some((r) => /^arn:[^:]*:iam::[^:]*:(role\/)?\*+$/.test(r)))) {
        reportViolation(`${at(args.name, doc.field, s)} allows iam:PassRole on every role. Name the roles.`);
      }
    }
  },
};

export const noAllowNotAction: ResourceValidationPolicy = {
  name: "iam-no-allow-notaction",
  description: "No Allow with NotAction: it grants every action not listed, including services that do not exist yet.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "List the allowed actions with Action instead.",
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props)) {
      if (s.effect === "Allow" && s.notAction) reportViolation(`${at(args.name, doc.field, s)} allows everything except ${s.notAction.join(", ")}. List the allowed actions instead.`);
    }
  },
};

export const roleSessionWithinMfaAge: ResourceValidationPolicy = {
  name: "iam-role-session-within-mfa-age",
  description: "A role's maximum session is no longer than the MFA age its trust accepts, so a session never outlives its MFA bound.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Lower maxSessionDuration to the aws:MultiFactorAuthAge bound, or raise the bound.",
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:iam/role:Role" && args.type !== "aws-native:iam:Role") return;
    const trust = documentsOf(args.type, args.props).find((d) => d.kind === "trust");
    const doc = trust && readable(trust);
    const age = doc && mfaMaxAgeOf(doc);
    const session = Number(args.props.maxSessionDuration ?? 3600);
    if (age !== undefined && session > age) {
      reportViolation(`${args.name} maxSessionDuration ${session}s is longer than the MFA age bound ${age}s of its trust. Lower it to ${age}s or less.`);
    }
  },
};

export interface PasswordPolicyConfig {
  minimumLength?: number;
  maxAgeDays?: number;
  reusePrevention?: number;
}

export const passwordPolicyStrong: ResourceValidationPolicy = {
  name: "iam-password-policy-strong",
  description: "The account password policy is strong: length, every character class, reuse prevention, maximum age.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set minimumPasswordLength >= 14, require all character classes, passwordReusePrevention >= 24 and maxPasswordAge <= 90.",
  configSchema: {
    properties: {
      minimumLength: { type: "integer", default: 14, minimum: 8 },
      maxAgeDays: { type: "integer", default: 90, minimum: 1 },
      reusePrevention: { type: "integer", default: 24, minimum: 1, maximum: 24 },
    },
  },
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:iam/accountPasswordPolicy:AccountPasswordPolicy") return;
    const c = { minimumLength: 14, maxAgeDays: 90, reusePrevention: 24, ...args.getConfig<PasswordPolicyConfig>() };
    const p = args.props;
    const problems: string[] = [];
    if (!(Number(p.minimumPasswordLength ?? 6) >= c.minimumLength)) problems.push(`minimumPasswordLength is ${p.minimumPasswordLength ?? 6}, expected >= ${c.minimumLength}`);
    for (const k of ["requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols"]) if (p[k] !== true) problems.push(`${k} is not true`);
    if (!(Number(p.passwordReusePrevention ?? 0) >= c.reusePrevention)) problems.push(`passwordReusePrevention is ${p.passwordReusePrevention ?? "unset"}, expected >= ${c.reusePrevention}`);
    const age = Number(p.maxPasswordAge ?? 0);
    if (!(age >= 1 && age <= c.maxAgeDays)) problems.push(`maxPasswordAge is ${p.maxPasswordAge ?? "unset"}, expected 1..${c.maxAgeDays}`);
    if (problems.length > 0) reportViolation(`${args.name}: ${problems.join("; ")}.`);
  },
};
