#!/usr/bin/env bash
# The Debian packages, built and used as a person would: CPack builds loupe and loupe-server
# from this build tree; lintian finds no errors in either; loupe unpacked into a temporary
# root (dpkg-deb -x) runs from there, loading every plugin from the unpacked tree and none
# from the build tree, and draws the demo data with --screenshot; loupe-server unpacked
# likewise serves /v1/health on a loopback port with SQLite.
#   packages.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
tmp=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
unset LOUPE_PLUGIN_PATH

# 1. Build both packages.
(cd "$build" && cpack --config CPackConfig.cmake -B "$tmp/packages") >"$tmp/cpack.log" 2>&1 ||
    { cat "$tmp/cpack.log"; fail "cpack could not build the packages"; }
loupe_deb="$tmp/packages/loupe_${version}_amd64.deb"
server_deb="$tmp/packages/loupe-server_${version}_amd64.deb"
[ -f "$loupe_deb" ] && [ -f "$server_deb" ] || { ls -l "$tmp/packages"; fail "a package is missing"; }
ls -l "$loupe_deb" "$server_deb"
[ "$(dpkg-deb -f "$loupe_deb" Version)" = "$version" ] || fail "loupe's version is not $version"
[ "$(dpkg-deb -f "$server_deb" Version)" = "$version" ] || fail "loupe-server's version"
# Dependencies from shlibdeps: the libraries the binaries link, with versions.
dpkg-deb -f "$loupe_deb" Depends | grep -q 'libqt6core6 (>= ' || fail "loupe lacks shlibdeps"
dpkg-deb -f "$loupe_deb" Depends | grep -q 'libvtk9.1 (>= ' || fail "loupe lacks libvtk9.1"
dpkg-deb -f "$server_deb" Depends | grep -q 'libsodium23 (>= ' || fail "loupe-server lacks shlibdeps"
dpkg-deb -f "$server_deb" Depends | grep -q 'adduser' || fail "loupe-server needs adduser"

# 2. lintian: no errors.
lintian --tag-display-limit 0 "$loupe_deb" "$server_deb" >"$tmp/lintian.txt" 2>&1 || true
grep -v 'root privileges' "$tmp/lintian.txt" || true
if grep -q '^E:' "$tmp/lintian.txt"; then fail "lintian reports errors"; fi

# 3. loupe from an unpacked root.
root="$tmp/root"
dpkg-deb -x "$loupe_deb" "$root"
"$root/usr/bin/loupe-cli" --version | tee "$tmp/version.txt"
grep -q "$version" "$tmp/version.txt" || fail "loupe-cli --version does not say $version"
core=$(ldd "$root/usr/bin/loupe-cli" | awk '/libloupecore/ { print $3 }')
[ "$(readlink -f "$core")" = "$(readlink -f "$root/usr/lib/loupe/libloupecore.so.0")" ] ||
    fail "loupe-cli takes libloupecore from $core, not from the unpacked tree"
"$root/usr/bin/loupe-cli" plugins | tee "$tmp/plugins.txt"
shipped=$(find "$root/usr/lib/loupe/plugins" -name 'lib*.so' | wc -l)
[ "$shipped" -ge 8 ] || fail "only $shipped plugins in the package"
grep -q "^Loaded ($shipped):" "$tmp/plugins.txt" || fail "not all $shipped plugins loaded"
[ "$(grep -c "^      $root/usr/lib/loupe/plugins/lib" "$tmp/plugins.txt")" -eq "$shipped" ] ||
    fail "a plugin loaded from elsewhere than the unpacked tree"
if grep -q "$build" "$tmp/plugins.txt"; then fail "something came from the build tree"; fi
if grep -qi "failed\|could not" "$tmp/plugins.txt"; then fail "a plugin failed to load"; fi

# Desktop integration: the entry is valid, and the MIME types build into a database that
# knows DICOM files by their content.
desktop-file-validate "$root/usr/share/applications/loupe.desktop" || fail "desktop entry"
grep -q '^MimeType=application/dicom;application/x-dicomdir;application/x-loupe;' \
    "$root/usr/share/applications/loupe.desktop" || fail "desktop entry MIME types"
for size in 16 22 24 32 48 64 128 256; do
    file "$root/usr/share/icons/hicolor/${size}x${size}/apps/loupe.png" |
        grep -q "PNG image data, $size x $size" || fail "icon ${size}px"
done
xmllint --noout "$root/usr/share/mime/packages/loupe.xml" || fail "MIME XML"
update-mime-database "$root/usr/share/mime"
for type in dicom x-dicomdir x-loupe x-loupe-workspace; do
    [ -f "$root/usr/share/mime/application/$type.xml" ] || fail "MIME type application/$type"
done
grep -q 'DICM' "$root/usr/share/mime/magic" || fail "DICOM's magic"

# 4. The app draws the demo data from the unpacked tree.
"$root/usr/bin/loupe-cli" make-demo "$tmp/demo" --ct-size 64x64x40 --frames 12 >/dev/null
"$root/usr/bin/loupe" --screenshot "$tmp/shot.png" --timeout 120 "$tmp/demo/ct" ||
    fail "loupe --screenshot from the unpacked tree"
file "$tmp/shot.png" | grep -q 'PNG image data' || fail "no screenshot"
[ "$(stat -c %s "$tmp/shot.png")" -gt 20000 ] || fail "the screenshot is nearly empty"
"$root/usr/bin/loupe" --screenshot "$tmp/drive.png" --frame 5 --timeout 120 "$tmp/demo/drive" ||
    fail "loupe --screenshot of the drive"

# 5. loupe-server from an unpacked root, on loopback with SQLite.
sroot="$tmp/sroot"
dpkg-deb -x "$server_deb" "$sroot"
[ "$("$sroot/usr/bin/loupe-server" --version)" = "loupe-server $version" ] ||
    fail "loupe-server --version does not say $version"
grep -q '^ExecStart=/usr/bin/loupe-server ' "$sroot/lib/systemd/system/loupe-server.service" ||
    fail "the unit does not run /usr/bin/loupe-server"
grep -q '^User=loupe-server' "$sroot/lib/systemd/system/loupe-server.service" || fail "unit user"
dpkg-deb --ctrl-tarfile "$server_deb" | tar -xO ./conffiles |
    grep -qx '/etc/loupe-server/loupe-server.conf' || fail "the settings are not a conffile"
"$sroot/usr/bin/loupe-server" --db "sqlite:$tmp/server.db" --listen 127.0.0.1:0 \
    >"$tmp/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/server.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log"; fail "loupe-server did not start"; }
health=$(curl -sf "http://127.0.0.1:$port/v1/health") || fail "no answer from /v1/health"
echo "$health"
echo "$health" | grep -q '"status": *"ok"' || fail "unhealthy: $health"
echo "$health" | grep -q 'sqlite' || fail "not on SQLite: $health"
echo "packages: all checks passed"
