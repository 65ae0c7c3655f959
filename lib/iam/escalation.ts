/**
 * Privilege escalation to admin: permissions that let their holder give itself (or take over an
 * identity with) more than it was given. The list follows published research: Rhino Security
 * Labs' "AWS IAM privilege escalation methods" and the edges NCC Group's PMapper models (IAM
 * writes, credential takeover, PassRole to a compute or stack service, code updates on existing
 * compute). Decided statement by statement on one document; no guessing across documents.
 */
import { ACTION_RESOURCE_ARNS } from "./actionResources";
import { arnParts } from "./arn";
import { isAllActions } from "./catalog";
import { requiresMatch } from "./conditions";
import { NormalStatement, statementCoversAction } from "./parse";
import { arnsIntersect, globsIntersect } from "./principals";
import { hasWildcard, wildcardMatch } from "./wildcard";

export interface EscalationFinding {
  code: string;
  statement: NormalStatement;
  /** The actions that make the path, as AWS writes them. */
  actions: string[];
  /** The element of the statement to point at. */
  element: "Action" | "NotAction" | "Resource" | "NotResource";
  problem: string;
  fix: string;
}

/**
 * IAM writes on a policy, a user, a group or a role, with the resources each acts on: whoever
 * holds one can raise any identity it reaches, itself included.
 */
export const POLICY_WRITES: Record<string, string> = {
  "iam:CreatePolicyVersion": "arn:*:iam::*:policy/*",
  "iam:SetDefaultPolicyVersion": "arn:*:iam::*:policy/*",
  "iam:AttachUserPolicy": "arn:*:iam::*:user/*",
  "iam:AttachGroupPolicy": "arn:*:iam::*:group/*",
  "iam:AttachRolePolicy": "arn:*:iam::*:role/*",
  "iam:PutUserPolicy": "arn:*:iam::*:user/*",
  "iam:PutGroupPolicy": "arn:*:iam::*:group/*",
  "iam:PutRolePolicy": "arn:*:iam::*:role/*",
  "iam:AddUserToGroup": "arn:*:iam::*:group/*",
  "iam:DeleteUserPermissionsBoundary": "arn:*:iam::*:user/*",
  "iam:DeleteRolePermissionsBoundary": "arn:*:iam::*:role/*",
  "iam:PutUserPermissionsBoundary": "arn:*:iam::*:user/*",
  "iam:PutRolePermissionsBoundary": "arn:*:iam::*:role/*",
  "iam:UpdateAssumeRolePolicy": "arn:*:iam::*:role/*",
};

/** Credentials of another user: taking the user over. On one's own user (`${aws:username}`) it is self-service. */
export const CREDENTIAL_WRITES = ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"];

/** Create actions that run code with a role passed to the service (iam:PassRole), with the service principal. */
export const PASSROLE_TARGETS: { action: string; service: string }[] = [
  { action: "ec2:RunInstances", service: "ec2.amazonaws.com" },
  { action: "lambda:CreateFunction", service: "lambda.amazonaws.com" },
  { action: "cloudformation:CreateStack", service: "cloudformation.amazonaws.com" },
  { action: "cloudformation:CreateStackSet", service: "cloudformation.amazonaws.com" },
  { action: "glue:CreateDevEndpoint", service: "glue.amazonaws.com" },
  { action: "glue:CreateJob", service: "glue.amazonaws.com" },
  { action: "ecs:RunTask", service: "ecs-tasks.amazonaws.com" },
  { action: "ecs:RegisterTaskDefinition", service: "ecs-tasks.amazonaws.com" },
  { action: "ecs:CreateService", service: "ecs-tasks.amazonaws.com" },
  { action: "datapipeline:CreatePipeline", service: "datapipeline.amazonaws.com" },
  { action: "sagemaker:CreateNotebookInstance", service: "sagemaker.amazonaws.com" },
  { action: "sagemaker:CreateTrainingJob", service: "sagemaker.amazonaws.com" },
  { action: "sagemaker:CreateProcessingJob", service: "sagemaker.amazonaws.com" },
  { action: "codebuild:CreateProject", service: "codebuild.amazonaws.com" },
  { action: "states:CreateStateMachine", service: "states.amazonaws.com" },
  { action: "autoscaling:CreateLaunchConfiguration", service: "ec2.amazonaws.com" },
  { action: "ec2:CreateLaunchTemplate", service: "ec2.amazonaws.com" },
  { action: "batch:RegisterJobDefinition", service: "ecs-tasks.amazonaws.com" },
];

/** Updates that run new code under an existing compute resource's role. */
export const CODE_UPDATES = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "glue:UpdateDevEndpoint", "cloudformation:UpdateStack", "ssm:SendCommand"];

/**
 * Can a Resource entry grant the action: does it reach a resource of a type the action acts on
 * (or match `"*"` itself, for an action that acts on none)? `iam:PassRole` with `NotAction "s3:*"`
 * on `role/*` passes roles, but creates no function: a Resource of roles grants `lambda:CreateFunction` nothing.
 */
function grantsOn(r: string, action: string): boolean {
  const types = ACTION_RESOURCE_ARNS[action];
  return types.length === 0 ? wildcardMatch(r, "*") : types.some((glob) => arnsIntersect(r, glob));
}

/** AWS managed policies that are admin, or let their holder become admin. */
const ADMIN_POLICY_NAMES = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess", "AWSLambda_FullAccess", "AmazonEC2FullAccess"];

/**
 * Do the statement's resources, as globs (`${aws:username}` kept literal), reach the ARN glob?
 * No Resource element (NotResource, or none) reaches everything: it reads as `*`.
 */
function reaches(s: NormalStatement, glob: string): boolean {
  return (s.resource ?? ["*"]).some((r) => arnsIntersect(r, glob));
}

/** Resources that reach identities other than the caller's own user. */
function reachesOthers(s: NormalStatement, glob: string): boolean {
  return (s.resource ?? ["*"]).some((r) => !r.includes("${aws:username}") && arnsIntersect(r, glob));
}

/** A Resource that names functions, stacks or instances by a wildcard: in its resource part, or a pattern of fewer parts (`*`, `arn:*`). */
function namesByWildcard(r: string): boolean {
  const parts = arnParts(r);
  return hasWildcard(parts === undefined ? r : parts[5]);
}

/** Writes that a permissions boundary condition bounds, and attachments that an iam:PolicyARN condition bounds. */
const BOUNDARY_BOUNDED = new Set(["iam:AttachUserPolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:PutRolePolicy"]);
const POLICY_ARN_BOUNDED = new Set(["iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy"]);


/** Attach/Put restricted to a permissions boundary, or Attach restricted to named non-admin policies. */
function boundedWrite(s: NormalStatement, action: string): boolean {
  if (BOUNDARY_BOUNDED.has(action) && s.conditions.some((c) => c.key === "iam:permissionsboundary" && requiresMatch(c) && c.values.every((v) => !/^\*+$/.test(v)))) return true;
  if (POLICY_ARN_BOUNDED.has(action)) {
    const arns = s.conditions.filter((c) => c.key === "iam:policyarn" && requiresMatch(c));
    // Compared ignoring case: StringEqualsIgnoreCase "…/administratoraccess" names AdministratorAccess.
    return arns.length > 0 && arns.every((c) => c.values.every((v) => !v.includes("*") && !ADMIN_POLICY_NAMES.some((n) => v.toLowerCase().endsWith(`/${n.toLowerCase()}`))));
  }
  return false;
}

/** The services a PassRole statement may pass to (undefined: any). */
function passedToServices(s: NormalStatement): string[] | undefined {
  const tests = s.conditions.filter((c) => c.key === "iam:passedtoservice" && requiresMatch(c));
  return tests.length === 0 ? undefined : tests.flatMap((c) => c.values);
}

/** Is a statement admin already (every action on every resource)? Escalating from it is moot. */
function isAdminStatement(s: NormalStatement): boolean {
  const all = (s.resource ?? ["*"]).some((r) => r === "*" || r === "arn:*");
  return all && (s.notAction !== undefined || (s.action ?? []).some(isAllActions));
}

const covered = (s: NormalStatement, actions: string[]) => actions.filter((a) => statementCoversAction(s, a));

export function escalationFindings(statements: NormalStatement[]): EscalationFinding[] {
  const allows = statements.filter((s) => s.effect === "Allow");
  if (allows.some(isAdminStatement)) return [];
  const out: EscalationFinding[] = [];
  const element = (s: NormalStatement) => (s.notAction ? "NotAction" : "Action") as "Action" | "NotAction";
  for (const s of allows) {
    const writes = covered(s, Object.keys(POLICY_WRITES)).filter((a) => !boundedWrite(s, a) && reaches(s, POLICY_WRITES[a]));
    if (writes.length > 0) {
      const onlySelf = !writes.some((a) => reachesOthers(s, POLICY_WRITES[a]));
      out.push({
        code: onlySelf ? "ESC002" : "ESC001",
        statement: s,
        actions: writes,
        element: element(s),
        problem: onlySelf
          ? `allows ${writes.join(", ")} on the caller's own user: scoping to \${aws:username} does not limit what is attached or written, so its holder can make itself admin`
          : `allows ${writes.join(", ")} on users, groups, roles or policies: its holder can attach or write admin permissions for itself or any identity it reaches`,
        fix: "Remove these IAM writes, or require a permissions boundary (iam:PermissionsBoundary) or name the allowed policies with an iam:PolicyARN condition",
      });
    }
    const takeovers = covered(s, CREDENTIAL_WRITES);
    if (takeovers.length > 0 && reachesOthers(s, "arn:*:iam::*:user/*")) {
      out.push({
        code: "ESC003",
        statement: s,
        actions: takeovers,
        element: element(s),
        problem: `allows ${takeovers.join(", ")} on other users: its holder can sign in as any user it reaches, admins included`,
        fix: 'Scope credential self-service to "arn:aws:iam::*:user/${aws:username}"',
      });
    }
    const updates = covered(s, CODE_UPDATES).filter((a) => (s.resource ?? ["*"]).some((r) => namesByWildcard(r) && grantsOn(r, a)));
    if (updates.length > 0) {
      out.push({
        code: "ESC005",
        statement: s,
        actions: updates,
        element: element(s),
        problem: `allows ${updates.join(", ")} on functions, stacks or instances named by a wildcard: its holder runs its own code with whatever role those have`,
        fix: "Name the functions, stacks or instances it may update",
      });
    }
  }
  // PassRole on any role with a create action that runs code as the passed role.
  const passers = allows.filter((s) => statementCoversAction(s, "iam:PassRole") && (s.resource ?? ["*"]).some((r) => r.includes("*") && arnsIntersect(r, "arn:*:iam::*:role/*")));
  for (const s of allows) {
    const targets = PASSROLE_TARGETS.filter((t) => statementCoversAction(s, t.action) && (s.resource ?? ["*"]).some((r) => grantsOn(r, t.action)) && passers.some((p) => (passedToServices(p) ?? ["*"]).some((v) => wildcardMatch(v, t.service))));
    if (targets.length === 0) continue;
    const passer = passers.find((p) => (passedToServices(p) ?? ["*"]).some((v) => targets.some((t) => wildcardMatch(v, t.service))))!;
    out.push({
      code: "ESC004",
      statement: s,
      actions: ["iam:PassRole", ...targets.map((t) => t.action)],
      element: element(s),
      problem: `allows ${targets.map((t) => t.action).join(", ")} with iam:PassRole on any role (${passer === s ? "this statement" : passer.label}): its holder runs code as the most privileged role it can pass, admin included`,
      fix: "Restrict iam:PassRole to the role ARNs the service needs, with an iam:PassedToService condition",
    });
  }
  return out;
}
