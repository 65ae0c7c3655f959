import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../support/stacks";

interface Cli {
  global: string[];
  commands: Record<string, string[]>;
}
const DOCUMENTED = parse(fs.readFileSync(path.join(PROJECT_DIR, "test/fixtures/cli/documented.yaml"), "utf8")) as Record<"pulumi" | "aws", Cli>;
const README = fs.readFileSync(path.join(PROJECT_DIR, "README.md"), "utf8");

/** Every `pulumi ...` and `aws ...` command line of the README: shell blocks and inline code. */
function commands(text: string, blocksOnly = false): string[] {
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n"));
  const inline = blocksOnly ? [] : [...text.matchAll(/`((?:pulumi|aws) [^`]+)`/g)].map((m) => m[1]);
  return [...blocks, ...inline]
    .flatMap((line) => line.replace(/#.*$/, "").split(/&&|\|/))
    .map((c) => c.trim())
    .filter((c) => /^(pulumi|aws) /.test(c));
}

function section(title: string): string {
  const start = README.indexOf(`## ${title}`);
  assert.ok(start >= 0, `README has a section "${title}"`);
  const end = README.indexOf("\n## ", start + 3);
  return README.slice(start, end < 0 ? undefined : end);
}

describe("the README's Pulumi and AWS CLI commands", function () {
  const all = commands(README);

  it("use only documented subcommands and flags", function () {
    assert.ok(all.length >= 8, all.join("\n"));
    for (const line of all) {
      const [tool, ...words] = line.split(/\s+/);
      const cli = DOCUMENTED[tool as "pulumi" | "aws"];
      const sub = Object.keys(cli.commands).sort((a, b) => b.length - a.length).find((c) => words.join(" ").startsWith(c) && /^\s|^$/.test(words.join(" ").slice(c.length)));
      assert.ok(sub, `"${line}": "${tool} ${words.slice(0, 2).join(" ")}" is not a documented command`);
      for (const flag of words.filter((w) => w.startsWith("-")).map((w) => w.split("=")[0])) {
        assert.ok([...cli.commands[sub!], ...cli.global].includes(flag), `"${line}": ${flag} is not a documented flag of ${tool} ${sub}`);
      }
    }
  });

  it("deploy as written on a fresh backend: the stack is created, the passphrase and encryptionsalt explained, the pack runs at up", function () {
    const deploy = section("Deploying for real");
    const steps = commands(deploy, true);
    const create = steps.findIndex((c) => /^pulumi stack (init|select .*(--create|-c)\b)/.test(c));
    const preview = steps.findIndex((c) => c.startsWith("pulumi preview"));
    assert.ok(create >= 0 && create < preview, `a stack is created before the preview:\n${steps.join("\n")}`);
    for (const c of steps.filter((x) => /^pulumi (preview|up)\b/.test(x))) assert.match(c, /--policy-pack policypack --policy-pack-config policypack\/config\/\w+\.json/, c);
    assert.ok(steps.some((c) => c.startsWith("pulumi up")), "pulumi up is shown");
    assert.match(deploy, /PULUMI_CONFIG_PASSPHRASE/);
    assert.match(deploy, /encryptionsalt/);
  });

  it("pipe the tools' JSON without npm's banner (npm run -s)", function () {
    const piped = [...README.matchAll(/npm run( -s| --silent)? (\w+) -- [^`\n]*--format json[^`\n]*\|/g)];
    assert.ok(piped.length >= 1, "the README shows the JSON report piped into another tool");
    for (const m of piped) assert.ok(m[1], `"${m[0]}" pipes npm's banner: use npm run -s`);
  });
});
