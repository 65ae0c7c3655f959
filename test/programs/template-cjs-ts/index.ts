import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const instanceType = config.get("instanceType") ?? "t3.micro";

const assets = new aws.s3.BucketV2("assets");

const ami = aws.ssm.getParameterOutput({ name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" });
const zones = aws.getAvailabilityZonesOutput({ state: "available" });

const webRole = new aws.iam.Role("web", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            sid: "Ec2Assume",
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }],
        }],
    }).json,
});

// The app reads its assets and hands its role to the workers it launches.
new aws.iam.RolePolicy("web-app", {
    role: webRole.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [assets.arn, pulumi.interpolate`${assets.arn}/*`] },
            { Effect: "Allow", Action: ["ec2:RunInstances", "iam:PassRole"], Resource: "*" },
        ],
    }),
});

const profile = new aws.iam.InstanceProfile("web", { role: webRole.name });

const server = new aws.ec2.Instance("web", {
    ami: ami.value,
    instanceType,
    availabilityZone: zones.names[0],
    iamInstanceProfile: profile.name,
    tags: { Name: "web" },
});

export const bucketName = assets.bucket;
export const publicIp = server.publicIp;
export const amiId = ami.value;
export const zone = zones.names[0];
export const roleArn = webRole.arn;
