import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A trust policy for principals of one kind, rendered by the provider. */
export function trustFor(type: string, identifiers: pulumi.Input<string>[]): pulumi.Output<string> {
  return aws.iam.getPolicyDocumentOutput({
    statements: [{ actions: ["sts:AssumeRole"], principals: [{ type, identifiers }] }],
  }).json;
}

export function roleWithManagedPolicy(name: string, trust: pulumi.Input<string>, policyArn: string, maxSessionDuration = 3600): aws.iam.Role {
  const role = new aws.iam.Role(name, { assumeRolePolicy: trust, maxSessionDuration });
  new aws.iam.RolePolicyAttachment(`${name}-policy`, { role: role.name, policyArn });
  return role;
}
