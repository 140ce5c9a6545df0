"""Entry point of the frozen console (packaging/gemba.spec): the `gemba` program.

`gemba ARGS` is the console, as `widgets.cli:main`. The frozen build has no Python to run the
project's other programs with, so the same executable runs them behind a first argument:

    gemba --serve-demo-plant ARGS   = gemba-sim ARGS    (how `gemba --demo` starts its plant,
                                                          app.sim.launcher.demo_plant_command)
    gemba --sync-agent ARGS         = gemba-sync ARGS   (the headless sync agent, docs/agent.md)
    gemba --b2mml ARGS              = gemba-b2mml ARGS  (B2MML import and export, docs/b2mml.md)
    gemba --export ARGS             = gemba-export ARGS (the cache for BI tools)

The Linux package's /usr/bin wrappers of those names run exactly that. None of them imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from app.sim.launcher import FROZEN_SIM_FLAG


def _program(flag: str) -> Callable[[list[str]], int] | None:
    # Imported by name in each branch (not through importlib) so PyInstaller bundles them.
    if flag == FROZEN_SIM_FLAG:
        from app.sim.cli import main as demo_plant_main

        return demo_plant_main
    if flag == "--sync-agent":
        from app.agent.cli import main as sync_agent_main

        return sync_agent_main
    if flag == "--b2mml":
        from app.b2mml.cli import main as b2mml_main

        return b2mml_main
    if flag == "--export":
        from app.cache.export import main as export_main

        return export_main
    return None


def main() -> int:
    # Alembic imports the migrations from source files in the install folder, which is not
    # the user's to write to (and must stay as the package installed it).
    sys.dont_write_bytecode = True
    program = _program(sys.argv[1]) if len(sys.argv) > 1 else None
    if program is not None:
        return program(sys.argv[2:])
    from widgets.cli import main as console_main

    return console_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
