/**
 * What every tool (`npm run gate|access|outputs|adopt`) does the same way: parse the command line
 * strictly, take `--project` from the caller's folder, and end with the documented exit codes
 * (2 with one `error:` line for a usage or config error; the usage line only for a usage error).
 */
import * as path from "path";
import { parseArgs, type ParseArgsConfig } from "util";
import { fromCaller } from "../stack/callerPaths";

/** A mistake in the command line: printed with the tool's usage line. */
export class UsageError extends Error {}

/** `util.parseArgs`, strict, whose complaints (an unknown or misspelt option) are usage errors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * The `--stack` of a stack tool, or undefined when `--help` was asked (the help is then printed,
 * whatever else the command line holds); a missing `--stack` is a usage error.
 */
export function stackOrHelp(values: { help?: boolean; stack?: string }, help: string): string | undefined {
  if (values.help) {
    process.stdout.write(`${help}\n`);
    return undefined;
  }
  if (!values.stack) throw new UsageError("--stack is required");
  return values.stack;
}

/** `--project <dir>` against the caller's folder; without it, this repository's program. */
export function projectDirOf(project: string | undefined): string {
  return project === undefined ? path.resolve(__dirname, "../..") : fromCaller(project);
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandErrors {
  usage: string;
  /** Errors about the command or its input, printed as their message alone (others with their stack). */
  known: ErrorClass[];
  /** Whether a usage error shows the usage line (default: always). */
  showUsage?: (err: UsageError) => boolean;
  /** Called after the message, before exit 2 (the gate prints its error document here). */
  onError?: (err: unknown) => void;
}

/** Runs a tool's `main` on the process arguments and exits with its code, or 2 on an error. */
export function runCommand(main: (argv: string[]) => Promise<number>, errors: CommandErrors): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const known = err instanceof UsageError || errors.known.some((k) => err instanceof k);
      const message = err instanceof Error ? (known ? err.message : err.stack) : String(err);
      const usage = err instanceof UsageError && (errors.showUsage?.(err) ?? true) ? `${errors.usage}\n` : "";
      // A usage error shows the usage line; a config or YAML error is about the file, not the command.
      process.stderr.write(`error: ${message}\n${usage}`);
      errors.onError?.(err);
      process.exit(2);
    },
  );
}
