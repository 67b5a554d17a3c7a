// The journey people take through the web UI, in Debian's Chromium driven by playwright-core: an administrator signs
// in, creates accounts, a workspace and a project (schema editor with live preview), uploads a batch (per-line
// report) and opens it; two annotators annotate by keyboard only; the administrator reviews one annotation and reads
// the dashboard, and looks at the system page (read models, dead letters). Screenshots of every main view go to
// SCREENSHOT_DIR.
//
// Started by BrowserJourneyIT, which runs the application and passes BASE_URL, ADMIN_PASSWORD, CHROMIUM and
// SCREENSHOT_DIR. Run alone against a running app: BASE_URL=http://localhost:8080/ ADMIN_PASSWORD=... node --test
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core');

const BASE = process.env.BASE_URL ?? 'http://localhost:8080/';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const SHOTS = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';
const RUN = Date.now().toString(36);
mkdirSync(SHOTS, { recursive: true });

const url = (path) => new URL(path.replace(/^\//, ''), BASE).toString();

/**
 * Saves a screenshot and checks the page with axe-core against WCAG 2 A/AA: no serious or critical violation
 * (missing labels, wrong ARIA, too little contrast, ...).
 */
async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
  });
  assert.deepEqual(violations, [], `accessibility of ${name}`);
}

const openPages = [];
/** Dialogs and script errors seen on any page: hostile task data must never get to run a script. */
const incidents = [];

async function signIn(browser, username, password, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  openPages.push(page);
  page.on('pageerror', (e) => incidents.push(`[${username}] page error: ${e.message}`));
  page.on('dialog', (d) => {
    incidents.push(`[${username}] dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url('/'));
  await page.waitForURL(/login/);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Projects', level: 1 }).waitFor();
  return { context, page };
}

/** Annotates `count` tasks with the keyboard only: number keys pick options, Ctrl+Enter submits. */
async function annotateByKeyboard(page, projectId, count, keys, { checkRequired = false } = {}) {
  await page.goto(url(`/projects/${projectId}/annotate`));
  const start = page.getByRole('button', { name: 'Start annotating' });
  await start.waitFor();
  await start.focus();
  await page.keyboard.press('Enter');
  if (checkRequired) {
    // The first task (r-1) carries markup in its text: it is shown as text, and nothing of it became an element.
    await page.getByTestId('task-external-id').filter({ hasText: 'r-1' }).waitFor();
    await page.getByText('Great value, arrived early. <img src=x onerror=alert(1)>').waitFor();
    assert.equal(await page.locator('.task-panel img').count(), 0, 'task data must never become HTML');
    // Submitting an empty form is refused on the spot, with the message on the field that needs a value.
    await page.keyboard.press('Control+Enter');
    const sentiment = page.getByRole('radiogroup', { name: /Sentiment/ });
    await sentiment.and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByText(/Lease \d+:\d\d/).waitFor();
  }
  for (let i = 0; i < count; i++) {
    const task = page.getByTestId('task-external-id');
    await task.waitFor();
    const before = await task.textContent();
    // Focus on nothing in particular: the shortcuts then go to the first unanswered choice field.
    await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    for (const key of keys) await page.keyboard.press(key);
    await page.keyboard.press('Control+Enter');
    await page.getByText(`Submitted ${i + 1} `).waitFor();
    if (i < count - 1) {
      await page.waitForFunction(
        (previous) => document.querySelector('[data-testid="task-external-id"]')?.textContent !== previous,
        before,
      );
    }
  }
}

test('the main journey through the UI', { timeout: 300_000 }, async () => {
  assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    // --- sign-in page and the administrator's start page
    const loginContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const loginPage = await loginContext.newPage();
    await loginPage.goto(url('/login'));
    await loginPage.getByLabel('Username', { exact: true }).fill('admin');
    await loginPage.getByLabel('Password', { exact: true }).fill('wrong password');
    await loginPage.getByRole('button', { name: 'Sign in' }).click();
    await loginPage.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await shot(loginPage, '01-sign-in');
    await loginContext.close();

    const { page: admin } = await signIn(browser, 'admin', ADMIN_PASSWORD);

    // --- accounts for two annotators
    const annotators = [`ann1-${RUN}`, `ann2-${RUN}`];
    const password = `pw-${RUN}-long-enough`;
    await admin.getByRole('link', { name: 'Users' }).click();
    for (const name of annotators) {
      await admin.getByLabel('Username', { exact: true }).fill(name);
      await admin.getByLabel('Display name').fill(`Annotator ${name.slice(0, 4)}`);
      await admin.getByLabel(/Initial password/).fill(password);
      await admin.getByRole('button', { name: 'Create account' }).click();
      await admin.getByRole('status').filter({ hasText: `Created ${name}` }).waitFor();
    }
    await shot(admin, '02-users');

    // --- workspace with the annotators as members
    await admin.getByRole('link', { name: 'Projects' }).first().click();
    await admin.getByRole('heading', { name: 'New workspace' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill(`Reviews ${RUN}`);
    await admin.getByRole('button', { name: 'Create workspace' }).click();
    await admin.getByRole('heading', { name: `Reviews ${RUN}`, level: 1 }).waitFor();
    for (const name of annotators) {
      await admin.getByLabel('Username', { exact: true }).fill(name);
      await admin.getByLabel('Role', { exact: true }).selectOption('ANNOTATOR');
      await admin.getByRole('button', { name: 'Add member' }).click();
      await admin.getByRole('cell', { name, exact: true }).waitFor();
    }
    await shot(admin, '03-workspace-members');

    // --- project: the example schema's live preview, then a broken schema is reported before saving
    await admin.getByRole('link', { name: 'New project' }).click();
    await admin.getByRole('heading', { name: 'New project', level: 1 }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Product reviews');
    await admin.getByLabel('Instructions for annotators').fill('Read the review. Pick the sentiment and how sure you are.');
    const preview = admin.getByLabel('Preview of the annotation form');
    await preview.getByText('Sentiment').first().waitFor();
    await preview.getByRole('radio', { name: /negative/ }).click();
    assert.ok(await preview.getByRole('radio', { name: /negative/ }).isChecked(), 'the preview form works');
    const schemaBox = admin.getByLabel('Response schema (JSON Schema)');
    const goodSchema = await schemaBox.inputValue();
    await schemaBox.fill('{"type": "object", "properties": {');
    await admin.getByText(/Not valid JSON/).waitFor();
    await schemaBox.fill(goodSchema);
    await admin.getByText('The schema is valid.').waitFor();
    await admin.getByLabel('Annotators per task').fill('2');
    await admin.getByLabel('Review', { exact: true }).selectOption('ALL');
    await shot(admin, '04-new-project-schema-editor');
    await admin.getByRole('button', { name: 'Create project' }).click();
    await admin.waitForURL(/\/projects\/[0-9a-f-]+\/batches/);
    const projectId = admin.url().match(/projects\/([0-9a-f-]+)\//)[1];

    // --- batch upload: two good lines and a broken one, reported by line
    await admin.getByRole('heading', { name: 'New batch' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('First batch');
    await admin.getByRole('button', { name: 'Create batch' }).click();
    await admin.getByRole('heading', { name: 'First batch' }).waitFor();
    const lines = [
      { externalId: 'r-1', data: { text: 'Great value, arrived early. <img src=x onerror=alert(1)>' } },
      { externalId: 'r-2', data: { text: 'Broke after two days.' } },
      { externalId: 'r-3', data: { text: 'Does what it says.' } },
    ].map((l) => JSON.stringify(l));
    lines.splice(2, 0, '{"externalId": "r-broken", "data": ');
    await admin.getByLabel(/Task file/).setInputFiles({
      name: 'reviews.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(lines.join('\n') + '\n'),
    });
    await admin.getByRole('button', { name: 'Upload' }).click();
    await admin.getByText(/Imported 3 tasks, 1 lines rejected/).waitFor();
    await admin.getByRole('table', { name: 'Rejected lines' }).getByRole('cell', { name: '3', exact: true }).waitFor();
    await shot(admin, '05-batch-upload-report');
    await admin.getByRole('button', { name: /^Open/ }).click();
    await admin.getByRole('button', { name: /^Pause/ }).waitFor();

    // --- bulk assignment of the batch to the first annotator, followed by its progress bar
    await admin.getByRole('button', { name: 'Assign to annotators…' }).click();
    await admin.getByRole('checkbox', { name: `Annotator ${annotators[0].slice(0, 4)}` }).check();
    await admin.getByRole('button', { name: 'Reserve tasks' }).click();
    const assignment = admin.locator('.job-inline');
    await assignment.getByText('Completed').waitFor();
    await assignment.getByText(/Assigned 3/).waitFor();

    // --- the administrator keeps the dashboard open while the annotators work: it must follow without a reload
    await admin.getByRole('link', { name: 'Dashboard' }).click();
    await admin.getByText('Live', { exact: true }).waitFor();
    const annotationsStat = admin.locator('.stat').filter({ hasText: 'Annotations' }).locator('.stat-value');
    assert.equal((await annotationsStat.textContent()).trim(), '0');

    // --- two annotators, keyboard only; the hostile text is shown as text, never as an element
    for (const [i, name] of annotators.entries()) {
      const { context, page } = await signIn(browser, name, password);
      await annotateByKeyboard(page, projectId, 2, i === 0 ? ['1', '4'] : ['3', '2'], { checkRequired: i === 0 });
      if (i === 0) {
        await page.getByTestId('task-external-id').waitFor();
        await shot(page, '06-workbench');
      }
      await page.getByRole('button', { name: /Stop/ }).click();
      await context.close();
    }

    await admin.waitForFunction(
      () => document.querySelector('.stat:nth-child(2) .stat-value')?.textContent?.trim() === '4',
      undefined,
      { timeout: 15_000 },
    );

    // --- review: the first task in the queue has both annotations side by side; accept one by keyboard
    await admin.goto(url(`/projects/${projectId}/review`));
    await admin.getByRole('navigation', { name: 'Tasks waiting for review' }).waitFor();
    await admin.locator('.review-slot').nth(1).waitFor();
    await shot(admin, '07-review');
    await admin.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    await admin.keyboard.press('a');
    await admin.getByRole('status').filter({ hasText: /Accepted .*annotation/ }).waitFor();

    // --- dashboard: counts and charts from the read models, then the task page with its history
    await admin.getByRole('link', { name: 'Dashboard' }).click();
    const totals = admin.getByLabel('Totals');
    await totals.getByText('Annotations').waitFor();
    await admin.waitForFunction(() => {
      const stats = [...document.querySelectorAll('.stat')];
      const annotations = stats.find((s) => s.textContent.includes('Annotations'));
      return annotations && annotations.querySelector('.stat-value').textContent.trim() === '4';
    });
    for (const name of annotators) {
      await admin.locator(`[data-row="Annotator ${name.slice(0, 4)}"]`).first().waitFor();
    }
    await admin.getByRole('img', { name: /Throughput/ }).waitFor();
    await admin.getByRole('button', { name: 'Export JSONL' }).click();
    await admin.locator('.job').filter({ hasText: 'Export' }).getByRole('link', { name: 'Download' }).waitFor();
    await shot(admin, '08-dashboard');

    // --- the tasks tab, filtered by status
    await admin.getByRole('link', { name: 'Tasks', exact: true }).click();
    const rows = admin.locator('.data-table tbody tr');
    await rows.nth(2).waitFor();
    await admin.getByLabel('Status').selectOption('IN_REVIEW');
    await admin.waitForFunction(() => document.querySelectorAll('.data-table tbody tr').length === 2);
    const statuses = await admin.locator('.data-table tbody .badge').allTextContents();
    assert.deepEqual(statuses, ['In review', 'In review'], 'two tasks have both their annotations, one is still open');
    await shot(admin, '11-tasks');

    await admin.goto(url(`/projects/${projectId}/review`));
    const first = admin.locator('.review-task h2 a');
    await first.waitFor();
    await first.click();
    await admin.getByRole('heading', { name: 'History' }).waitFor();
    await admin.getByText('Annotation submitted').first().waitFor();
    await shot(admin, '09-task-history');

    // --- the start page: each project with its progress
    await admin.getByRole('link', { name: 'Projects', exact: true }).first().click();
    const progress = admin
      .getByRole('region', { name: `Reviews ${RUN}` })
      .getByRole('progressbar', { name: 'Product reviews: tasks completed' });
    await progress.waitFor();
    assert.equal(await progress.getAttribute('aria-valuemax'), '3');
    await shot(admin, '12-projects-home');

    // --- an API token from the account page, shown once
    await admin.getByRole('link', { name: 'Account' }).click();
    await admin.getByRole('heading', { name: 'API tokens' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('journey');
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = await admin.getByLabel(/Your new token/).inputValue();
    assert.match(secret, /^atr_/);
    await admin.getByRole('cell', { name: 'journey', exact: true }).waitFor();
    await shot(admin, '13-account-tokens');

    // --- the system page: every read model's processor, dead letters, and a rebuild behind a confirmation
    await admin.getByRole('link', { name: 'System', exact: true }).click();
    await admin.getByRole('heading', { name: 'System', level: 1 }).waitFor();
    const processors = admin.getByRole('table', { name: 'Read model processors' });
    for (const name of ['workspaces', 'tasks', 'queue', 'jobs']) {
      await processors.getByRole('rowheader', { name, exact: true }).waitFor();
    }
    await admin.getByText('No dead letters').waitFor();
    await admin.getByRole('button', { name: 'Rebuild jobs', exact: true }).click();
    await admin.getByRole('alertdialog').getByText('Rebuild jobs?').waitFor();
    await shot(admin, '14-system');
    await admin.getByRole('button', { name: 'Rebuild now' }).click();
    await admin.getByRole('status').filter({ hasText: 'jobs is being rebuilt' }).waitFor();
    await admin.getByTestId('processor-jobs').getByText('Running').waitFor();

    // --- tablet width: the workbench still fits
    const tablet = await signIn(browser, annotators[0], password, { width: 820, height: 1180 });
    await tablet.page.goto(url(`/projects/${projectId}/annotate`));
    await tablet.page.getByRole('button', { name: 'Start annotating' }).waitFor();
    const overflow = await tablet.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at tablet width (overflow ${overflow}px)`);
    await shot(tablet.page, '10-workbench-tablet');
    await tablet.context.close();
    assert.deepEqual(incidents, [], 'no dialog opened and no script error on any page');
  } catch (e) {
    // What each open page showed when the journey failed, for the CI log's reader.
    for (const [i, page] of openPages.entries()) {
      if (!page.isClosed()) await page.screenshot({ path: join(SHOTS, `failure-${i}.png`), fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await browser.close();
  }
});
