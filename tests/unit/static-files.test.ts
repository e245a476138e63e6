import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../electron/shared/static-files.js';
import { tempDir } from '../helpers/test-collection.js';

describe('resolving app URLs to files', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), 'x');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'x');
  const outside = path.join(path.dirname(root), `secret-${path.basename(root)}.txt`);
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(root, 'link.txt'));

  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app.js', path.join('assets', 'app.js')],
    ['/assets//app.js', path.join('assets', 'app.js')],
  ])('serves %s', (url, file) => {
    expect(resolveStaticPath(root, url)).toBe(fs.realpathSync(path.join(root, file)));
  });

  it.each([
    '/../' + path.basename(outside),
    '/assets/../../' + path.basename(outside),
    '/%2e%2e/' + path.basename(outside),
    '/..%2f' + path.basename(outside),
    '/assets%2fapp.js',
    '/assets%5capp.js',
    '/..\\' + path.basename(outside),
    '/' + outside,
    '//etc/passwd',
    '/C:/Windows/win.ini',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/link.txt',
    '/missing.js',
    '/assets',
  ])('refuses %s', (url) => {
    expect(resolveStaticPath(root, url)).toBeNull();
  });
});
