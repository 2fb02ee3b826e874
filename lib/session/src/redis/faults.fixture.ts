/**
 * Real faults for the Redis tests (not part of the package): a redis-server of the test's
 * own that it can kill and restart, and a TCP proxy in front of a Redis that can cut every
 * connection, delay every reply, or answer bytes that are not RESP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

export const REDIS_SERVER = "/usr/bin/redis-server";

export function redisServerAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, up: boolean, seconds = 10): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open === up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not ${up ? "open" : "close"} within ${seconds} s`);
}

/** A redis-server on its own port that keeps nothing on disk (and so nothing across a restart). */
export class OwnRedisServer {
  private process: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedisServer> {
    const server = new OwnRedisServer(await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    if (this.process) throw new Error("the server is running");
    this.process = spawn(REDIS_SERVER, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitForPort(this.port, true);
  }

  /** SIGSTOP: the server stalls with every connection open; commands written meanwhile run at `resume()`. */
  pause(): void {
    this.process?.kill("SIGSTOP");
  }

  /** SIGCONT after `pause()`. */
  resume(): void {
    this.process?.kill("SIGCONT");
  }

  /** SIGKILL, as a crash: no shutdown, every connection reset. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    await waitForPort(this.port, false);
  }
}

export type ProxyMode = { kind: "forward" } | { kind: "cut" } | { kind: "delay"; ms: number } | { kind: "junk" };

/** A loopback TCP proxy to a Redis, whose behaviour a test switches at any time. */
export class FaultProxy {
  private mode: ProxyMode = { kind: "forward" };
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = await new Promise<FaultProxy>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(new FaultProxy(server, (server.address() as net.AddressInfo).port)));
    });
    server.on("connection", (client) => proxy.accept(client, target));
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode.kind === "cut") for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    if (this.mode.kind === "cut") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    this.sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.on("data", (chunk) => {
      // Not RESP at all: what a wrong service on the Redis port would answer.
      if (this.mode.kind === "junk") client.write("HTTP/1.1 400 Bad Request\r\n\r\n");
      else upstream.write(chunk);
    });
    // Replies keep their order when the delay changes: each is due no earlier than the last.
    let lastDue = 0;
    upstream.on("data", (chunk) => {
      const delay = this.mode.kind === "delay" ? this.mode.ms : 0;
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      if (due <= Date.now()) client.write(chunk);
      else setTimeout(() => !client.destroyed && client.write(chunk), due - Date.now());
    });
  }
}

/** A TCP server that answers anything with bytes that are not RESP (a wrong service on the Redis port). */
export async function junkServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket)).on("error", () => {});
    socket.on("data", () => socket.write("SSH-2.0-OpenSSH_9.6\r\n\x00\xff garbage"));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
