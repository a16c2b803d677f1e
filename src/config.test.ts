import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has safe development defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 3000,
      baseUrl: 'http://localhost:3000',
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      seedDemo: true,
      trustProxy: false,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
  });

  it.each([
    [{}, /SESSION_SECRET, BASE_URL, SMTP_URL/],
    [{ SESSION_SECRET: 'x'.repeat(32) }, /es fehlt BASE_URL, SMTP_URL/],
    [{ SESSION_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail.example:25' }, /es fehlt BASE_URL\./],
    [{ BASE_URL: 'https://campus.example', SMTP_URL: 'smtp://mail.example:25' }, /es fehlt SESSION_SECRET\./],
  ])('refuses to start in production without %j, naming what is missing', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', ...env })).toThrow(message);
  });

  it('never seeds demo data in production', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      BASE_URL: 'https://campus.example/',
      SMTP_URL: 'smtp://mail.example:25',
    });
    expect(c.seedDemo).toBe(false);
    expect(c.isProduction).toBe(true);
    expect(c.baseUrl).toBe('https://campus.example');
  });

  it('requires a second factor of the SPI-Team and trainers in production only, unless configured', () => {
    const prod = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      BASE_URL: 'https://c.example',
      SMTP_URL: 'smtp://m.example:25',
    };
    expect(loadConfig(prod).mfa.requiredRoles).toEqual(['admin', 'trainer']);
    expect(loadConfig({}).mfa.requiredRoles).toEqual([]);
    expect(loadConfig({ ...prod, MFA_REQUIRED_ROLES: 'admin, trainer, coordinator' }).mfa.requiredRoles).toEqual([
      'admin',
      'trainer',
      'coordinator',
    ]);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'admin,spi' })).toThrow(/MFA_REQUIRED_ROLES: unbekannte Rolle spi/);
    // the secrets' key: its own when given, else the session secret's
    expect(loadConfig({ ...prod, MFA_ENCRYPTION_KEY: 'k'.repeat(20) }).mfa.encryptionKey).toBe('k'.repeat(20));
    expect(loadConfig(prod).mfa.encryptionKey).toBe('x'.repeat(32));
  });

  it('reads timeouts, port and proxy settings', () => {
    const c = loadConfig({
      PORT: '8080',
      SESSION_IDLE_MINUTES: '15',
      SESSION_MAX_HOURS: '8',
      TRUST_PROXY: '1',
      DATABASE_URL: 'postgres://u@db.example/kokoma',
    });
    expect(c).toMatchObject({
      port: 8080,
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      trustProxy: 1,
      databaseUrl: 'postgres://u@db.example/kokoma',
    });
  });

  it('explains invalid values', () => {
    expect(() => loadConfig({ PORT: 'achtzig' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_SECRET: 'kurz' })).toThrow(/mindestens 16 Zeichen/);
  });
});
