/** No Allow with NotAction (advisory). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { statementsOf } from "../lib/analysis";
import { elementPath } from "../../lib/iam/parse";
import { at, coded } from "../lib/format";

export const noAllowNotAction: ResourceValidationPolicy = {
  name: "iam-no-allow-notaction",
  description: "No Allow with NotAction: it grants every action not listed, including services that do not exist yet.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "List the allowed actions with Action instead.",
  validateResource: (args, reportViolation) => {
    for (const { doc, statement: s } of statementsOf(args.type, args.props)) {
      if (s.effect === "Allow" && s.notAction) reportViolation(coded(`${at(args.name, doc.field, s)} allows everything except ${s.notAction.join(", ")}. List the allowed actions instead.`, "NOTACTION001", doc.field, elementPath(s, "NotAction")));
    }
  },
};
