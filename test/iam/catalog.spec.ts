import { strict as assert } from "node:assert";
import { actionsOfService, allServices, coversWholeService, expandActionPattern, isAllActions, unknownActionPatterns } from "../../lib/iam/catalog";

describe("lib/iam/catalog", function () {
  this.timeout(60_000);
  it("services are known by their lowercase prefix", async function () {
    const services = await allServices();
    assert.ok(services.includes("s3") && services.includes("iam") && services.includes("sts"));
    assert.deepEqual(services.filter((s) => s !== s.toLowerCase()), []);
  });
  it("a service's actions as AWS writes them, whatever the case of the prefix; none for an unknown service", async function () {
    const iam = await actionsOfService("IAM");
    assert.ok(iam.includes("PutUserPolicy") && iam.includes("PassRole"));
    assert.deepEqual(await actionsOfService("iam"), iam);
    assert.deepEqual(await actionsOfService("nosuchservice"), []);
  });
  it("expandActionPattern: the actions a pattern names, ignoring case", async function () {
    assert.deepEqual(await expandActionPattern("IAM:passrole"), ["iam:PassRole"]);
    assert.deepEqual(await expandActionPattern("sts:AssumeRoleWith*"), ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"]);
    assert.deepEqual(await expandActionPattern("st?:AssumeRole"), ["sts:AssumeRole"]);
    assert.deepEqual(await expandActionPattern("s3:Frobnicate"), []);
    assert.deepEqual(await expandActionPattern("*"), [], "* alone is not expanded");
    assert.deepEqual(await expandActionPattern("PassRole"), []);
    const all = await expandActionPattern("*:*");
    assert.ok(all.length > 10_000 && all.includes("s3:GetObject"));
  });
  it("isAllActions: * and *:* only", function () {
    assert.deepEqual(["*", "*:*", "*:Get*", "s3:*", "**"].map(isAllActions), [true, true, false, false, false]);
  });
  it("coversWholeService: the patterns together cover every action of the service", async function () {
    assert.equal(await coversWholeService(["iam:*"], "iam"), true);
    assert.equal(await coversWholeService(["IAM:*"], "iam"), true);
    assert.equal(await coversWholeService(["i*:*"], "iam"), true);
    assert.equal(await coversWholeService(["iam:Get*", "iam:List*"], "iam"), false);
    const actions = await actionsOfService("sts");
    assert.equal(await coversWholeService(actions.map((a) => `sts:${a}`), "sts"), true, "every action named");
    assert.equal(await coversWholeService(actions.slice(1).map((a) => `sts:${a}`), "sts"), false, "all but one");
    assert.equal(await coversWholeService(["nosuchservice:*"], "nosuchservice"), false, "an unknown service has nothing to cover");
  });
  it("unknownActionPatterns: patterns that are malformed, name no service or match no action", async function () {
    assert.deepEqual(await unknownActionPatterns(["*", "s3:Get*", "iam:PassRole", "*:*", "GetObject", ":GetObject", "foo:Bar", "zz*:Get*", "s3:GetObjekt"]), [
      { pattern: "GetObject", problem: 'is not of the form "service:Action"' },
      { pattern: ":GetObject", problem: 'is not of the form "service:Action"' },
      { pattern: "foo:Bar", problem: 'names no AWS service ("foo")' },
      { pattern: "zz*:Get*", problem: 'names no AWS service ("zz*")' },
      { pattern: "s3:GetObjekt", problem: "matches no action of that service" },
    ]);
  });
});
