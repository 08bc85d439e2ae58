import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

const chromiumPath = '/usr/bin/chromium';

/** Debian's Chromium; without it the browser suites are skipped, except in CI where that is a failure. */
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium && process.env.CI) {
  throw new Error(
    'Chromium is not installed (Debian: apt-get install chromium); CI must run the browser tests.',
  );
}

/** Screenshots of the main screens, kept as test artifacts (git-ignored). */
export const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

export function launchBrowser(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

/** A viewer in Tokyo reading British English: due dates must show in their zone, not the server's. */
export const viewer: BrowserContextOptions = {
  locale: 'en-GB',
  timezoneId: 'Asia/Tokyo',
  viewport: { width: 1280, height: 900 },
};

export interface WatchedPage {
  page: Page;
  /** Script errors, console errors, CSP violations and failed requests, in order. */
  problems: string[];
}

/** A page whose script errors, console errors, CSP violations and failed requests are collected, to be asserted empty. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused call is logged by the browser as a failed resource; the app shows it, which tests check.
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
    )
      problems.push(`console: ${message.text()}`);
  });
  // A CSP violation (an inline script, eval) is not a console call: the page reports it to us.
  await page.exposeFunction('reportCspViolation', (directive: string, blocked: string) =>
    problems.push(`CSP violation: ${directive} blocked ${blocked}`),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(d: string, b: string): void })
        .reportCspViolation;
      report(event.violatedDirective, event.blockedURI);
    });
  });
  page.on('requestfailed', (request) => {
    // Leaving a page aborts its open event stream: that is not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${request.url()}`);
  });
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
