#!/usr/bin/env bash
# Smoke test of the built .deb, without installing it (no root needed): unpack it into a temp
# root with dpkg-deb -x, then run the program from there with a bare environment (no venv, no
# source tree on any path):
#   - the package's control fields, wrappers, desktop entry and icons are there;
#   - `gemba --version` prints the version of pyproject.toml;
#   - `gemba --demo --screenshot` starts the demo plant (a second process of the frozen program)
#     and the console, syncs, and writes a PNG at least the main window's size, not one flat
#     colour; the demo plant process is gone afterwards;
#   - the Traditional Chinese catalogue loads (`--lang zh_TW`, offline);
#   - gemba-sync, gemba-b2mml and gemba-export answer --help; gemba-sync --once syncs the demo
#     plant into an SQLite cache and gemba-b2mml exports its work orders.
# Prints one PASS/FAIL line per check; exits non-zero when any check fails. The screenshot is
# kept as dist/smoke-screenshot.png.
# Usage: bash packaging/smoke-deb.sh [path/to.deb]   (or: make smoke-deb)
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
deb="${1:-dist/gemba-console_${version}_$(dpkg --print-architecture).deb}"
QUIT_AFTER=8
RUN_TIMEOUT=120

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {  # check "description" command...
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

if [[ ! -f "$deb" ]]; then
  fail "package $deb exists (run make deb first)"
  exit 1
fi
tmp="$(mktemp -d)"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
unpacked="$tmp/root"
prefix="$unpacked/opt/gemba-console"
exe="$prefix/gemba"
# A bare environment: what a desktop session would give the program, nothing from this shell.
bare=(env -i "HOME=$tmp/home" "PATH=/usr/bin:/bin" "LANG=C.UTF-8" "XDG_DATA_HOME=$tmp/data"
      "XDG_RUNTIME_DIR=$tmp/runtime" "QT_QPA_PLATFORM=offscreen")
mkdir -p "$tmp/home" "$tmp/data" "$tmp/runtime"
chmod 700 "$tmp/runtime"

echo "smoke-deb: $deb ($(du -h "$deb" | cut -f1))"
check "dpkg-deb -x unpacks the package" dpkg-deb -x "$deb" "$unpacked"
check "control: Package gemba-console, Version $version" \
  test "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')" = "Package: gemba-console Version: $version "
depends="$(dpkg-deb -f "$deb" Depends)"
check "control: Depends names Qt's xcb libraries ($depends)" \
  grep -q "libxcb-cursor0.*libxkbcommon-x11-0\|libxkbcommon-x11-0.*libxcb-cursor0" <<<"$depends"
check "control: Recommends fonts-noto-cjk" grep -q "fonts-noto-cjk" <<<"$(dpkg-deb -f "$deb" Recommends)"
check "opt/gemba-console/gemba is an executable" test -x "$exe"
check "usr/bin/gemba runs /opt/gemba-console/gemba" \
  grep -q "^exec /opt/gemba-console/gemba " "$unpacked/usr/bin/gemba"
desktop="$unpacked/usr/share/applications/gemba-console.desktop"
check "desktop entry runs gemba" grep -qx "Exec=gemba" "$desktop"
check "desktop entry names the icon gemba-console" grep -qx "Icon=gemba-console" "$desktop"
if command -v desktop-file-validate >/dev/null; then
  check "desktop-file-validate accepts the entry" desktop-file-validate "$desktop"
fi
check "icons: hicolor scalable svg and 256x256 png" \
  test -s "$unpacked/usr/share/icons/hicolor/scalable/apps/gemba-console.svg" -a \
       -s "$unpacked/usr/share/icons/hicolor/256x256/apps/gemba-console.png"
for plugin in libqxcb.so libqoffscreen.so; do
  check "Qt platform plugin $plugin is bundled" \
    test -f "$prefix/_internal/PySide6/Qt/plugins/platforms/$plugin"
done

out="$("${bare[@]}" "$exe" --version 2>&1)"
check "gemba --version prints 'gemba $version' (got '$out')" test "$out" = "gemba $version"

# /usr/bin/gemba-sim: its exec line, run against the unpacked /opt.
read -r -a sim_words <<<"$(sed -n 's/^exec //p' "$unpacked/usr/bin/gemba-sim")"
sim_usage="$("${bare[@]}" "$unpacked${sim_words[0]}" "${sim_words[1]}" --help 2>&1 | head -1)"
check "usr/bin/gemba-sim runs the demo plant alone ('$sim_usage')" \
  grep -q "^usage: gemba-sim" <<<"$sim_usage"

shot="$tmp/shot.png"
started=$SECONDS
"${bare[@]}" timeout "$RUN_TIMEOUT" "$exe" --demo --screenshot "$shot" --quit-after "$QUIT_AFTER" \
  >"$tmp/demo.out" 2>"$tmp/demo.err"
status=$?
check "gemba --demo --screenshot exits 0 (exit $status after $((SECONDS - started)) s)" \
  test "$status" -eq 0
if [[ $status -ne 0 ]]; then
  sed 's/^/  demo stderr: /' "$tmp/demo.err" | tail -20
fi
check "the demo plant started (its banner on stderr)" grep -q "^demo plant seed=" "$tmp/demo.err"
no_plant_left() { ! pgrep -f -- "$exe --serve-demo-plant" >/dev/null; }
check "no demo plant process is left running" no_plant_left
if [[ -f "$shot" ]]; then
  mkdir -p dist
  cp "$shot" dist/smoke-screenshot.png
fi

# The screenshot: a PNG at least the main window's size, with real content. Stdlib only.
python3 - "$shot" widgets/main_window.py <<'EOF'
import re
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

shot, source = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")


def report(ok: bool, what: str) -> None:
    print(("PASS: " if ok else "FAIL: ") + what)
    if not ok:
        report.failed = True


report.failed = False


def window_size() -> tuple[int, int, str]:
    """The main window's minimum size if it sets one, else the size it opens at."""
    for pattern, what in ((r"setMinimumSize\((\d+),\s*(\d+)\)", "minimum size"),
                          (r"MINIMUM_SIZE\s*=\s*QSize\((\d+),\s*(\d+)\)", "minimum size"),
                          (r"DEFAULT_SIZE\s*=\s*QSize\((\d+),\s*(\d+)\)", "default size")):
        match = re.search(pattern, source)
        if match:
            return int(match[1]), int(match[2]), what
    raise SystemExit("FAIL: no window size found in widgets/main_window.py")


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and raw unfiltered pixels of an 8-bit RGB(A) PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unexpected PNG format: depth {depth}, colour type {colour}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        out += line
        previous = line
    return width, height, bpp, bytes(out)


min_w, min_h, what = window_size()
report(shot.is_file() and shot.stat().st_size > 0, f"screenshot {shot.name} was written")
if shot.is_file():
    try:
        width, height, bpp, pixels = decode_png(shot.read_bytes())
    except (ValueError, zlib.error, struct.error, TypeError) as exc:
        report(False, f"screenshot decodes as a PNG ({exc})")
    else:
        report(width >= min_w and height >= min_h,
               f"screenshot is {width}x{height}, at least the main window's {what} "
               f"{min_w}x{min_h} (widgets/main_window.py)")
        colours = Counter(pixels[i:i + 3] for i in range(0, len(pixels), bpp))
        share = colours.most_common(1)[0][1] / (width * height)
        report(len(colours) >= 16 and share < 0.95,
               f"screenshot is not one flat colour ({len(colours)} colours; the commonest "
               f"covers {share:.0%})")
sys.exit(1 if report.failed else 0)
EOF
[[ $? -eq 0 ]] || failures=$((failures + 1))

# Traditional Chinese: the catalogue is found in the bundle (offline start on an empty cache).
"${bare[@]}" timeout "$RUN_TIMEOUT" "$exe" --lang zh_TW --screenshot "$tmp/zh.png" \
  --quit-after 1 >/dev/null 2>"$tmp/zh.err"
status=$?
check "gemba --lang zh_TW starts offline and exits 0 (exit $status)" test "$status" -eq 0
catalogue_found() { ! grep -q "translation catalogue not found" "$tmp/zh.err"; }
check "the zh_TW catalogue loads from the bundle" catalogue_found

# The other programs: each wrapper's exec line, run against the unpacked /opt.
run_wrapper() {  # run_wrapper NAME ARGS...: what /usr/bin/NAME runs, with the bare environment
  local name="$1"; shift
  local words
  read -r -a words <<<"$(sed -n 's/^exec //p' "$unpacked/usr/bin/$name")"
  "${bare[@]}" timeout "$RUN_TIMEOUT" "$unpacked${words[0]}" "${words[1]}" "$@"
}
for name in gemba-sync gemba-b2mml gemba-export; do
  usage="$(run_wrapper "$name" --help 2>&1 | head -1)"
  check "usr/bin/$name prints its usage ('$usage')" grep -q "^usage: $name" <<<"$usage"
done

# The sync agent from the bundle: one pass of the demo plant (also from the bundle) into an
# SQLite cache, then a B2MML export of what it synced.
plant_out="$tmp/plant.out"
"${bare[@]}" "$exe" --serve-demo-plant --port 0 >"$plant_out" 2>"$tmp/plant.err" &
plant_pid=$!
for _ in $(seq 1 100); do
  [[ -s "$plant_out" ]] && break
  sleep 0.2
done
plant_url="$(head -1 "$plant_out")"
cat > "$tmp/agent.toml" <<EOF
database = "sqlite:///$tmp/agent-cache.sqlite3"
[[source]]
name = "crm"
role = "crm"
backend = "reference"
url = "$plant_url"
[[source]]
name = "mes"
role = "mes"
backend = "reference"
url = "$plant_url"
EOF
run_wrapper gemba-sync --config "$tmp/agent.toml" --once >"$tmp/agent.out" 2>"$tmp/agent.err"
status=$?
check "gemba-sync --once syncs the demo plant ($plant_url) and exits 0 (exit $status)" \
  test "$status" -eq 0
check "gemba-sync says what one pass changed ($(head -1 "$tmp/agent.out"))" \
  grep -q "one pass done: [1-9][0-9]* records changed" "$tmp/agent.out"
[[ $status -eq 0 ]] || sed 's/^/  agent stderr: /' "$tmp/agent.err" | tail -20
kill "$plant_pid" 2>/dev/null
wait "$plant_pid" 2>/dev/null
run_wrapper gemba-b2mml export "$tmp/performance.xml" \
  --cache "sqlite:///$tmp/agent-cache.sqlite3" --source mes >"$tmp/b2mml.out" 2>&1
status=$?
check "gemba-b2mml exports the synced work orders as ProductionPerformance (exit $status)" \
  grep -q "<ProductionPerformance" "$tmp/performance.xml"

if [[ $failures -eq 0 ]]; then
  echo "smoke-deb: PASS (screenshot kept as dist/smoke-screenshot.png)"
  exit 0
fi
echo "smoke-deb: FAIL ($failures failed)"
exit 1
