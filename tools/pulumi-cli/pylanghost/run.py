# Runs a Pulumi Python program for pulumi-language-python (main.go embeds this file and starts
# `python -u -c <this file> <program dir or file> [args]`). main.go passes the RunRequest in the
# environment: PULUMI_MONITOR, PULUMI_ENGINE, PULUMI_PROJECT, PULUMI_STACK, PULUMI_ORGANIZATION,
# PULUMI_DRY_RUN, PULUMI_PARALLEL, PULUMI_ROOT_DIRECTORY, and the stack's config in PULUMI_CONFIG and
# PULUMI_CONFIG_SECRET_KEYS (which the SDK's pulumi.Config reads itself). The program (`__main__.py`
# of the folder) runs inside the SDK's stack resource, which waits for every outstanding RPC.
import asyncio
import os
import runpy
import sys
import traceback
from typing import Optional

# The exit code that tells main.go the error is already reported to the engine.
EXIT_AFTER_USER_MESSAGE = 32


def monitor_shut_down(error: BaseException) -> bool:
    """True when the error only says the engine stopped the deployment (it reported why itself)."""
    seen: Optional[BaseException] = error
    while seen is not None:
        text = str(seen)
        if "resource monitor shut down" in text or "Resource monitor has terminated" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def cancel_pending(loop: asyncio.AbstractEventLoop) -> None:
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: run.py <program dir or file> [args]", file=sys.stderr)
        return 2
    program = sys.argv[1]
    sys.argv = [program, *sys.argv[2:]]

    import pulumi
    from pulumi.runtime import settings, stack

    env = os.environ
    settings.configure(
        settings.Settings(
            project=env.get("PULUMI_PROJECT") or None,
            stack=env.get("PULUMI_STACK") or None,
            monitor=env.get("PULUMI_MONITOR") or None,
            engine=env.get("PULUMI_ENGINE") or None,
            parallel=int(env.get("PULUMI_PARALLEL") or "0") or None,
            dry_run=env.get("PULUMI_DRY_RUN") == "true",
            organization=env.get("PULUMI_ORGANIZATION") or None,
            root_directory=env.get("PULUMI_ROOT_DIRECTORY") or None,
        )
    )

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(
            stack.run_in_stack(lambda: runpy.run_path(program, run_name="__main__"))
        )
    except Exception as error:  # noqa: BLE001 reported to the engine as the program's failure
        if not monitor_shut_down(error):
            if isinstance(error, pulumi.RunError):
                pulumi.log.error(str(error))
            else:
                pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
        return EXIT_AFTER_USER_MESSAGE
    finally:
        cancel_pending(loop)
        loop.close()
    return 0


sys.exit(main())
