import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { subgraphs } from '../../subgraphs';
import { projectRoot } from './config';

/**
 * No Docker engine runs here, so the compose file is checked structurally: it parses, every
 * reference points at something defined, and it agrees with the subgraph registry and the image.
 */

const root = projectRoot();

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function loadCompose(): ComposeFile {
  const document = parseDocument(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  expect(document.errors).toEqual([]);
  expect(document.warnings).toEqual([]);
  return document.toJS({ maxAliasCount: 100 }) as ComposeFile;
}

const compose = loadCompose();
const services = compose.services;
const subgraphServices = Object.entries(services).filter(([, s]) => s.command?.[1] === 'dist/scripts/start-subgraph.js');

/** The port a service listens on inside the network, from its own settings. */
function listeningPort(name: string, service: Service): string | undefined {
  const env = service.environment ?? {};
  return env[`${name.toUpperCase()}_PORT`] ?? env.PORT;
}

describe('docker-compose.yml', () => {
  it('uses only keys Compose knows, and every service has an image to run', () => {
    const topLevel = ['name', 'services', 'volumes', 'networks', 'configs', 'secrets'];
    for (const key of Object.keys(compose)) if (!key.startsWith('x-')) expect(topLevel).toContain(key);
    const serviceKeys = ['image', 'build', 'command', 'environment', 'depends_on', 'healthcheck', 'ports', 'volumes', 'restart'];
    for (const [name, service] of Object.entries(services)) {
      for (const key of Object.keys(service)) expect([name, serviceKeys.includes(key) ? key : `unknown key ${key}`]).toEqual([name, key]);
      expect(service.image ?? service.build).toBeDefined();
      for (const value of Object.values(service.environment ?? {})) expect(typeof value).toBe('string');
    }
  });

  it('runs PostgreSQL 16 or later with the database init script mounted, and Redis', () => {
    const major = Number(services.postgres.image!.match(/^postgres:(\d+)/)?.[1]);
    expect(major).toBeGreaterThanOrEqual(16);
    expect(services.postgres.volumes).toContain('./infra/postgres/init-databases.sql:/docker-entrypoint-initdb.d/10-init-databases.sql:ro');
    expect(services.redis.image).toMatch(/^redis:/);
  });

  it('points every depends_on at a defined service, waiting for health only where there is a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, Object.keys(services).includes(dependency)]).toEqual([name, dependency, true]);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect([dependency, services[dependency].healthcheck]).toEqual([dependency, expect.anything()]);
      }
    }
  });

  it('points every service URL in the environment at a defined service on the port it listens on', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!key.endsWith('_URL')) continue;
        const url = new URL(value.replace(/\$\{[^}]+\}/g, 'x'));
        const target = services[url.hostname];
        expect([name, key, url.hostname, target ? 'defined' : 'undefined']).toEqual([name, key, url.hostname, 'defined']);
        if (url.protocol === 'http:') expect([name, key, url.port]).toEqual([name, key, listeningPort(url.hostname, target)]);
      }
    }
  });

  it('publishes no host port twice', () => {
    const published = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':').slice(0, -1).join(':')));
    expect(new Set(published).size).toBe(published.length);
  });

  it('declares every named volume it mounts, and every bind-mounted file exists', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) expect([source, existsSync(join(root, source))]).toEqual([source, true]);
        else expect(Object.keys(compose.volumes ?? {})).toContain(source);
      }
    }
  });

  it('runs a service per registered subgraph, and the gateway reaches each through <NAME>_URL', () => {
    const gateway = services.gateway;
    expect(gateway.command).toEqual(['node', 'dist/gateway/src/main.js']);
    for (const { name } of subgraphs) {
      const service = services[name];
      expect([name, service?.command]).toEqual([name, ['node', 'dist/scripts/start-subgraph.js', name]]);
      expect(gateway.environment?.[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${listeningPort(name, service)}/graphql`);
      expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('gives each subgraph service a registered subgraph, its own database and a healthcheck on /health/ready at its port', () => {
    const initSql = readFileSync(join(root, 'infra', 'postgres', 'init-databases.sql'), 'utf8');
    for (const [name, service] of [...subgraphServices, ['gateway', services.gateway] as const]) {
      const port = listeningPort(name, service);
      expect([name, service.healthcheck?.test.join(' ')]).toEqual([name, expect.stringContaining(`http://127.0.0.1:${port}/health/ready`)]);
      if (name === 'gateway') continue;
      expect(subgraphs.map((s) => s.name)).toContain(name);
      expect(service.command).toEqual(['node', 'dist/scripts/start-subgraph.js', name]);
      expect(initSql).toContain(`'CREATE DATABASE mcs_${name}'`);
      expect(service.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(service.environment?.POSTGRES_URL).toMatch(/@postgres:5432\//);
    }
  });

  it('keeps secrets out of the file: passwords must come from the environment, with no default', () => {
    // `${NAME:?message}` must be set by the user; `${NAME:-default}` would ship a default secret.
    const resolve = (value: string) => value.replace(/\$\{[A-Z_]+(?::([?-])([^}]*))?\}/g, (_all, kind, fallback) => (kind === '-' ? fallback : 'FROM_ENV'));
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET|(^|_)TOKEN($|_)|API_KEY/.test(key)) expect([name, key, resolve(value)]).toEqual([name, key, 'FROM_ENV']);
        if (/^[a-z]+:\/\//.test(value)) {
          const password = new URL(resolve(value)).password;
          expect([name, key, password || 'none']).toEqual([name, key, expect.stringMatching(/^(FROM_ENV|none)$/)]);
        }
      }
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('builds on Node 20 with npm install and npm run build, and runs the gateway by default', () => {
    expect(dockerfile).toMatch(/^FROM node:20\b/m);
    expect(dockerfile).toMatch(/RUN npm install\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toContain('CMD ["node", "dist/gateway/src/main.js"]');
    expect(dockerfile).toContain('COPY --from=build --chown=node:node /app/schema ./schema');
  });

  it('sends the sources and the committed schema to the build, but not local dependencies, builds or secrets', () => {
    for (const needed of ['kit', 'subgraphs', 'gateway', 'scripts', 'schema', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
      expect(ignored).not.toContain(needed);
    }
    for (const excluded of ['node_modules', 'dist', '.git', '.env', '.data']) expect(ignored).toContain(excluded);
  });
});
