import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch copy of the real content/ folder that a test may break. */
export function copyContent(): { dir: string; edit: (file: string, change: (text: string) => string) => string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'content-')), 'content');
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
