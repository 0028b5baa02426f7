import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, errors, type Browser, type Page } from 'playwright-core';
import {
  ANVIL_PRIVATE_KEYS,
  connectL1,
  deployNetwork,
  startAnvil,
  writeDeploymentFile,
  type AnvilProcess,
  type Deployment,
} from '@hotshot/l1';
import { networkConfigFromJson } from '@hotshot/sequencer-api';
import { TestNetwork } from '../support/network-harness';

/** Debian's chromium package; playwright-core drives it and downloads no browser of its own. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots land here (git-ignored), to look at after a run. */
const OUTPUT = path.join(__dirname, 'output');
const NAMESPACE = 4242;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** How long the page may take to show a change the network makes, in ms; generous for a loaded machine. */
const SHOW_WITHIN_MS = 180_000;

/** The page's DOM as the functions evaluated in the browser use it (this file compiles without the DOM lib). */
interface PageElement {
  readonly textContent: string | null;
  readonly className: string;
  readonly id: string;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  readonly activeElement: PageElement | null;
  readonly documentElement: { readonly scrollWidth: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
};
/** What a predicate evaluated in the page takes from the test. */
type PageArg = string | number | null;

const missing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it when it can)`;
if (missing) console.warn(`SKIPPED the dashboard browser test: ${missing}`);
// Counted as skipped in `npm test`'s totals, with the reason above: never a silent pass.
const describeInBrowser = missing ? describe.skip : describe;

/**
 * The dashboard in a real headless Chromium against five sequencers: the height it shows increases, a submitted
 * transaction appears in the latest blocks, the search finds it by hash and the block page shows its namespace.
 * The nodes are given an anvil L1 and a deployment file that the deploy writes after they start, as in the demo,
 * and the page shows the contracts' heights. It reads at 1280 px and at phone width (no sideways scrolling), and
 * is keyboard navigable.
 */
describeInBrowser('dashboard in headless Chromium, against a 5-node network', () => {
  jest.setTimeout(900_000);
  const l1Dir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-l1-'));
  const deploymentFile = path.join(l1Dir, 'deployment.json');
  let anvil: AnvilProcess;
  let deployment: Deployment;
  let net: TestNetwork;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Waits for `predicate` in the page, failing with what the page did not show and where the logs are. */
  const until = async (what: string, predicate: (arg: PageArg) => unknown, arg: PageArg): Promise<void> => {
    try {
      await page.waitForFunction(predicate, arg, { timeout: SHOW_WITHIN_MS, polling: 250 });
    } catch (error) {
      if (!(error instanceof errors.TimeoutError)) throw error;
      const text = await page
        .locator('main')
        .innerText()
        .catch(() => '(no main)');
      throw new Error(
        `the dashboard did not show ${what} within ${SHOW_WITHIN_MS / 1000} s (network logs in ${net.dir}); ` +
          `the page read:\n${text.slice(0, 2000)}`,
        { cause: error },
      );
    }
  };
  const shownHeight = async () => Number((await page.getByTestId('height').innerText()).replace(/\D/g, ''));

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    anvil = await startAnvil();
    net = new TestNetwork({
      nodes: 5,
      viewTimeoutMs: 1500,
      nodeArgs: ['--l1-url', anvil.url, '--deployment', deploymentFile],
    });
    await net.start();
    await net.waitForHeight(2, [0, 1, 2, 3, 4], 300_000);
    // Deployed once the network decides, from its own stake table, as `hotshot-demo deploy` does.
    const network = networkConfigFromJson((await net.get(0, '/v0/config/hotshot')).body);
    deployment = await deployNetwork({
      l1: await connectL1(anvil.url, ANVIL_PRIVATE_KEYS[0]),
      chainId: network.chainId,
      stakeTable: network.stakeTable,
      namespace: NAMESPACE,
    });
    writeDeploymentFile(deploymentFile, deployment);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: DESKTOP });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await net?.stop(process.env.KEEP_NETWORK_LOGS === '1');
    await anvil?.stop();
    rmSync(l1Dir, { recursive: true, force: true });
  });

  it('opens from the node root and shows a block height that increases', async () => {
    await page.goto(`${net.api(0)}/`);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await until(
      'a block height above 1',
      () => Number(document.querySelector('[data-testid="height"]')?.textContent?.replace(/\D/g, '')) > 1,
      null,
    );
    const first = await shownHeight();
    await until(
      `a block height above ${first}`,
      (h) => Number(document.querySelector('[data-testid="height"]')?.textContent?.replace(/\D/g, '')) > Number(h),
      first,
    );
    expect(await shownHeight()).toBeGreaterThan(first);
    // Units on the numbers, and every member listed with whether it voted.
    await expect(page.getByTestId('tx-rate').innerText()).resolves.toMatch(/tx\/s$/);
    await expect(page.getByTestId('byte-rate').innerText()).resolves.toMatch(/B\/s$/);
    await until(
      'five members, each voting recently',
      () => {
        const rows = [...document.querySelectorAll('#members-body tr')];
        return rows.length === 5 && rows.every((row) => row.querySelector('td.good'));
      },
      null,
    );
    await expect(page.getByTestId('node-storage').innerText()).resolves.toBe('SQLite');
  });

  it("shows HotShot.sol's and the rollup's heights from L1, and how far each lags", async () => {
    // Nothing posts to HotShot.sol here: it stays at genesis while the chain moves on, so it lags.
    await until(
      'HotShot.sol at height 0, behind this node',
      () => /^0 \(\d[\d,]* blocks behind this node\)$/.test(document.querySelector('#l1-hotshot')?.textContent ?? ''),
      null,
    );
    await expect(page.getByTestId('l1-sequenced').innerText()).resolves.toMatch(/^0 \(.*behind this node\)$/);
    await expect(page.getByTestId('l1-verified').innerText()).resolves.toMatch(/^0 \(/);
    await expect(page.getByTestId('l1-addresses').innerText()).resolves.toContain(deployment.hotShot);
    expect(Number(await page.getByTestId('l1-block').innerText())).toBeGreaterThan(0);
  });

  it('shows a submitted transaction in a block, finds it by hash, and the block page shows its namespace', async () => {
    const hash = await net.submit(2, NAMESPACE, new TextEncoder().encode('dashboard e2e transaction'));
    await until(
      `a latest block with namespace ${NAMESPACE}`,
      (ns) =>
        [...document.querySelectorAll('[data-testid="latest-blocks"] td.namespaces')].some((td) =>
          td.textContent?.split(', ').includes(String(ns)),
        ),
      NAMESPACE,
    );
    await page.screenshot({ path: path.join(OUTPUT, 'overview-1280.png'), fullPage: true });

    // Search with the keyboard alone: focus the field, type, Enter.
    await page.getByRole('searchbox', { name: /search/i }).focus();
    await page.keyboard.type(hash);
    await page.keyboard.press('Enter');
    await until(
      'the block page listing the transaction',
      (h) => document.querySelector(`[data-testid="block-transactions"] tr[data-hash="${h}"]`) !== null,
      hash,
    );
    const location = (await net.get<{ height: number }>(0, `/v0/availability/transaction/hash/${hash}`)).body;
    expect(page.url()).toContain(`#/block/${location.height}/tx/${hash}`);
    const row = page.locator(`[data-testid="block-namespaces"] tr[data-namespace="${NAMESPACE}"]`);
    await expect(row.innerText()).resolves.toContain(String(NAMESPACE));
    await expect(page.locator(`tr[data-hash="${hash}"]`).getAttribute('class')).resolves.toBe('selected');
    await page.screenshot({ path: path.join(OUTPUT, 'block-1280.png'), fullPage: true });

    // A hash nobody decided gets a message, not a dead end.
    await page.getByRole('searchbox', { name: /search/i }).fill(`0x${'ab'.repeat(32)}`);
    await page.keyboard.press('Enter');
    await until(
      'a not-found message',
      () => /No decided transaction or block/.test(document.querySelector('#search-message')?.textContent ?? ''),
      null,
    );
  });

  it('reads at phone width without sideways scrolling', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${net.api(1)}/dashboard`);
    await until(
      'a block height above 1 at phone width',
      () => Number(document.querySelector('[data-testid="height"]')?.textContent?.replace(/\D/g, '')) > 1,
      null,
    );
    await until(
      'latest blocks at phone width',
      () => document.querySelectorAll('[data-testid="latest-blocks"] tr[data-height]').length > 0,
      null,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(OUTPUT, 'overview-390.png'), fullPage: true });
    await page.screenshot({ path: path.join(OUTPUT, 'overview-390-top.png') });
    await page.locator('#members').screenshot({ path: path.join(OUTPUT, 'members-390.png') });
    await page.locator('#blocks').screenshot({ path: path.join(OUTPUT, 'blocks-390.png') });
    // By keyboard, on a row that moves down as blocks arrive: the link keeps its focus while rows are added.
    await page.locator('[data-testid="latest-blocks"] tr[data-height] a').first().focus();
    await until(
      'a newer block above the focused one',
      () => document.querySelector('[data-testid="latest-blocks"] tr[data-height]')?.querySelector('a:focus') === null,
      null,
    );
    await page.keyboard.press('Enter');
    await until(
      'a block page at phone width',
      () => document.querySelector('#header-hash')?.textContent?.startsWith('0x') === true,
      null,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(OUTPUT, 'block-390.png'), fullPage: true });
  });

  it('is keyboard navigable: a skip link first, then the search, with visible focus', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${net.api(0)}/dashboard`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    expect(pageErrors).toEqual([]);
  });
});
