import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, Vpc } from "./components";

const vpc = new Vpc("platform", { cidrBlock: "10.20.0.0/16", numberOfAvailabilityZones: 3 });
const cluster = new Cluster("platform", { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds, instanceType: "m6i.large", createOidcProvider: true });

// The kubeconfig goes to Parameter Store for the deploy jobs.
const kubeconfig = cluster.getKubeconfig();
new aws.ssm.Parameter("kubeconfig", { type: "SecureString", value: kubeconfig });

// The platform team's read-only role, built beside the cluster.
const caller = aws.getCallerIdentityOutput();
const viewer = new aws.iam.Role("cluster-viewer", {
  assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
    statements: [{
      actions: ["sts:AssumeRole"],
      principals: [{ type: "AWS", identifiers: [pulumi.interpolate`arn:aws:iam::${caller.accountId}:root`] }],
      conditions: [
        { test: "Bool", variable: "aws:MultiFactorAuthPresent", values: ["true"] },
        { test: "NumericLessThan", variable: "aws:MultiFactorAuthAge", values: ["3600"] },
      ],
    }],
  }).json,
  managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
});

export const kubeconfigLength = kubeconfig.apply((k) => k.length);
export const viewerRoleArn = viewer.arn;
