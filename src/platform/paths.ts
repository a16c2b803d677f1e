import fs from 'node:fs';
import path from 'node:path';

/**
 * The installation's root (where package.json, drizzle/, views/ and content/ are): found upwards from this file, so the
 * same code finds it when run from src/ with tsx and from dist/ after `npm run build`.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

export const projectRoot = findRoot(__dirname);
