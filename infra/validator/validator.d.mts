type Log = (message: string) => void;

export interface StopOptions {
  signal?: NodeJS.Signals;
  timeoutMs?: number;
}

export interface StartedValidator {
  /** `http://127.0.0.1:<port>`: `POST /validate`, `GET /health`. */
  url: string;
  pid: number;
  port: number;
  dataDir: string;
  /** From the call to ready, including fetching jars and compiling the server when not cached. */
  startupMs: number;
  /** The JVM's own warm-up (validating infra/validator/warm-up.xml a few times). */
  warmUpMs: number;
  stop(options?: StopOptions): Promise<void>;
}

export declare const MUSTANG_VERSION: string;
export declare const DEV_VALIDATOR: { dataDir: string; port: number };
export declare function validatorCacheDir(): string;
export declare function ensureValidatorLibs(options?: { log?: Log }): string;
export declare function ensureValidatorServer(options: { libs: string; log?: Log }): string;
export declare function startValidator(options: {
  /** Holds the pid file, the URL and the log. */
  dataDir: string;
  port?: number;
  /** The JVM ends itself when this process is gone. */
  ownerPid?: number;
  /** Documents validated at the same time (default 2). */
  threads?: number;
  log?: Log;
}): Promise<StartedValidator>;
export declare function stopValidator(dataDir: string, options?: StopOptions): Promise<void>;
/** The URL of the validator whose pid file is in dataDir, if it runs. */
export declare function runningValidator(dataDir: string): string | undefined;
