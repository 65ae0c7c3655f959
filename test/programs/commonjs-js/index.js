"use strict";
const pulumi = require("@pulumi/pulumi");
const aws = require("@pulumi/aws");

const config = new pulumi.Config();
const mfaMaxAge = config.getNumber("mfaMaxAgeSeconds") || 3600;

const partition = aws.getPartitionOutput().partition;
const account = aws.getCallerIdentityOutput().accountId;

const admin = new aws.iam.Role("Admin", {
  name: "Admin",
  assumeRolePolicy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${account}:root` },
      Action: "sts:AssumeRole",
      Condition: {
        Bool: { "aws:MultiFactorAuthPresent": "true" },
        NumericLessThan: { "aws:MultiFactorAuthAge": String(mfaMaxAge) },
      },
    }],
  }),
  managedPolicyArns: [pulumi.interpolate`arn:${partition}:iam::aws:policy/AdministratorAccess`],
});

const ops = new aws.iam.Group("ops", { name: "ops" });

// Any Admin-something role in any account, rather than the one above.
new aws.iam.GroupPolicy("ops-assume-admin", {
  group: ops.name,
  policy: pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: pulumi.interpolate`arn:${partition}:iam::*:role/Admin*`,
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    }],
  }),
});

module.exports = { adminRoleArn: admin.arn, opsGroup: ops.name };
