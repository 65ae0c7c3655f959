/** The layout from a plain config object (what Python, Go, C#, Java or YAML pass), validated by the component. */
import * as pulumi from "@pulumi/pulumi";
import { IdentityLayout, IdentityLayoutConfig } from "iam-baseline";

const layout = new IdentityLayout("iam-baseline", { config: new pulumi.Config().requireObject<IdentityLayoutConfig>("layout"), configSource: "layout" });

export const roleArns = layout.roleArns;
export const users = layout.users;
