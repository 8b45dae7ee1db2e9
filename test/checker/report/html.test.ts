// The HTML report in a real browser: Debian's chromium driven by playwright-core, offline. It must
// render, filter, log no console error, fetch nothing, and not run markup from resource names.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { contentSecurityPolicy, escapeHtml, render } from '../../../checker/report/html';
import type { Inventory } from '../../../policies/model';
import { LEGACY_ID, sampleInventory, sampleReport } from '../sample-report';

const CHROMIUM = '/usr/bin/chromium';
/** Where the test leaves the report and its screenshot for a person to look at (git-ignored). */
const OUTPUT_DIR = join(__dirname, '../../../test-output/html-report');
const HOSTILE = '<img src=x onerror=alert(1)>';

function hostileInventory(): Inventory {
  const inventory = sampleInventory();
  return { ...inventory, resources: inventory.resources.map((r) => (r.id === LEGACY_ID ? { ...r, name: HOSTILE } : r)) };
}

describe('html reporter (text)', () => {
  const report = sampleReport({ inventory: hostileInventory() });
  const html = render(report);

  it('is one document that loads nothing: inline style and script, a CSP that forbids everything else', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<(link|script|img|iframe)[^>]+(src|href)="(?!data:)/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">`);
    expect(contentSecurityPolicy()).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(contentSecurityPolicy()).not.toContain('unsafe');
  });

  it('escapes every value from the report', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`<a href="x" title='y'>&</a>\u0007`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;\uFFFD');
  });

  it('has one row per finding, with evidence, remediation and framework mappings', () => {
    expect(html.match(/<tr class="finding/g)).toHaveLength(report.findings.length);
    expect(html).toContain('NIST SP 800-53 r5');
    expect(html).toContain('MITRE ATLAS');
    expect(html).toContain('sagemaker:DescribeModel EnableNetworkIsolation = false');
    expect(html).toContain('update-endpoint');
  });
});

describe('html reporter in headless Chromium', () => {
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  const report = sampleReport({ inventory: hostileInventory() });
  const reportPath = join(OUTPUT_DIR, 'report.html');
  const screenshotPath = join(OUTPUT_DIR, 'report.png');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the HTML report test needs Debian's chromium. Install it with: apt-get install -y chromium (.ci/run does).`);
    }
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(reportPath, render(report));
    profile = mkdtempSync(join(tmpdir(), 'inferguard-chromium-'));
    // A fresh profile each run: playwright-core passes it to chromium as --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const visibleRows = () => page.locator('#findings tbody tr.finding:visible').count();
  const shownCount = async () => Number(await page.locator('#shown-count').textContent());

  it('renders the summary and every finding, failures first', async () => {
    await page.locator('h1').waitFor();
    expect(await page.title()).toContain('inferguard aws live audit');
    expect(await page.locator('#severity-summary tbody tr').count()).toBe(5);
    expect(await visibleRows()).toBe(report.findings.length);
    expect(await shownCount()).toBe(report.findings.length);
    expect(await page.locator('#findings tbody tr.finding').first().getAttribute('data-status')).toBe('fail');
  });

  it('filters by status', async () => {
    for (const status of ['unknown', 'pass', 'not_applicable']) await page.locator(`input[name=status][value=${status}]`).uncheck();
    const failing = report.findings.filter((f) => f.status === 'fail').length;
    expect(await visibleRows()).toBe(failing);
    await page.locator('input[name=waived]').uncheck();
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.status === 'fail' && !f.waiver).length);
    expect(await shownCount()).toBe(await visibleRows());
    await page.locator('input[name=waived]').check();
    for (const status of ['unknown', 'pass', 'not_applicable']) await page.locator(`input[name=status][value=${status}]`).check();
    expect(await visibleRows()).toBe(report.findings.length);
  });

  it('filters by severity and by control', async () => {
    await page.locator('select[name=severity]').selectOption('high');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.severity === 'high').length);
    await page.locator('select[name=control]').selectOption('model-private-network');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.severity === 'high' && f.controlId === 'model-private-network').length);
    await page.locator('select[name=severity]').selectOption('');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.controlId === 'model-private-network').length);
    await page.locator('select[name=control]').selectOption('');
  });

  it('filters by typed text, evidence included, and says when nothing matches', async () => {
    await page.locator('input[name=text]').fill('endpoint/unreadable');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.resourceId.includes('endpoint/unreadable')).length);
    await page.locator('input[name=text]').fill('EnableNetworkIsolation = false');
    expect(await visibleRows()).toBeGreaterThan(0);
    await page.locator('input[name=text]').fill('no such thing anywhere');
    expect(await visibleRows()).toBe(0);
    expect(await page.locator('#no-match').isVisible()).toBe(true);
    await page.locator('input[name=text]').fill('');
    expect(await visibleRows()).toBe(report.findings.length);
  });

  it('shows a hostile resource name as text and runs nothing from it', async () => {
    expect(await page.locator('#findings img').count()).toBe(0);
    expect(await page.getByText(HOSTILE).first().isVisible()).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('opens the evidence and remediation of a finding', async () => {
    const row = page.locator('#findings tbody tr.finding', { hasText: 'network isolation is disabled' });
    await row.locator('summary').click();
    await expect(row.locator('dl').isVisible()).resolves.toBe(true);
    expect(await row.locator('dl').textContent()).toContain('Remediation');
  });

  it('logs no console error and makes no request besides the file itself', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(reportPath).href]);
  });

  it('writes a screenshot next to the report', async () => {
    // Page-side code as text: the test's TypeScript has no DOM types.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshotPath });
    const size = statSync(screenshotPath).size;
    expect(size).toBeGreaterThan(10_000);
    // A PNG of the viewport: its signature and size; the page fits the width (no sideways scrolling).
    const png = readFileSync(screenshotPath);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 900]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
  });
});
