import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
// A secret-free JSON map kept in config; a typo in it only shows up inside the apply.
const costCentres = pulumi.output(config.require("costCentres")).apply((text) => JSON.parse(text) as Record<string, string>);

const data = new aws.iam.User("data-loader", {
  name: "data-loader",
  tags: costCentres.apply((cc) => ({ CostCentre: cc.data })),
});
new aws.iam.AccessKey("data-loader", { user: data.name });

// Ops got admin inline "for now".
const ops = new aws.iam.User("ops", { name: "ops" });
new aws.iam.UserPolicy("ops-admin", {
  user: ops.name,
  policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
});

export const opsUser = ops.name;
