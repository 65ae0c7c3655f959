import * as path from "path";
import { StackRun } from "../../tools/stack/types";
import { PROJECT_DIR, runStack } from "./stacks";

export const REUSE_EXAMPLE_DIR = path.join(PROJECT_DIR, "examples/reuse");

/** The reuse example (components in a user's own program, three audit accounts) under the mocks. */
export function runReuseExample(): Promise<StackRun> {
  return runStack("example", REUSE_EXAMPLE_DIR);
}
