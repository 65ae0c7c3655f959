import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { StackRun } from "../../tools/stack/types";
import { PROJECT_DIR, runStack } from "../support/stacks";
import { tempDir } from "../support/tarballs";

const PROGRAM = path.join(PROJECT_DIR, "test/programs/layout-from-config");

/** A stack file (with the stack's other keys, such as aws:region) for the layout-from-config program whose `layout` is the `iam-baseline:` config of a stack of ours. */
function stackFileFrom(stack: string, patch: (layout: Record<string, unknown>) => void = () => undefined): string {
  const doc = parse(fs.readFileSync(path.join(PROJECT_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const layout = Object.fromEntries(Object.entries(doc.config).filter(([k]) => k.startsWith("iam-baseline:")).map(([k, v]) => [k.slice("iam-baseline:".length), v]));
  patch(layout);
  const file = path.join(tempDir("stack"), `Pulumi.${stack}-config.yaml`);
  const others = Object.fromEntries(Object.entries(doc.config).filter(([k]) => !k.startsWith("iam-baseline:"))); // aws:region, ...
  fs.writeFileSync(file, stringify({ config: { ...others, "layout-from-config:layout": layout } }));
  return file;
}

const shape = (run: StackRun) => run.resources.map((r) => ({ urn: r.urn.split("::").slice(2).join("::"), inputs: r.inputs })).sort((a, b) => (a.urn < b.urn ? -1 : 1));

describe("IdentityLayout from a config object (the way other languages call it)", function () {
  it("registers exactly the resources, names and inputs of the same layout loaded from the stack", async function () {
    const [fromStack, fromConfig] = await Promise.all([runStack("prod"), runStack(stackFileFrom("prod"), PROGRAM)]);
    assert.strictEqual(fromConfig.error, undefined, fromConfig.error);
    assert.deepStrictEqual(shape(fromConfig), shape(fromStack));
  });

  it("refuses a bad config with every problem named, before any IAM resource", async function () {
    const run = await runStack(
      stackFileFrom("dev", (layout) => {
        (layout.groups as Record<string, { roles: string[] }>).Developers.roles.push("Deploy");
      }),
      PROGRAM,
    );
    assert.match(run.error ?? "", /^ {2}layout: .*groups\.Developers\.roles\[\d+\]: unknown role "Deploy"/m);
    assert.deepStrictEqual(run.resources.filter((r) => r.type.startsWith("aws:iam")), []);
  });
});
