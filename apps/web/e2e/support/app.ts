import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Account {
  name: string;
  email: string;
  password: string;
}

export function newAccount(name: string): Account {
  return {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.com`,
    password: `correct horse ${randomUUID().slice(0, 8)}`,
  };
}

/** Signs up through the app's own form and waits for the projects page. */
export async function signUp(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
}

export async function logIn(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/log-in`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor();
}

/** Waits until a project page's live updates are connected, as its status line says. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.getByText('Live: changes by others appear as they happen').waitFor();
}

/** Creates a project through the app and waits for its tasks page; returns its id. */
export async function createProject(page: Page, baseUrl: string, name: string): Promise<string> {
  await page.goto(`${baseUrl}/projects`);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  const id = /\/projects\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(id).toBeDefined();
  return id ?? '';
}

/** The text of an element, whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}
