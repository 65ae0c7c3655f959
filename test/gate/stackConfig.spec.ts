import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig, SECRET_PLACEHOLDER, StackConfigError } from "../../tools/stack/stackConfig";
import { PROJECT_DIR } from "../support/stacks";

describe("reading a stack's config as the Pulumi CLI does", function () {
  it("puts keys without a namespace in the project's, keeps provider keys, JSON-encodes objects", function () {
    const c = loadStackConfig(PROJECT_DIR, "dev");
    assert.strictEqual(c.project, "iam-baseline");
    assert.strictEqual(c.stack, "dev");
    assert.strictEqual(c.config["aws:region"], "us-east-1");
    assert.strictEqual(c.config["iam-baseline:identityAccountId"], "111111111111");
    assert.deepStrictEqual(JSON.parse(c.config["iam-baseline:users"]).alice, { groups: ["Administrators"], console: true });
    assert.ok(!Object.keys(c.config).some((k) => k.startsWith("pulumi:")), "the CLI's own pulumi: keys are not program config");
  });

  it("JSON-encodes objects with their keys sorted at every depth, as the CLI does (the program sees that order)", function () {
    const c = loadStackConfig(PROJECT_DIR, "prod");
    const accounts = c.config["iam-baseline:accounts"];
    assert.deepStrictEqual(Object.keys(JSON.parse(accounts)), ["identity", "logging", "workloads"], "Pulumi.prod.yaml lists identity, workloads, logging");
    assert.match(accounts, /"logging":\{"deployRoleArn":"[^"]+","id":"555555555555","region":"eu-central-1"\}/);
  });

  it("passes secure: values as secrets, never decrypted", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackcfg-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.ci.yaml"), "config:\n  aws:secretKey:\n    secure: AAABAKj0abcdef\n  token:\n    secure: AAABAzzz\n  plain: 42\n");
    const c = loadStackConfig(dir, "ci");
    assert.deepStrictEqual(c.secretKeys.sort(), ["aws:secretKey", "demo:token"]);
    assert.strictEqual(c.config["aws:secretKey"], SECRET_PLACEHOLDER);
    assert.ok(!JSON.stringify(c).includes("AAAB"), "the ciphertext is not passed on");
    assert.strictEqual(c.config["demo:plain"], "42");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("makes a key secret when a value inside it is (pulumi config set --secret --path), never decrypted", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackcfg-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.ci.yaml"), "config:\n  accounts:\n    sandbox: {id: '222222222222', externalId: {secure: 'v1:AAAAzzz'}}\n");
    const c = loadStackConfig(dir, "ci");
    assert.deepStrictEqual(c.secretKeys, ["demo:accounts"]);
    assert.deepStrictEqual(JSON.parse(c.config["demo:accounts"]), { sandbox: { externalId: SECRET_PLACEHOLDER, id: "222222222222" } });
    assert.ok(!JSON.stringify(c).includes("v1:AAAA"), "the ciphertext is not passed on");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("names the missing stack file", function () {
    assert.throws(() => loadStackConfig(PROJECT_DIR, "staging"), (e: Error) => e instanceof StackConfigError && /no stack file .*Pulumi\.staging\.yaml/.test(e.message));
  });
});
