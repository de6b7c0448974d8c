import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staffActor } from '../../kit/testing';
import { claimsSubgraph } from '../../subgraphs/claims/src/subgraph';
import { crmSubgraph } from '../../subgraphs/crm/src/subgraph';
import { createTestAgent } from '../../subgraphs/crm/src/testing';
import { financeSubgraph } from '../../subgraphs/finance/src/subgraph';
import { membersSubgraph } from '../../subgraphs/members/src/subgraph';
import { schemesSubgraph } from '../../subgraphs/schemes/src/subgraph';
import { tokensSubgraph } from '../../subgraphs/tokens/src/subgraph';
import { ANALYST_EXAMPLES, PLAYGROUND_PATH } from './playground';
import { deadUrl, startTestSupergraph, accessTokenFor, type TestSupergraph } from './testing';

/**
 * The playground in a real headless browser (Debian's chromium, driven through chromedriver's W3C
 * WebDriver HTTP API with plain fetch): it loads from the gateway alone, an analyst pastes a token
 * into the headers editor, picks an example tab, runs it and reads real data in the result pane.
 */

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const CHROMEDRIVER = process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver';
/** Every wait in this file gives up after this long. */
const WAIT_MS = 15_000;
/** The W3C key for Control, and the key that releases held modifiers. */
const CONTROL = '\uE009';
const RELEASE = '\uE000';
const BACKSPACE = '\uE003';
/** How W3C WebDriver names an element in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** The domains the analyst examples read, and those whose entities they extend. */
const SUBGRAPHS = [membersSubgraph, schemesSubgraph, claimsSubgraph, financeSubgraph, crmSubgraph, tokensSubgraph];

const ANALYST = staffActor('playground-browser-analyst', 'ANALYST');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined, or fails naming what it waited for. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const found = await probe();
      if (found !== undefined) return found;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`);
}

/** A chromedriver process and one browser session, spoken to over loopback HTTP. */
class Browser {
  private sessionId: string | undefined;

  private constructor(private readonly driver: ChildProcess, private readonly base: string, private readonly profileDir: string) {}

  static async launch(): Promise<Browser> {
    const port = new URL(await deadUrl()).port;
    const driver = spawn(CHROMEDRIVER, [`--port=${port}`, '--allowed-ips=127.0.0.1'], { stdio: 'ignore' });
    const profileDir = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
    const browser = new Browser(driver, `http://127.0.0.1:${port}`, profileDir);
    try {
      await waitFor('chromedriver to answer', async () => {
        const status = (await (await fetch(`${browser.base}/status`, { signal: AbortSignal.timeout(1_000) })).json()) as { value: { ready: boolean } };
        return status.value.ready ? true : undefined;
      });
      const session = await browser.command<{ sessionId: string }>('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'chrome',
            'goog:loggingPrefs': { browser: 'ALL' },
            'goog:chromeOptions': {
              binary: CHROMIUM,
              args: [
                '--headless=new',
                '--no-sandbox',
                '--disable-gpu',
                `--user-data-dir=${profileDir}`,
                '--window-size=1400,1000',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                // Loopback only: other names resolve nowhere and any other address goes to a dead proxy.
                '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
                '--proxy-server=http://127.0.0.1:9',
                '--proxy-bypass-list=localhost;127.0.0.1',
              ],
            },
          },
        },
      });
      browser.sessionId = session.sessionId;
      await browser.session('POST', '/timeouts', { script: WAIT_MS, pageLoad: WAIT_MS, implicit: 0 });
      return browser;
    } catch (error) {
      await browser.quit();
      throw error;
    }
  }

  private async command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(WAIT_MS + 5_000),
    });
    const payload = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${payload.value.error} ${payload.value.message?.split('\n')[0]}`);
    return payload.value;
  }

  private session<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.command<T>(method, `/session/${this.sessionId}${path}`, body);
  }

  navigate(url: string): Promise<unknown> {
    return this.session('POST', '/url', { url });
  }

  /** Runs `script` in the page (its arguments as `arguments[i]`) and returns its result. */
  execute<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.session<T>('POST', '/execute/sync', { script, args });
  }

  /**
   * The first element matching `css` once one is displayed (or merely present, for inputs an
   * editor keeps out of sight, like CodeMirror's textarea that receives the keys).
   */
  async element(css: string, { displayed = true } = {}): Promise<string> {
    return waitFor(`a ${displayed ? 'visible' : 'present'} "${css}"`, async () => {
      const found = await this.session<Array<Record<string, string>>>('POST', '/elements', { using: 'css selector', value: css });
      for (const element of found) {
        const id = element[ELEMENT_KEY];
        if (!displayed || (await this.session<boolean>('GET', `/element/${id}/displayed`))) return id;
      }
      return undefined;
    });
  }

  async click(css: string): Promise<void> {
    await this.session('POST', `/element/${await this.element(css)}/click`, {});
  }

  /** Types into an element as a keyboard would (W3C key codes allowed). */
  async type(elementId: string, text: string): Promise<void> {
    await this.session('POST', `/element/${elementId}/value`, { text });
  }

  /** What the browser's console said: CSP refusals and failed loads show up here. */
  consoleLog(): Promise<Array<{ level: string; message: string }>> {
    return this.session('POST', '/se/log', { type: 'browser' });
  }

  /** Ends the session and chromedriver (which takes chromium with it), whatever state they are in. */
  async quit(): Promise<void> {
    if (this.sessionId) await this.session('DELETE', '').catch(() => undefined);
    this.sessionId = undefined;
    if (this.driver.exitCode === null && this.driver.signalCode === null) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((resolve) => {
        this.driver.once('exit', () => resolve());
        timer = setTimeout(resolve, 5_000);
      });
      this.driver.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
      if (this.driver.exitCode === null && this.driver.signalCode === null) this.driver.kill('SIGKILL');
    }
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

/** GraphiQL's editors are CodeMirror 5 instances; the page's own API reads what a user sees in them. */
const EDITOR_VALUE = `
  var editor = document.querySelector(arguments[0]);
  return editor && editor.CodeMirror ? editor.CodeMirror.getValue() : null;`;

/** The headers editor of the open tab. */
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
const RESULT_PANE = '.result-window .CodeMirror';

/**
 * Opens an example's tab and waits until GraphiQL has parsed it: the editor takes the new text at
 * once but names the operation to run a moment later, and a run in between sends the old name.
 */
async function chooseExample(b: Browser, name: string): Promise<void> {
  const index = ANALYST_EXAMPLES.findIndex((e) => e.name === name);
  await b.click(`.graphiql-tab:nth-child(${index + 1}) .graphiql-tab-button`);
  await waitFor(`the ${name} example in the query editor`, async () => {
    const editor = await b.execute<{ value: string; operationName: string | null } | null>(`
      var editor = document.querySelector('.graphiql-query-editor .CodeMirror');
      return editor && editor.CodeMirror ? { value: editor.CodeMirror.getValue(), operationName: editor.CodeMirror.operationName } : null;`);
    return editor?.value.includes(`query ${name}(`) && editor.operationName === name ? true : undefined;
  });
}

let supergraph: TestSupergraph;

beforeAll(async () => {
  supergraph = await startTestSupergraph(SUBGRAPHS);
}, 120_000);

afterAll(() => supergraph?.stop());

describe('the playground in headless chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    const missing = [CHROMIUM, CHROMEDRIVER].filter((binary) => !existsSync(binary));
    if (missing.length) {
      throw new Error(`The playground browser test needs Debian's chromium and chromedriver, missing: ${missing.join(', ')}. Install them: apt-get install -y chromium chromium-driver`);
    }
    browser = await Browser.launch();
  }, 60_000);

  afterAll(() => browser?.quit());

  it('loads from the gateway alone, takes a token in the headers editor, runs an analyst example and shows its data', async () => {
    const b = browser!;
    const origin = new URL(supergraph.gatewayUrl).origin;
    const agent = await createTestAgent(supergraph.runtimes.get('crm')!);

    // 1. The page loads, every asset from the gateway, with one tab per analyst example.
    await b.navigate(`${origin}${PLAYGROUND_PATH}`);
    await b.element('.graphiql-execute-button');
    const tabTitles = await waitFor('the example tabs', async () => {
      const titles = await b.execute<string[]>(`return Array.from(document.querySelectorAll('.graphiql-tab .graphiql-tab-button')).map(function (t) { return t.textContent.trim(); });`);
      return titles.length === ANALYST_EXAMPLES.length ? titles : undefined;
    });
    expect(tabTitles).toEqual(ANALYST_EXAMPLES.map((e) => e.name));
    const loaded = await b.execute<string[]>(`return performance.getEntriesByType('resource').map(function (e) { return e.name; });`);
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    expect(loaded.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);

    // 2. Choose the agent performance example.
    await chooseExample(b, 'AgentPerformance');

    // 3. Paste the analyst's access token into the headers editor, over the template.
    const token = accessTokenFor(ANALYST);
    const headersInput = await b.element(`${HEADERS_EDITOR} textarea`, { displayed: false });
    await b.click(HEADERS_EDITOR);
    await b.type(headersInput, `${CONTROL}a${RELEASE}${BACKSPACE}{"Authorization": "Bearer ${token}`);
    const headers = await waitFor('the token in the headers editor', async () => {
      const value = await b.execute<string | null>(EDITOR_VALUE, HEADERS_EDITOR);
      return value?.includes(token) ? value : undefined;
    });
    expect(JSON.parse(headers)).toEqual({ Authorization: `Bearer ${token}` });

    // 4. Run it; the result pane shows the seeded agent, as the analyst sees it, without errors.
    await b.click('.graphiql-execute-button');
    const shown = await waitFor('the result pane to show the agent', async () => {
      const value = await b.execute<string | null>(EDITOR_VALUE, RESULT_PANE);
      return value?.includes(agent.agentCode) ? value : undefined;
    });
    const result = JSON.parse(shown) as { data: { agentPerformance: Array<{ agentCode: string; policiesSold: number }> }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data.agentPerformance).toContainEqual(expect.objectContaining({ agentCode: agent.agentCode, policiesSold: 0 }));

    // 5. Nothing was refused or failed to load along the way.
    const problems = (await b.consoleLog()).filter((entry) => entry.level === 'SEVERE');
    expect(problems).toEqual([]);
  }, 90_000);

  it('runs without the placeholder header until a token is pasted: anonymous callers are refused, not 401ed', async () => {
    const b = browser!;
    const origin = new URL(supergraph.gatewayUrl).origin;
    await b.navigate(`${origin}${PLAYGROUND_PATH}`);
    await chooseExample(b, 'ClaimsByStatus');
    await b.click('.graphiql-execute-button');
    const shown = await waitFor('the result pane to answer', async () => {
      const value = await b.execute<string | null>(EDITOR_VALUE, RESULT_PANE);
      return value?.includes('"errors"') || value?.includes('"data"') ? value : undefined;
    });
    // The gateway's 401 for a bad token has no data; a signed-out request is executed and refused field by field.
    const result = JSON.parse(shown) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(result).toHaveProperty('data');
    expect(result.errors.map((e) => [e.extensions.code, e.message])).toContainEqual(['UNAUTHENTICATED', 'Sign in to use this.']);
  }, 60_000);
});

describe('analyst examples through the gateway', () => {
  it.each(ANALYST_EXAMPLES.map((e) => [e.name, e] as const))('%s runs for an analyst without a PII grant, with no errors', async (_name, example) => {
    const result = await supergraph.runAs(ANALYST, example.query, example.variables);
    expect(result.errors).toBeUndefined();
    expect(result.data).toBeTruthy();
  });
});
