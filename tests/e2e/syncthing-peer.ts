import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Whether Debian's `syncthing` is installed (`.ci/run` installs it). */
export function syncthingAvailable(): boolean {
  return spawnSync('syncthing', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export const folderId = 'demarc';

/**
 * One Syncthing 1.19 instance for tests, on 127.0.0.1 only: its own home,
 * one explicit TCP listen address, global and local discovery, relays, NAT
 * traversal, crash and usage reporting and upgrades all off.
 */
export class SyncthingPeer {
  readonly apiKey = randomBytes(16).toString('hex');
  deviceId = '';
  guiPort = 0;
  listenPort = 0;
  private child: ChildProcess | null = null;
  private log = '';

  constructor(
    readonly home: string,
    readonly folder: string,
    readonly name: string,
  ) {}

  async generate(): Promise<void> {
    fs.mkdirSync(this.home, { recursive: true });
    const run = spawnSync('syncthing', ['generate', '--home', this.home, '--no-default-folder'], { encoding: 'utf8' });
    const out = `${run.stdout}${run.stderr}`;
    const match = /Device ID: ([A-Z0-9-]+)/.exec(out);
    if (!match?.[1]) throw new Error(`syncthing generate printed no device id: ${out}`);
    this.deviceId = match[1];
    this.guiPort = await freePort();
    this.listenPort = await freePort();
  }

  /** Writes the whole config.xml: this device, the peer, the shared folder with conflict copies on. */
  configure(peer: SyncthingPeer): void {
    fs.mkdirSync(path.join(this.folder, '.stfolder'), { recursive: true });
    const device = (p: SyncthingPeer, address: string) =>
      `<device id="${p.deviceId}" name="${p.name}" compression="metadata" introducer="false"><address>${address}</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>`;
    const xml = `<configuration version="36">
    <folder id="${folderId}" label="Demarc" path="${this.folder}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${this.deviceId}"></device>
        <device id="${peer.deviceId}"></device>
        <minDiskFree unit="%">0</minDiskFree>
        <maxConflicts>10</maxConflicts>
        <markerName>.stfolder</markerName>
    </folder>
    ${device(this, 'dynamic')}
    ${device(peer, `tcp://127.0.0.1:${peer.listenPort}`)}
    <gui enabled="true" tls="false" debugging="false"><address>127.0.0.1:${this.guiPort}</address><apikey>${this.apiKey}</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:${this.listenPort}</listenAddress>
        <globalAnnounceServer></globalAnnounceServer>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <stunServer></stunServer>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
`;
    fs.writeFileSync(path.join(this.home, 'config.xml'), xml);
  }

  start(): void {
    this.child = spawn('syncthing', ['serve', '--home', this.home, '--no-browser', '--no-restart'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STHASHING: 'minio' },
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-20_000)));
    this.child.stderr!.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-20_000)));
  }

  get output(): string {
    return this.log;
  }

  async rest<T = unknown>(method: 'GET' | 'POST', route: string): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${this.guiPort}${route}`, { method, headers: { 'X-API-Key': this.apiKey } });
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  async waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (await check()) return;
      } catch {
        // not answering yet
      }
      if (Date.now() > deadline) throw new Error(`Syncthing ${this.name}: timed out waiting for ${what}\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async waitForApi(): Promise<void> {
    await this.waitUntil('its REST API', async () => (await this.rest<{ ping: string }>('GET', '/rest/system/ping')).ping === 'pong');
  }

  async waitConnected(peer: SyncthingPeer): Promise<void> {
    await this.waitUntil(`a connection to ${peer.name}`, async () => {
      const c = await this.rest<{ connections: Record<string, { connected: boolean }> }>('GET', '/rest/system/connections');
      return c.connections[peer.deviceId]?.connected === true;
    });
  }

  /** Rescans now (returns when the scan is done), so a change is announced without waiting for the watcher. */
  async scan(): Promise<void> {
    await this.rest('POST', `/rest/db/scan?folder=${folderId}`);
  }

  async idle(): Promise<boolean> {
    const s = await this.rest<{ state: string; needTotalItems: number }>('GET', `/rest/db/status?folder=${folderId}`);
    return s.state === 'idle' && s.needTotalItems === 0;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await this.rest('POST', '/rest/system/shutdown');
    } catch {
      // fall through to the signal
    }
    const timer = setTimeout(() => {
      // The monitor and its child are one process group: stop both, never just the monitor.
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The change files under a folder (name and size), leaving Syncthing's own files out. */
export function changeFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || entry.name.includes('.syncthing.')) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.push(`${path.relative(folder, full)}:${fs.statSync(full).size}`);
  }
  return out.sort();
}
