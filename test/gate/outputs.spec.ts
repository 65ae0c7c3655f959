import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";

interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

function outputs(...args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(PROJECT_DIR, "tools/outputs/main.ts"), ...args], { cwd: PROJECT_DIR, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the stack outputs offline (npm run outputs)", function () {
  this.timeout(180_000);

  it("prints every output as pulumi stack output --json would, secrets masked", async function () {
    const run = await outputs("--stack", "dev", "--json");
    assert.strictEqual(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.strictEqual(doc.consoleSignInUrl, "https://111111111111.signin.aws.amazon.com/console");
    assert.match((doc.awsCliConfig as Record<string, string>).alice, /mfa_serial\s*=\s*arn:aws:iam::111111111111:mfa\/alice/);
    assert.strictEqual(doc.initialPasswords, "[secret]");
    assert.strictEqual(doc.accessKeys, "[secret]");
  });

  it("prints one output by name: a string as it is, a secret only with --show-secrets", async function () {
    const url = await outputs("--stack", "dev", "consoleSignInUrl");
    assert.strictEqual(url.stdout, "https://111111111111.signin.aws.amazon.com/console\n");
    const masked = await outputs("--stack", "dev", "initialPasswords");
    assert.strictEqual(masked.stdout, "[secret]\n");
    const shown = await outputs("--stack", "dev", "initialPasswords", "--show-secrets", "--json");
    assert.deepStrictEqual(Object.keys(JSON.parse(shown.stdout) as object), ["alice"]);
    assert.match(shown.stderr, /offline/i, "says the secrets are the mocks' stand-ins");
  });

  it("names the outputs that exist when asked for one that does not, and exits 2", async function () {
    const run = await outputs("--stack", "dev", "signInUrl");
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /no output "signInUrl"; did you mean consoleSignInUrl\? Outputs: .*awsCliConfig/);
  });
});
