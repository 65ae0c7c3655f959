/**
 * The component package as a user has it, and what a program using it (YAML, Python) must leave in the state: the layout's
 * and the break-glass role's components under the stack, and every user, group and role under its
 * component (the engine takes the URN Construct returns: the types the npm package registers).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EngineWorkspace, REPO } from "./cli";

interface StateResource {
  urn: string;
  type: string;
  parent?: string;
}

/** The repository as a package folder of its own in the workspace (its entries linked, no git); returns that folder. */
export function stagePackage(ws: EngineWorkspace): string {
  const plugin = path.join(ws.root, "iam-baseline");
  fs.mkdirSync(plugin);
  for (const entry of fs.readdirSync(REPO)) {
    if (entry !== ".git") fs.symlinkSync(path.join(REPO, entry), path.join(plugin, entry));
  }
  return plugin;
}

/** A project folder `projects/people` in the workspace, with this Pulumi.yaml; returns the folder. */
export function stageProject(ws: EngineWorkspace, pulumiYaml: string): string {
  const project = path.join(ws.root, "projects", "people");
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), pulumiYaml);
  return project;
}

export function assertComponentTree(ws: EngineWorkspace, project: string): void {
  const resources = (JSON.parse(ws.ok(project, ["stack", "export"]).stdout) as { deployment: { resources: StateResource[] } }).deployment.resources;
  const byName = (type: string, name: string) => {
    const found = resources.find((r) => r.type === type && r.urn.endsWith(`::${name}`));
    assert.ok(found, `${type} ${name} is in the state:\n${resources.map((r) => r.urn).join("\n")}`);
    return found;
  };
  const layout = byName("iam-baseline:index:IdentityLayout", "people");
  // The plugin constructs `iam-baseline:index:MfaAssumableRole` as the class the npm package
  // exports, which registers the type it always had.
  const breakGlass = byName("iam-baseline:roles:MfaAssumableRole", "breakGlass");
  assert.match(layout.parent ?? "", /::pulumi:pulumi:Stack::people-dev$/);
  assert.strictEqual(breakGlass.parent, layout.parent);
  assert.strictEqual(byName("aws:iam/role:Role", "breakGlass").parent, breakGlass.urn);

  const person = byName("iam-baseline:identity:Person", "alice");
  const group = byName("iam-baseline:identity:IdentityGroup", "Readers");
  const role = byName("iam-baseline:roles:MfaAssumableRole", "ReadOnly@identity");
  for (const child of [person, group, role]) assert.strictEqual(child.parent, layout.urn);
  assert.strictEqual(byName("aws:iam/user:User", "alice").parent, person.urn);
  assert.strictEqual(byName("aws:iam/group:Group", "Readers").parent, group.urn);
  assert.strictEqual(byName("aws:iam/role:Role", "ReadOnly@identity").parent, role.urn);
}
