/**
 * Paths as typed: the implementation lives beside the mock harness (`tools/stack/paths.ts`), which
 * is shipped as JavaScript from `tools/stack` alone and so may import nothing outside it.
 */
export { callerDir, fromCaller, shown } from "../stack/paths";
