/** Grants to everyone in a resource's policies, with what they write and read (shared by the two public-access policies). */
import { ResourceValidationArgs } from "@pulumi/policy";
import { elementPath, NormalStatement } from "../../lib/iam/parse";
import { narrowsToOrgOrAccount } from "../../lib/iam/principals";
import { grantedAccess, isPublicGrant } from "../../lib/iam/publicAccess";
import { readable } from "./analysis";
import { documentsOf } from "./documents";

export interface PublicGrant {
  field: string;
  statement?: NormalStatement;
  location: string;
  write: string[];
  read: string[];
  /** A Lambda function URL without auth: public on purpose (a website, a webhook). */
  publicUrl?: boolean;
}

const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

/** `aws.lambda.Permission` is a statement written as properties: a public principal unless narrowed by account, ARN or organization. */
function lambdaPermissionGrant(props: Record<string, unknown>): PublicGrant | undefined {
  if (props.principal !== "*") return undefined;
  const narrowed = [
    ["aws:sourceaccount", props.sourceAccount],
    ["aws:sourcearn", props.sourceArn],
    ["aws:principalorgid", props.principalOrgId],
  ].some(([key, v]) => typeof v === "string" && narrowsToOrgOrAccount({ key: key as string, base: "stringequals", operator: "StringEquals", ifExists: false, keyAsWritten: key as string, values: [v] }));
  if (narrowed) return undefined;
  const action = typeof props.action === "string" ? props.action : "lambda:InvokeFunction";
  const publicUrl = /^lambda:InvokeFunctionUrl$/i.test(action) && props.functionUrlAuthType === "NONE";
  return { field: "principal", location: "$", write: publicUrl ? [] : [action], read: publicUrl ? [action] : [], publicUrl };
}

export async function publicGrants(args: Pick<ResourceValidationArgs, "type" | "props">): Promise<PublicGrant[]> {
  if (args.type === LAMBDA_PERMISSION) {
    const g = lambdaPermissionGrant(args.props);
    return g ? [g] : [];
  }
  const out: PublicGrant[] = [];
  for (const doc of documentsOf(args.type, args.props)) {
    if (doc.kind !== "resource") continue;
    for (const s of readable(doc)?.statements ?? []) {
      if (!isPublicGrant(s)) continue;
      const access = await grantedAccess(s);
      out.push({ field: doc.field, statement: s, location: s.notPrincipal ? elementPath(s, "NotPrincipal") : elementPath(s, "Principal"), ...access });
    }
  }
  return out;
}
