#!/bin/sh
# Install ClauseLens from this folder, for the current user (default) or for everyone (--system, as root).
#   ./install.sh            -> ~/.local/opt/clauselens, ~/.local/bin/clauselens, menu entry and icon
#   sudo ./install.sh --system   -> /opt/clauselens, /usr/local/bin/clauselens, menu entry for all users
#   ./install.sh --uninstall [--system]
# Nothing is downloaded: everything ClauseLens needs is in the clauselens/ folder next to this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scope=user
action=install
for arg in "$@"; do
  case "$arg" in
    --system) scope=system ;;
    --uninstall) action=uninstall ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
if [ "$scope" = system ]; then
  prefix=/opt/clauselens; bin=/usr/local/bin; share=/usr/share
else
  prefix="$HOME/.local/opt/clauselens"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
apps="$share/applications"; icons="$share/icons/hicolor"

if [ "$action" = uninstall ]; then
  rm -rf "$prefix" "$bin/clauselens" "$apps/clauselens.desktop" \
         "$icons/scalable/apps/clauselens.svg" "$icons/256x256/apps/clauselens.png"
  echo "ClauseLens removed (your library and its backups in ~/.local/share/ClauseLens are kept)."
  exit 0
fi

rm -rf "$prefix"
mkdir -p "$prefix" "$bin" "$apps" "$icons/scalable/apps" "$icons/256x256/apps"
cp -R "$here/clauselens/." "$prefix/"
ln -sf "$prefix/clauselens" "$bin/clauselens"
sed "s|@BUNDLE@|$prefix|g" "$here/clauselens.desktop" > "$apps/clauselens.desktop"
chmod 644 "$apps/clauselens.desktop"
cp "$here/clauselens.svg" "$icons/scalable/apps/clauselens.svg"
cp "$here/clauselens.png" "$icons/256x256/apps/clauselens.png"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
echo "ClauseLens $("$prefix/clauselens" --version | cut -d' ' -f2) installed in $prefix"
echo "Start it from the applications menu, or run: clauselens   (command line: clauselens --help)"
