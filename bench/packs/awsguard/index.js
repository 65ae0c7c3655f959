// The benchmark's peer: @pulumi/awsguard as published, every policy on.
const { AwsGuard } = require("@pulumi/awsguard");
new AwsGuard({ all: "mandatory" });
