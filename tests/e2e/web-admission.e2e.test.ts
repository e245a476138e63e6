// Web mode against other local processes: connecting to 127.0.0.1 is not
// enough. An outside client that reads `GET /` or calls the API gets
// nothing; a browser gets in by opening the address web mode printed, once;
// that address opened again elsewhere is refused, and web mode prints the
// next one for the next browser.
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';

describe('admission to web mode', () => {
  const ctx = useAppInBrowser();

  it('gives an outside process neither the page nor the API', async () => {
    const home = await fetch(ctx.app.url);
    expect(home.status).toBe(403);
    const body = await home.text();
    expect(body).not.toMatch(/<script|demarc-session|admit=/);
    expect(home.headers.get('set-cookie')).toBeNull();
    for (const [method, args] of [
      ['today.get', {}],
      ['settings.update', { newPerDay: 999 }],
    ] as const) {
      const reply = await fetch(`${ctx.app.url}api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
      expect(reply.status, method).toBe(403);
    }
    // The setting the refused call tried to change is as it was.
    const settings = await ctx.app.api('settings.get', {});
    expect((settings.value as { newPerDay: number }).newPerDay).not.toBe(999);
  });

  it('admits the browser that opened the printed address, and refuses that address a second time', async () => {
    // The page of useAppInBrowser opened the first printed address: it has the app.
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    const address = await ctx.app.nextAdmissionUrl();
    const firstBrowser = await ctx.browser.browser.newContext();
    const secondBrowser = await ctx.browser.browser.newContext();
    try {
      const first = await firstBrowser.newPage();
      await first.goto(address);
      expect(new URL(first.url()).search, 'the token is gone from the address bar').toBe('');
      await first.getByRole('navigation', { name: 'Main' }).waitFor();
      const cookies = await firstBrowser.cookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', domain: '127.0.0.1' });

      // Another browser (or process) with the same, now spent, address.
      const second = await secondBrowser.newPage();
      const refused = await second.goto(address);
      expect(refused!.status()).toBe(403);
      expect(await second.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      expect(await secondBrowser.cookies()).toEqual([]);
      expect((await fetch(address, { redirect: 'manual' })).status).toBe(403);

      // Web mode printed the next address as soon as the first was used: it admits the second browser.
      await ctx.app.admit(second);
      await second.goto(ctx.app.url);
      await second.getByRole('navigation', { name: 'Main' }).waitFor();
    } finally {
      await firstBrowser.close();
      await secondBrowser.close();
    }
    expect(ctx.browser.problems).toEqual([]);
  });
});
