import { ConfigError, EnvReader, readCommonConfig, subgraphDatabaseUrl } from './config';

describe('EnvReader', () => {
  it('names every bad variable in one error', () => {
    const reader = new EnvReader({ PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    reader.int('PORT', 4000);
    reader.url('REDIS_URL', ['redis:']);
    reader.oneOf('LOG_LEVEL', ['info', 'debug'] as const, 'info');
    reader.string('JWT_SECRET');
    let error: unknown;
    try {
      reader.done();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be an integer (got "eighty")',
      'REDIS_URL must use redis: (got http:)',
      'LOG_LEVEL must be one of info, debug (got "loud")',
      'JWT_SECRET is required',
    ]);
  });

  it('refuses a business time zone that does not exist', () => {
    const reader = new EnvReader({ BUSINESS_TIME_ZONE: 'Africa/Atlantis' });
    readCommonConfig(reader);
    expect(() => reader.done()).toThrow(/BUSINESS_TIME_ZONE must be an IANA time zone/);
  });

  it("derives a subgraph's database from POSTGRES_URL unless it has its own URL", () => {
    expect(subgraphDatabaseUrl(new EnvReader({ POSTGRES_URL: 'postgres://u@db:5432/postgres' }), 'claims')).toBe('postgres://u@db:5432/mcs_claims');
    expect(
      subgraphDatabaseUrl(new EnvReader({ POSTGRES_URL: 'postgres://u@db/x', CLAIMS_DATABASE_URL: 'postgres://c@claims-db/claims' }), 'claims'),
    ).toBe('postgres://c@claims-db/claims');
    const reader = new EnvReader({});
    subgraphDatabaseUrl(reader, 'claims');
    expect(() => reader.done()).toThrow(/CLAIMS_DATABASE_URL or POSTGRES_URL is required/);
  });
});
