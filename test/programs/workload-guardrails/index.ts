import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const issuer = config.require("clusterOidcIssuer");
const caller = aws.getCallerIdentityOutput();

// What no workload of this account may do: touch IAM. A guardrail the workloads carry themselves.
const noIam = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "NoIam", Effect: "Deny", Action: "iam:*", Resource: "*" }],
});

const serviceTrust = (service: string) =>
    aws.iam.getPolicyDocumentOutput({
        statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: [service] }] }],
    }).json;

// 1. The ECS task role: its guardrail in a separate aws.iam.RolePolicy.
const taskRole = new aws.iam.Role("orders-task", { assumeRolePolicy: serviceTrust("ecs-tasks.amazonaws.com") });
new aws.iam.RolePolicy("orders-task-no-iam", { role: taskRole.id, policy: noIam });

// 2. The Lambda role: the guardrail as a customer managed policy, attached with a RolePolicyAttachment.
const fnRole = new aws.iam.Role("thumbnails-fn", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
const workloadGuardrail = new aws.iam.Policy("workload-no-iam", { description: "Workloads never touch IAM", policy: noIam });
new aws.iam.RolePolicyAttachment("thumbnails-fn-no-iam", { role: fnRole.name, policyArn: workloadGuardrail.arn });

// 3. An EKS service account's role (web identity, pinned to the service account), the guardrail inline.
new aws.iam.Role("api-irsa", {
    assumeRolePolicy: caller.accountId.apply((account) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${issuer}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:api:api", [`${issuer}:aud`]: "sts.amazonaws.com" } },
            }],
        }),
    ),
    inlinePolicies: [{ name: "no-iam", policy: noIam }],
});

// 4. The operators' role, assumed by people of the account with MFA: the same Deny locks them out of IAM.
const operators = new aws.iam.Role("operators", {
    assumeRolePolicy: caller.accountId.apply((account) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            }],
        }),
    ),
});
new aws.iam.RolePolicy("operators-no-iam", { role: operators.id, policy: noIam });

// 5. A second managed guardrail, attached to the Lambda role and, by mistake, to the developers' group.
const sharedGuardrail = new aws.iam.Policy("shared-no-iam", { policy: noIam });
new aws.iam.RolePolicyAttachment("thumbnails-fn-shared-no-iam", { role: fnRole.name, policyArn: sharedGuardrail.arn });
const developers = new aws.iam.Group("developers");
new aws.iam.GroupPolicyAttachment("developers-shared-no-iam", { group: developers.name, policyArn: sharedGuardrail.arn });

export const taskRoleArn = taskRole.arn;
export const functionRoleArn = fnRole.arn;
