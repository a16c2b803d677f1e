import fs from 'node:fs';
import path from 'node:path';
import { registeredTexts, t } from './index';

// every feature's texts, as the running app has them
const features = path.resolve(__dirname, '../../features');
for (const f of fs.readdirSync(features))
  if (fs.existsSync(path.join(features, f, 'texts.ts'))) require(path.join(features, f, 'texts.ts'));

type Node = { [key: string]: string | Node };
const texts = (node: Node, prefix = ''): Array<[string, string]> =>
  Object.entries(node).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : texts(v, `${prefix}${k}.`),
  );
const all = texts(registeredTexts() as unknown as Node);

describe('the German catalogue', () => {
  // counts shown in brackets or after a colon need no noun to agree with
  const noNoun = new Set([
    'certificates.run.chooseAll',
    'certificates.run.chooseKind.zertifikat',
    'certificates.run.chooseKind.teilnahme',
    'dashboard.admin.invitesOpen',
    'catalogue.searchResults',
  ]);

  it('has a singular for every text that counts something', () => {
    const missing = all
      .filter(
        ([k, v]) =>
          v.includes('{count}') &&
          !k.endsWith('_one') &&
          !noNoun.has(k) &&
          !all.some(([other]) => other === `${k}_one`),
      )
      .map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it('never writes "(en)"-style plurals or doubled words', () => {
    expect(all.filter(([, v]) => /\w\((en|n|e|s)\)/.test(v)).map(([k]) => k)).toEqual([]);
    expect(
      all.filter(([, v]) => /(?<!\p{L})(\p{L}{2,}) \1(?!\p{L})/u.test(v.replace(/\{\w+\}/g, ''))).map(([k]) => k),
    ).toEqual([]);
  });

  it('picks the singular for one', () => {
    expect(t('attendance.saved', { count: 1 })).toBe('Gespeichert: 1 Änderung.');
    expect(t('attendance.saved', { count: 2 })).toBe('Gespeichert: 2 Änderungen.');
    expect(t('common.results', { count: 0 })).toBe('0 Einträge');
  });
});
