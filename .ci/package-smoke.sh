#!/usr/bin/env bash
# Package smoke test: billsync as an ISP installs it. Packs the tarball (prepack builds dist/
# from scratch), installs it into an empty directory, and from there runs the installed
# `billsync`: --version, then validate and plan of sync.yaml.example against `billsync emulators`.
# Ends with one line, "package smoke: ok" or "package smoke: FAILED (why)", and exits 0 / 1.
#
# The native addon (better-sqlite3) is not compiled again: a from-source build takes minutes on
# two cores, and `npm ci` in the checkout has just proved it builds. The install runs with
# --ignore-scripts and takes the checkout's compiled addon (same version, same Node).
# BILLSYNC_SMOKE_FULL_INSTALL=1 runs the install scripts instead, as an ISP's install does.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/billsync-smoke-XXXXXX")"
emulators_pid=""

fail() {
  echo "package smoke: FAILED ($1)"
  exit 1
}
cleanup() {
  if [ -n "$emulators_pid" ] && kill -0 "$emulators_pid" 2>/dev/null; then kill -TERM "$emulators_pid" 2>/dev/null; wait "$emulators_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== package smoke: npm pack"
(cd "$root" && npm pack --silent --pack-destination "$work" >"$work/pack.log" 2>&1) || { cat "$work/pack.log"; fail "npm pack"; }
tarball="$(ls "$work"/billsync-*.tgz 2>/dev/null | head -n1)"
[ -n "$tarball" ] || fail "no tarball"
tar tzf "$tarball" >"$work/contents.txt" || fail "cannot list the tarball"
if grep -E '^package/(test|src|bench)/|\.tsbuildinfo$' "$work/contents.txt" >"$work/unwanted.txt"; then
  cat "$work/unwanted.txt"; fail "the tarball holds files it must not (tests, sources, build info)"
fi
for f in package/dist/cli/bin.js package/dist/cli/help-manifest.json package/bin/billsync.js package/schemas/sync.schema.json package/sync.yaml.example \
  package/mappings/hydra-smarty.yaml package/inventory/smartyard.yaml package/README.md package/examples/deploy/Dockerfile; do
  grep -qx "$f" "$work/contents.txt" || fail "the tarball lacks $f"
done

echo "== package smoke: install $(basename "$tarball") into an empty directory"
app="$work/app"
mkdir -p "$app"
echo '{"name":"billsync-smoke","private":true}' >"$app/package.json"
if [ "${BILLSYNC_SMOKE_FULL_INSTALL:-}" = "1" ]; then
  (cd "$app" && npm install --no-audit --no-fund --prefer-offline "$tarball" >"$work/install.log" 2>&1) || { cat "$work/install.log"; fail "npm install"; }
else
  (cd "$app" && npm install --no-audit --no-fund --prefer-offline --ignore-scripts "$tarball" >"$work/install.log" 2>&1) || { cat "$work/install.log"; fail "npm install"; }
  native="node_modules/better-sqlite3"
  [ "$(node -p "require('$root/$native/package.json').version")" = "$(node -p "require('$app/$native/package.json').version")" ] || fail "better-sqlite3 differs between the checkout and the install"
  cp -R "$root/$native/build" "$app/$native/build" || fail "copying the compiled better-sqlite3"
fi
[ ! -e "$app/node_modules/tsx" ] || fail "tsx was installed: it must stay a devDependency"
bin="$app/node_modules/.bin/billsync"

echo "== package smoke: billsync --version"
want="$(node -p "require('$root/package.json').version")"
got="$("$bin" --version)" || fail "billsync --version exited non-zero"
[ "$got" = "$want" ] || fail "billsync --version printed '$got', expected '$want'"

echo "== package smoke: billsync emulators"
cfg="$work/config"
mkdir -p "$cfg"
pkg="$app/node_modules/billsync"
cp "$pkg/sync.yaml.example" "$cfg/sync.yaml" && cp -R "$pkg/mappings" "$pkg/inventory" "$cfg/" || fail "copying the example config"
(cd "$cfg" && exec "$bin" emulators --subscribers 50 --export-file "$work/emulators.env" >"$work/emulators.out" 2>"$work/emulators.err") &
emulators_pid=$!
for _ in $(seq 1 600); do [ -f "$work/emulators.env" ] && break; kill -0 "$emulators_pid" 2>/dev/null || break; sleep 0.1; done
[ -f "$work/emulators.env" ] || { cat "$work/emulators.err"; fail "billsync emulators did not start"; }
# shellcheck disable=SC1091
. "$work/emulators.env"

echo "== package smoke: billsync validate"
(cd "$cfg" && "$bin" validate) || fail "billsync validate"

echo "== package smoke: billsync plan"
(cd "$cfg" && "$bin" plan --detailed-exitcode --quiet >"$work/plan.txt" 2>"$work/plan.err")
rc=$?
[ "$rc" = "2" ] || { cat "$work/plan.err"; tail -n 20 "$work/plan.txt"; fail "billsync plan exited $rc, expected 2 (changes present)"; }
grep -q '^Summary' "$work/plan.txt" || fail "billsync plan printed no summary"

kill -TERM "$emulators_pid"
wait "$emulators_pid"
rc=$?
emulators_pid=""
[ "$rc" = "0" ] || { cat "$work/emulators.err"; fail "billsync emulators exited $rc on SIGTERM"; }
echo "package smoke: ok"
