import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subgraphs } from '../subgraphs';
import { composeSdl, main } from './compose';

/** Runs the compose command line against a temp dir, capturing what it prints. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(args, subgraphs), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('compose --check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compose-test-'));
    expect((await run(['--out-dir', dir])).code).toBe(0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each subgraph, the supergraph and the API schema, and then finds nothing to change', async () => {
    for (const { name } of subgraphs) expect(readFileSync(join(dir, `${name}.graphql`), 'utf8')).toContain('@link(url: "https://specs.apollo.dev/federation/');
    expect(readFileSync(join(dir, 'supergraph.graphql'), 'utf8')).toContain('@join__graph(name: "members", url: "http://localhost:4001/graphql")');
    expect(readFileSync(join(dir, 'api.graphql'), 'utf8')).not.toContain('join__');
    const check = await run(['--check', '--out-dir', dir]);
    expect(check).toMatchObject({ code: 0, err: '' });
  });

  it('fails naming each file that was changed, removed or is no longer emitted', async () => {
    const members = join(dir, 'members.graphql');
    writeFileSync(members, readFileSync(members, 'utf8').replace('type Member', 'type Membr'));
    unlinkSync(join(dir, 'supergraph.graphql'));
    writeFileSync(join(dir, 'retired.graphql'), 'type Query { old: String }\n');
    const check = await run(['--check', '--out-dir', dir]);
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/members\.graphql: differs/);
    expect(check.err).toMatch(/supergraph\.graphql: missing/);
    expect(check.err).toMatch(/retired\.graphql: extra/);
    expect(check.err).not.toMatch(/api\.graphql/);
  });

  it('writes nothing in check mode', async () => {
    const members = join(dir, 'members.graphql');
    writeFileSync(members, 'changed\n');
    await run(['--check', '--out-dir', dir]);
    expect(readFileSync(members, 'utf8')).toBe('changed\n');
  });
});

describe('composition errors', () => {
  it('are reported, not written', () => {
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
    const result = composeSdl([
      { name: 'a', url: 'http://localhost:1/graphql', sdl: `${link}\ntype Query { total: Int }` },
      { name: 'b', url: 'http://localhost:2/graphql', sdl: `${link}\ntype Query { total: String }` },
    ]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toMatch(/Query\.total/);
  });
});
