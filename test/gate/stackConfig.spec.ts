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

  it("names the missing stack file", function () {
    assert.throws(() => loadStackConfig(PROJECT_DIR, "staging"), (e: Error) => e instanceof StackConfigError && /no stack file .*Pulumi\.staging\.yaml/.test(e.message));
  });
});
