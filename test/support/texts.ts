import fs from 'node:fs';
import path from 'node:path';
import { t } from '../../src/platform/i18n';

// Every feature registers its texts when its texts.ts loads; a test may assert a text before the feature's code ran.
const features = path.join(__dirname, '../../src/features');
for (const f of fs.readdirSync(features))
  if (fs.existsSync(path.join(features, f, 'texts.ts'))) require(path.join(features, f, 'texts.ts'));

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/**
 * A German text as a page shows it (escaped like EJS does), by its key: tests assert which message appears, and stay
 * true when its wording is improved. Where the wording itself is the point (plurals, a certificate), tests spell it out.
 */
export const text = (key: string, params?: Record<string, string | number>) =>
  t(key, params).replace(/[&<>"']/g, (c) => HTML[c]!);
