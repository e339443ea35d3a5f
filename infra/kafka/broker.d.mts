type Log = (message: string) => void;

export interface StopOptions {
  signal?: NodeJS.Signals;
  timeoutMs?: number;
}

export interface StartedBroker {
  brokers: string;
  pid: number;
  port: number;
  controllerPort: number;
  dataDir: string;
  startupMs: number;
  stop(options?: StopOptions): Promise<void>;
}

export declare const KAFKA_VERSION: string;
export declare const DEV_KAFKA: { dataDir: string; port: number; controllerPort: number };
export declare function kafkaCacheDir(): string;
export declare function ensureKafkaLibs(options?: { log?: Log }): string;
export declare function startBroker(options: {
  dataDir: string;
  port?: number;
  controllerPort?: number;
  /** The broker and its data dir are removed when this process dies without stopping it. */
  ownerPid?: number;
  log?: Log;
}): Promise<StartedBroker>;
export declare function stopBroker(dataDir: string, options?: StopOptions): Promise<void>;
export declare function brokerRunning(dataDir: string): boolean;
