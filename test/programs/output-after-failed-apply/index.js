"use strict";
const aws = require("@pulumi/aws");
const pulumi = require("@pulumi/pulumi");

const config = new pulumi.Config();
// The trust is kept in config as JSON text; the missing comma in it fails inside the apply.
const trust = pulumi.output(config.require("trust")).apply((text) => JSON.parse(text));

const runner = new aws.iam.Role("runner", { assumeRolePolicy: trust.apply((doc) => JSON.stringify(doc)) });

// Someone gave the build user admin inline.
const build = new aws.iam.User("build", { name: "build" });
new aws.iam.UserPolicy("build-admin", {
    user: build.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
});

exports.runnerRoleArn = runner.arn;
exports.buildUser = build.name;

// Read from the team's service registry; offline its callback never fires, so this value never
// settles (as @pulumi/pulumi 3.248 and earlier leave the outputs of a resource whose inputs failed).
exports.registryEndpoint = new Promise((resolve) => {
    process.once("service-registry:ready", resolve);
});
