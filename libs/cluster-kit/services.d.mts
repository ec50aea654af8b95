export declare const WEED_VERSION: string;
export declare const WEED: string;
export declare function freePort(): Promise<number>;
export interface RedisService {
  url: string;
  port: number;
  dir: string;
  pid(): number | undefined;
  stop(): Promise<void>;
  /** SIGTERM (the append-only file is flushed), then the same port and data again. */
  restart(): Promise<void>;
}
export declare function startRedis(options?: { port?: number }): Promise<RedisService>;
export interface StoreService {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** JPSP_RESULT_STORE and the AWS SDK's variables, for a node. */
  env: Record<string, string>;
  pid(): number | undefined;
  stop(): Promise<void>;
}
export declare function startObjectStore(): Promise<StoreService>;
