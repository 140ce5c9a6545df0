"""Entry point of the frozen console (packaging/gemba.spec): the `gemba` program.

`gemba ARGS` is the console, as `widgets.cli:main`. The frozen build has no Python to run
`python -m app.sim.cli` with, so `gemba --serve-demo-plant ARGS` is `gemba-sim ARGS`: that is
how `gemba --demo` starts its demo plant (app.sim.launcher.demo_plant_command), and what the
Linux package's /usr/bin/gemba-sim runs. The demo plant never imports Qt.
"""

from __future__ import annotations

import sys

from app.sim.launcher import FROZEN_SIM_FLAG


def main() -> int:
    # Alembic imports the migrations from source files in the install folder, which is not
    # the user's to write to (and must stay as the package installed it).
    sys.dont_write_bytecode = True
    if len(sys.argv) > 1 and sys.argv[1] == FROZEN_SIM_FLAG:
        from app.sim.cli import main as demo_plant_main

        return demo_plant_main(sys.argv[2:])
    from widgets.cli import main as console_main

    return console_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
