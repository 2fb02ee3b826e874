/*
 * Runs in front of every npm entry point (see package.json "scripts"): exits 1 with one
 * line naming the required Node.js version when the running Node is older than
 * package.json's "engines.node", and prints nothing otherwise.
 *
 * Deliberately ES5 and dependency-free, so that the old Node it is meant to catch can
 * still parse and run it.
 */
var fs = require("fs");
var path = require("path");

var root = path.join(__dirname, "..");

function readText(file) {
  try {
    return fs.readFileSync(path.join(root, file), "utf8");
  } catch (e) {
    return "";
  }
}

function parts(version) {
  var m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(version));
  return m ? [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)] : null;
}

function older(a, b) {
  for (var i = 0; i < 3; i++) {
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

var range = "";
try {
  range = String(JSON.parse(readText("package.json")).engines.node || "");
} catch (e) {
  range = "";
}
var minimum = /^\s*>=\s*v?\d/.test(range) ? parts(range) : null;
var current = parts(process.versions.node);

if (minimum && current && older(current, minimum)) {
  var lts = readText(".nvmrc").replace(/\s+/g, "");
  process.stderr.write(
    "cartsession needs Node.js " + range.replace(/\s+/g, "") +
      (lts ? " (" + lts + " LTS recommended)" : "") +
      ", but this is Node.js v" + process.versions.node + " (" + process.execPath + ")" +
      '; switch with "nvm install" (reads .nvmrc) or "source scripts/node24.sh", then run the command again.\n'
  );
  process.exit(1);
}
