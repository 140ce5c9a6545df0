#!/usr/bin/env bash
# Builds the console with PyInstaller (packaging/gemba.spec) and wraps it in a Debian package:
#   dist/gemba-console_<version>_<arch>.deb
# The program goes to /opt/gemba-console, with /usr/bin/gemba, /usr/bin/gemba-sim (the demo plant
# alone), gemba-sync, gemba-b2mml and gemba-export, a desktop entry and its icon. Needs the
# project's .venv (made if missing; the `packaging` extra, i.e. PyInstaller, is installed into it
# when missing) and dpkg-deb.
# No root needed. Usage: bash packaging/build-deb.sh   (or: make deb)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="$root/.venv/bin"
package=gemba-console
prefix=/opt/$package
started=$SECONDS

command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }
if [[ ! -x "$bin/python" ]]; then
  make venv
fi
if ! "$bin/python" -c "import PyInstaller" 2>/dev/null; then
  echo "build-deb: installing the packaging extra (PyInstaller) into .venv"
  "$bin/pip" install --quiet -e '.[packaging]'
fi

version="$("$bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
arch="$(dpkg --print-architecture)"
deb="dist/${package}_${version}_${arch}.deb"

echo "build-deb: PyInstaller bundle (dist/$package)"
"$bin/pyinstaller" packaging/gemba.spec --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller
bundle="dist/$package"
[[ -x "$bundle/gemba" ]] || { echo "build-deb: $bundle/gemba was not built" >&2; exit 1; }

# The same Debian packages that packaging/system-deps.sh installs for Qt, read from it so the two
# lists cannot drift apart; the CJK font is recommended rather than required.
mapfile -t system_packages < <(sed -n '/^packages=(/,/^)/p' packaging/system-deps.sh \
  | sed -e 's/^packages=(//' -e 's/)$//' | tr -s ' \t' '\n' | sed '/^$/d')
depends=()
recommends=()
for name in "${system_packages[@]}"; do
  if [[ "$name" == fonts-* ]]; then
    recommends+=("$name")
  else
    depends+=("$name")
  fi
done
depends+=(tzdata)  # the plant's time zone comes from /usr/share/zoneinfo
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

stage="build/deb/${package}_${version}_${arch}"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage$prefix" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/icons/hicolor/256x256/apps" \
  "$stage/usr/share/doc/$package"
cp -a "$bundle/." "$stage$prefix/"

# Wrappers rather than symlinks: the bundle finds its _internal folder next to the real file.
cat > "$stage/usr/bin/gemba" <<EOF
#!/bin/sh
exec $prefix/gemba "\$@"
EOF
cat > "$stage/usr/bin/gemba-sim" <<EOF
#!/bin/sh
# The demo plant alone (gemba-sim --help).
exec $prefix/gemba --serve-demo-plant "\$@"
EOF
# The project's other programs, run by the same executable (packaging/gemba_main.py).
programs=(gemba gemba-sim)
for pair in gemba-sync:--sync-agent gemba-b2mml:--b2mml gemba-export:--export; do
  name="${pair%%:*}"
  cat > "$stage/usr/bin/$name" <<EOF
#!/bin/sh
# $name --help
exec $prefix/gemba ${pair#*:} "\$@"
EOF
  programs+=("$name")
done

cp resources/icons/gemba.svg "$stage/usr/share/icons/hicolor/scalable/apps/$package.svg"
cp resources/icons/gemba.png "$stage/usr/share/icons/hicolor/256x256/apps/$package.png"
cat > "$stage/usr/share/applications/$package.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=Gemba Console
Name[zh_TW]=Gemba 營運主控台
GenericName=Operations console
Comment=Orders, machines, quality and lots together
Exec=gemba
Icon=$package
Terminal=false
Categories=Office;
Keywords=CRM;MES;OEE;SPC;traceability;
StartupWMClass=gemba
EOF

cat > "$stage/usr/share/doc/$package/copyright" <<EOF
Gemba Console $version. The program in $prefix bundles Python and these components, each
under its own licence (Help > About Gemba Console lists their versions):
PySide6 and Qt (LGPL-3.0), pyqtgraph (MIT), SQLAlchemy (MIT), httpx (BSD-3-Clause),
pydantic (MIT), qasync (BSD-2-Clause), NumPy (BSD-3-Clause), Alembic (MIT),
platformdirs (MIT), Starlette (BSD-3-Clause), Uvicorn (BSD-3-Clause), psycopg (LGPL-3.0),
openpyxl (MIT), keyring (MIT), statsmodels, SciPy and pandas (BSD-3-Clause), PyJWT (MIT),
cryptography (Apache-2.0 or BSD-3-Clause), lxml (BSD-3-Clause), Eclipse Paho MQTT (EPL-2.0 or
BSD-3-Clause), protobuf (BSD-3-Clause), asyncua (LGPL-3.0-or-later), ijson (BSD-3-Clause and ISC).
Their licence texts are
in $prefix/_internal/*.dist-info.
EOF

# Plain permissions whatever the umask: directories and programs 755, everything else 644.
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage$prefix/gemba" "${programs[@]/#/$stage/usr/bin/}"
find "$stage$prefix/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 755 {} +

installed_size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: Gemba Console maintainers <gemba-console@localhost>
Installed-Size: $installed_size
Depends: $(join "${depends[@]}")
Recommends: $(join "${recommends[@]}")
Section: misc
Priority: optional
Homepage: https://localhost/gemba-console
Description: Operations console that joins a CRM and an MES
 Account managers see where a customer's order stands and promise dates the shop floor can
 meet; plant managers watch machines, quality and lot traceability together with the
 customers each problem touches. Includes a demo plant: run gemba --demo.
EOF

mkdir -p dist
rm -f "$deb"
echo "build-deb: packing $deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
size="$(du -h "$deb" | cut -f1)"
echo "build-deb: built $deb ($size, installed $((installed_size / 1024)) MiB) in $((SECONDS - started)) s"
