import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const copies: string[] = [];

/** A scratch copy of the real content/ folder that a test may break; `removeContentCopies` deletes them all. */
export function copyContent(): { dir: string; edit: (file: string, change: (text: string) => string) => string } {
  const root = mkdtempSync(join(tmpdir(), 'content-'));
  copies.push(root);
  const dir = join(root, 'content');
  cpSync('content', dir, { recursive: true });
  return {
    dir,
    edit(file, change) {
      const path = join(dir, file);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
      return path;
    },
  };
}

/** Called after each test file (test/support/setup.ts) and at the end of the benchmark. */
export function removeContentCopies(): void {
  for (const root of copies.splice(0)) rmSync(root, { recursive: true, force: true });
}
