/**
 * Test helper (not part of the package): a throwaway PostgreSQL cluster that a test starts
 * itself, in its own temporary folder and on its own port, so it may stop, crash and restart
 * it without touching the machine's shared server. Needs PostgreSQL's server binaries
 * (`initdb`, `pg_ctl`); as root they run as the `postgres` system user, since initdb refuses
 * to run as root.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { HOST_TAG, processAlive } from "./postgres.js";

/** Folders in the temporary directory that hold our clusters; crashed runs' are swept. */
export const CLUSTER_PREFIX = "cartsession-pgcluster-";
const OWNER_FILE = "owner";
const RUNUSER_PATHS = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];

type StopMode = "smart" | "fast" | "immediate";

/** How to run PostgreSQL's binaries here: their folder, and the system user to run them as (root only). */
interface Runner {
  bin: string;
  /** `runuser` and the account, when we are root; null when the binaries run as we are. */
  as: { runuser: string; user: string; uid: number; gid: number } | null;
}

/** The newest `/usr/lib/postgresql/<version>/bin` (Debian, Ubuntu), else `pg_config --bindir`; CARTSESSION_PG_BIN overrides. */
function findBinaries(env: Record<string, string | undefined>): string | null {
  const hasServer = (dir: string) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"));
  if (env.CARTSESSION_PG_BIN) return hasServer(env.CARTSESSION_PG_BIN) ? env.CARTSESSION_PG_BIN : null;
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = path.join(debian, version, "bin");
      if (hasServer(dir)) return dir;
    }
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (hasServer(dir)) return dir;
  } catch {
    // No pg_config on the PATH.
  }
  return null;
}

function idOf(user: string, flag: "-u" | "-g"): number | null {
  try {
    return Number(execFileSync("id", [flag, user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    return null;
  }
}

/** How to run the binaries, or why this machine cannot. */
function runnerOrReason(env: Record<string, string | undefined> = process.env): Runner | string {
  const bin = findBinaries(env);
  if (!bin) return "PostgreSQL's server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or by pg_config (set CARTSESSION_PG_BIN)";
  if (process.getuid?.() !== 0) return { bin, as: null };
  const runuser = RUNUSER_PATHS.find((p) => existsSync(p));
  const uid = idOf("postgres", "-u");
  const gid = idOf("postgres", "-g");
  if (!runuser || uid === null || gid === null) return "running as root, and initdb refuses root: needs the `postgres` system user and runuser";
  return { bin, as: { runuser, user: "postgres", uid, gid } };
}

/**
 * Null when this machine can start a throwaway cluster, else why not (printed). On CI (CI
 * set) the cluster is mandatory, so a missing binary fails the run instead.
 */
export function pgClusterOrSkipReason(): string | null {
  const runner = runnerOrReason();
  if (typeof runner !== "string") return null;
  if (process.env.CI) throw new Error(`cannot start a throwaway PostgreSQL cluster: ${runner}; it is mandatory on CI`);
  console.log(`[skip] cannot start a throwaway PostgreSQL cluster: ${runner}`);
  return runner;
}

interface Output {
  code: number | null;
  output: string;
}

/** The command line that runs one of PostgreSQL's binaries: through runuser as `postgres` when we are root. */
function commandFor(runner: Runner, name: string, args: string[]): [string, string[]] {
  const binary = path.join(runner.bin, name);
  return runner.as ? [runner.as.runuser, ["-u", runner.as.user, "--", binary, ...args]] : [binary, args];
}

/** Runs one of PostgreSQL's binaries, with a deadline. */
function runBinary(runner: Runner, name: string, args: string[], timeoutMs = 60_000): Promise<Output> {
  const [command, argv] = commandFor(runner, name, args);
  return new Promise((resolve, reject) => {
    // pg_ctl start leaves the server running with our stdio unless it is detached from it.
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function mustRun(runner: Runner, name: string, args: string[], log?: string): Promise<void> {
  const { code, output } = await runBinary(runner, name, args);
  if (code === 0) return;
  const tail = log && existsSync(log) ? `\n--- server log ---\n${readFileSync(log, "utf8").split("\n").slice(-30).join("\n")}` : "";
  throw new Error(`${name} ${args.join(" ")} failed (exit ${code}):\n${output}${tail}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A process's command line, to tell our postmaster from an unrelated process that reused its pid. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    const ps = spawnSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return ps.status === 0 ? ps.stdout : "";
  }
}

/** The running postmaster of a data folder: the pid in postmaster.pid, if that process serves this folder. */
function postmasterOf(data: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 && processAlive(pid) && commandLine(pid).includes(data) ? pid : null;
  } catch {
    return null;
  }
}

async function killPostmaster(data: string): Promise<void> {
  const pid = postmasterOf(data);
  if (pid === null) return;
  // SIGQUIT is an immediate shutdown (what `pg_ctl stop -m immediate` sends); SIGKILL if it
  // lingers. Either may find the process already gone.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Exited meanwhile.
    }
  };
  signal("SIGQUIT");
  for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) signal("SIGKILL");
}

/**
 * Removes the clusters that crashed runs left in the temporary folder: made on this machine
 * by a process that no longer exists (its postmaster, if still running, is stopped first).
 * A concurrent run's cluster is kept. Returns the folders removed.
 */
export async function removeStaleClusters(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(CLUSTER_PREFIX)) continue;
    const dir = path.join(tmp, name);
    let owner: { host: string; pid: number } | null = null;
    try {
      const [host, pid] = readFileSync(path.join(dir, OWNER_FILE), "utf8").trim().split(" ");
      owner = { host: host ?? "", pid: Number(pid) };
    } catch {
      // No owner file: a run that crashed while creating it, or one that is creating it now.
      try {
        if (Date.now() - statSync(dir).mtimeMs < 60_000) continue;
      } catch {
        continue;
      }
    }
    if (owner && (owner.host !== HOST_TAG || owner.pid === process.pid || processAlive(owner.pid))) continue;
    try {
      await killPostmaster(path.join(dir, "data"));
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Removed by a concurrent sweep, or not ours to remove: leave it.
    }
  }
  if (removed.length) console.log(`[pg-cluster] removed ${removed.length} cluster(s) left by crashed runs: ${removed.join(", ")}`);
  return removed;
}

export interface PgCluster {
  /** The temporary folder (data, socket, log); removed by destroy(). */
  dir: string;
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth). */
  url: string;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /**
   * Stops the server and waits until it is down: `fast` ends sessions and checkpoints;
   * `immediate` is a crash (no checkpoint, crash recovery at the next start); `smart` waits
   * for sessions to end and refuses new ones meanwhile.
   */
  stop(mode?: StopMode): Promise<void>;
  /** `pg_ctl restart` (stop, then start, waiting for both). */
  restart(mode?: StopMode): Promise<void>;
  /** Whether the postmaster is running. */
  running(): boolean;
  /** Stops the server (immediately) and removes the folder; safe to call twice, or after a failed start. */
  destroy(): Promise<void>;
}

/**
 * Creates, configures and starts a throwaway cluster (call `pgClusterOrSkipReason()` first).
 * Sweeps crashed runs' clusters first. Always `destroy()` it (afterAll), also after a failure.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const runner = runnerOrReason();
  if (typeof runner === "string") throw new Error(runner);
  await removeStaleClusters();
  const dir = mkdtempSync(path.join(os.tmpdir(), CLUSTER_PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), `${HOST_TAG} ${process.pid}\n`);
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  if (runner.as) chownSync(dir, runner.as.uid, runner.as.gid);

  let destroyed = false;
  // A run that ends without afterAll (an uncaught error, process.exit) still stops its server.
  // Synchronous, as an exit handler must be: the server is stopped before its folder goes.
  const onExit = () => {
    try {
      if (postmasterOf(data) !== null) spawnSync(...commandFor(runner, "pg_ctl", ["-D", data, "stop", "-m", "immediate", "-w", "-t", "10"]), { stdio: "ignore", timeout: 15_000 });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: the next run's sweep removes whatever is left.
    }
  };
  process.once("exit", onExit);

  const pgCtl = (args: string[]) => mustRun(runner, "pg_ctl", ["-D", data, ...args], log);
  let port = 0;
  const cluster: PgCluster = {
    dir,
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    start: () => pgCtl(["start", "-w", "-t", "60", "-l", log]),
    stop: (mode = "fast") => pgCtl(["stop", "-m", mode, "-w", "-t", "60"]),
    restart: (mode = "fast") => pgCtl(["restart", "-m", mode, "-w", "-t", "60", "-l", log]),
    running: () => postmasterOf(data) !== null,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        await killPostmaster(data);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        process.removeListener("exit", onExit);
      }
    },
  };

  try {
    await mustRun(runner, "initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8"]);
    // The socket lives in our folder, TCP on loopback only; small, since it serves one test file.
    appendFileSync(
      path.join(data, "postgresql.conf"),
      `\n# cartsession throwaway test cluster\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nmax_connections = 50\nshared_buffers = 16MB\n`,
    );
    // Another process may take a free port before the server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(path.join(data, "postgresql.conf"), `port = ${port}\n`);
      try {
        await cluster.start();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
