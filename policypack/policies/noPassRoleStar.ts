/** iam:PassRole is never granted on every role (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { appliesToAllResources } from "../../lib/iam/breadth";
import { elementPath, NormalStatement, statementCoversAction } from "../../lib/iam/parse";
import { statementsOf } from "../lib/analysis";
import { at, coded } from "../lib/format";

/** `arn:<partition>:iam::<account>:role/*` or `...:*`: every role of an account (or of every account). */
const isEveryRole = (r: string) => /^arn:[^:]*:iam::[^:]*:(role\/)?\*+$/.test(r);

/** The element that makes it every role: the `*` (or role wildcard) entry of Resource, the NotResource list, or the Action when no Resource is given. */
function passRoleStarAt(s: NormalStatement): string {
  if (s.notResource) return elementPath(s, "NotResource");
  if (!s.resource) return elementPath(s, "Action");
  // Reported, so one entry is every resource or every role.
  return elementPath(s, "Resource", s.resource.find((r) => appliesToAllResources({ ...s, resource: [r] }) || isEveryRole(r))!);
}

export const noPassRoleStar: ResourceValidationPolicy = {
  name: "iam-no-passrole-star",
  description: "iam:PassRole is granted on named roles, never on `*` (it lets a service run with any role).",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps: "Restrict iam:PassRole to the role ARNs the service needs, with an iam:PassedToService condition.",
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props, ["identity"])) {
      // Not every resource: then Resource is there (no Resource, or NotResource, is every resource).
      if (s.effect === "Allow" && statementCoversAction(s, "iam:PassRole") && (appliesToAllResources(s) || s.resource!.some(isEveryRole))) {
        reportViolation(coded(`${at(args.name, doc.field, s)} allows iam:PassRole on every role. Name the roles.`, "PASSROLE001", doc.field, passRoleStarAt(s)));
      }
    }
  },
};
