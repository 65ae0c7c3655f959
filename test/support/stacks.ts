/** Runs of the project's program under the mocks, memoised per stack for the whole test process. */
import * as path from "path";
import { runProgramUnderMocks } from "../../tools/stack/runProgram";
import { RecordedResource, StackRun } from "../../tools/stack/types";

export const PROJECT_DIR = path.resolve(__dirname, "../..");
export const TEST_STACKS_DIR = path.join(PROJECT_DIR, "test/stacks");

const runs = new Map<string, Promise<StackRun>>();

/** `dev`, `prod`, or a file under test/stacks (`bad-unknown-role` -> test/stacks/Pulumi.bad-unknown-role.yaml). */
export function runStack(stack: string, projectDir = PROJECT_DIR): Promise<StackRun> {
  const target = ["dev", "prod"].includes(stack) || projectDir !== PROJECT_DIR ? stack : path.join(TEST_STACKS_DIR, `Pulumi.${stack}.yaml`);
  const key = `${projectDir}|${target}`;
  if (!runs.has(key)) runs.set(key, runProgramUnderMocks(projectDir, target));
  return runs.get(key)!;
}

export function ofType(run: StackRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function byUrn(run: StackRun): Map<string, RecordedResource> {
  return new Map(run.resources.map((r) => [r.urn, r]));
}

/** The resource's policy document input, parsed (components pass them as JSON strings). */
export function documentInput(r: RecordedResource, key: string): { Statement: Record<string, unknown>[] } {
  const v = r.inputs[key];
  return (typeof v === "string" ? JSON.parse(v) : v) as { Statement: Record<string, unknown>[] };
}
