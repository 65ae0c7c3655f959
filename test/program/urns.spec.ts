import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runStack } from "../support/stacks";

/**
 * The URN of every resource of each committed stack. A refactor that changes one would make
 * Pulumi replace it (a replaced IAM user loses its MFA device and keys): if this fails, add an
 * `aliases` entry for the moved resource, or regenerate with UPDATE_SNAPSHOTS=1 only when the
 * change of identity is intended.
 */
for (const stack of ["dev", "prod"]) {
  describe(`the URNs of the ${stack} stack`, function () {
    it("match the committed snapshot", async function () {
      const run = await runStack(stack);
      const urns = run.resources.map((r) => r.urn).sort().join("\n") + "\n";
      const file = path.join(__dirname, "../snapshots", `${stack}.urns.txt`);
      if (process.env.UPDATE_SNAPSHOTS === "1") fs.writeFileSync(file, urns);
      assert.strictEqual(urns, fs.readFileSync(file, "utf8"));
    });
  });
}
