import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

// Task configs the services read at start.
const configs = new aws.s3.Bucket("task-configs");
new aws.s3.BucketObjectv2("api-config", {
    bucket: configs, // the bucket itself, not its name
    key: "api/config.json",
    source: new pulumi.asset.StringAsset(JSON.stringify({ logLevel: "info" })),
});

// The container instances: the ECS-optimized AMI from SSM's recommended document.
const recommended = aws.ssm.getParameterOutput({ name: "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended" });
const imageId = recommended.value.apply((doc) => JSON.parse(doc).image_id as string);

const instanceRole = new aws.iam.Role("ecs-instance", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }],
    }).json,
});
new aws.iam.RolePolicyAttachment("ecs-instance", {
    role: instanceRole, // the role itself: the engine sends its name
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
});
const profile = new aws.iam.InstanceProfile("ecs-instance", { role: instanceRole });

const launchTemplate = new aws.ec2.LaunchTemplate("ecs-instance", {
    imageId,
    instanceType: "t3.medium",
    iamInstanceProfile: { arn: profile.arn },
});

// The API's name in the team's zone, and the registry CI pushes the images to.
const zone = aws.route53.getZoneOutput({ name: "platform.example.org" });
new aws.route53.Record("api", {
    zoneId: zone.zoneId,
    name: pulumi.interpolate`api.${zone.name}`,
    type: "CNAME",
    ttl: 300,
    records: ["api-lb.platform.example.org"],
});
const registry = aws.ecr.getAuthorizationTokenOutput({});

// Pulumi Deployments runs `pulumi up` for every stack of the organization with this role.
const org = pulumi.getOrganization();
const account = aws.getCallerIdentityOutput().accountId;
new aws.iam.OpenIdConnectProvider("pulumi-cloud", {
    url: "https://api.pulumi.com/oidc",
    clientIdLists: [`aws:${org}`],
});
const deployRole = new aws.iam.Role("pulumi-deployments", {
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [{
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [pulumi.interpolate`arn:aws:iam::${account}:oidc-provider/api.pulumi.com/oidc`] }],
            conditions: [{ test: "StringEquals", variable: "api.pulumi.com/oidc:aud", values: [`aws:${org}`] }],
        }],
    }).json,
});
new aws.iam.RolePolicyAttachment("pulumi-deployments-admin", {
    role: deployRole,
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
});

export const bucket = configs.bucket;
export const ami = imageId;
export const launchTemplateId = launchTemplate.id;
export const deployRoleArn = deployRole.arn;
export const organization = org;
export const zoneId = zone.zoneId;
export const registryEndpoint = registry.proxyEndpoint;
