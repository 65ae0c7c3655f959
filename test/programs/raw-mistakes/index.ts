import * as aws from "@pulumi/aws";

// Mistake 1: a role anyone in the account can assume with plain access keys.
const deployer = new aws.iam.Role("deployer", {
  name: "deployer",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }],
  }),
});
new aws.iam.RolePolicyAttachment("deployer-admin", { role: deployer.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });

// Mistake 2: seed 003's AdminPolicy inline on a user.
const ops = new aws.iam.User("ops", { name: "ops" });
new aws.iam.UserPolicy("ops-admin", {
  user: ops.name,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
});
