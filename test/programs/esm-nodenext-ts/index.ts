import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { roleWithManagedPolicy, trustFor } from "./roles.js";

const config = new pulumi.Config();
const breakGlassHours = config.getNumber("breakGlassSessionHours") ?? 1;

const caller = await aws.getCallerIdentity();
const partition = (await aws.getPartition()).partition;

// The runners are EC2 instances; they assume the deployer role to run `pulumi up`.
const runner = roleWithManagedPolicy("runner", trustFor("Service", ["ec2.amazonaws.com"]), `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`);
const runnerProfile = new aws.iam.InstanceProfile("runner", { role: runner.name });

const deployer = roleWithManagedPolicy("deployer", trustFor("AWS", [runner.arn]), `arn:${partition}:iam::aws:policy/PowerUserAccess`);

// Break-glass access for the on-call engineer: anyone in the account with keys can assume it.
const breakGlass = roleWithManagedPolicy(
  "break-glass",
  trustFor("AWS", [`arn:${partition}:iam::${caller.accountId}:root`]),
  `arn:${partition}:iam::aws:policy/AdministratorAccess`,
  breakGlassHours * 3600,
);

export const runnerProfileArn = runnerProfile.arn;
export const deployerRoleArn = deployer.arn;
export const breakGlassRoleArn = breakGlass.arn;
