export declare const DEFAULT_ADMIN_URL: string;
export declare function quoteIdent(name: string): string;
export declare function databaseUrl(adminUrl: string, name: string): string;
export declare function ensurePostgres(adminUrl?: string): Promise<void>;
export declare function ensureDatabase(adminUrl: string, name: string): Promise<string>;
export declare function dropDatabase(adminUrl: string, name: string): Promise<void>;
export declare function listDatabases(adminUrl: string, prefix: string, contains?: string): Promise<string[]>;
