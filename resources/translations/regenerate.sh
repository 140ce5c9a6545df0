#!/bin/sh
# Refresh gemba_zh_TW.ts from the tr()/translate() calls in widgets/, then compile it to .qm.
# Run from anywhere; new strings arrive as "unfinished" and must be translated before release
# (tests/widgets/test_i18n.py fails while any is missing).
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${PYSIDE6_BIN:-$root/.venv/bin}"
cd "$root"
# pyside6-lupdate does not pick Python files out of a directory, so list them.
"$bin/pyside6-lupdate" $(find widgets -name '*.py' | sort) \
    -no-obsolete -locations none -target-language zh_TW \
    -ts resources/translations/gemba_zh_TW.ts
"$bin/pyside6-lrelease" resources/translations/gemba_zh_TW.ts \
    -qm resources/translations/gemba_zh_TW.qm
