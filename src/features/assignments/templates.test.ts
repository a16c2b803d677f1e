import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTemplates, templatesOf } from './templates';

const content = path.resolve(__dirname, '../../../content');

/** A content folder with one module and the given files in its aufgaben/. */
function withTemplates(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kokoma-aufgaben-'));
  fs.mkdirSync(path.join(dir, 'modules', '01-eins', 'aufgaben'), { recursive: true });
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(dir, 'modules', '01-eins', 'aufgaben', name), text);
  return dir;
}

const good = [
  '---',
  'title: Analyse',
  'expectsFile: true',
  'expectsText: false',
  'kinds: [pdf]',
  'grading: bestanden',
  'required: true',
  '---',
  'Analysieren Sie einen Konflikt.',
  '',
].join('\n');

describe('assignment templates in content/', () => {
  it('finds nothing wrong with the shipped templates', () => {
    expect(checkTemplates(content)).toEqual([]);
  });

  it('names file, line and problem of every broken template, and leaves those out of the form', () => {
    const dir = withTemplates({
      'gut.md': good,
      'unbekannt.md': good.replace('required: true', 'required: true\nfarbe: blau'),
      'punkte.md': good.replace('grading: bestanden', 'grading: punkte\nmaxPoints: 10'),
      'ohne-typen.md': good.replace('kinds: [pdf]\n', ''),
      'nichts.md': good.replace('expectsFile: true', 'expectsFile: false'),
      'zu-viel.md': good.replace('grading: bestanden', 'grading: punkte\nmaxPoints: 10\npassPoints: 12'),
      'leer.md': good.replace('Analysieren Sie einen Konflikt.', ''),
      'Gross Geschrieben.md': good,
      'ohne-kopf.md': 'Nur Text.\n',
    });
    const problems = checkTemplates(dir);
    const of = (file: string) => problems.filter((p) => p.file === `modules/01-eins/aufgaben/${file}`);
    expect(of('gut.md')).toEqual([]);
    expect(of('unbekannt.md')).toEqual([
      { file: 'modules/01-eins/aufgaben/unbekannt.md', line: 8, message: 'Unbekannter Schlüssel: farbe' },
    ]);
    expect(of('punkte.md')[0]).toMatchObject({
      line: 6,
      message: 'Bei grading: punkte braucht es maxPoints und passPoints.',
    });
    expect(of('ohne-typen.md')[0]!.message).toMatch(/^kinds: welche Dateitypen\?/);
    expect(of('nichts.md')[0]!.message).toContain('expectsFile oder expectsText muss true sein');
    expect(of('zu-viel.md')[0]).toMatchObject({ line: 8, message: 'passPoints ist größer als maxPoints.' });
    expect(of('leer.md')[0]!.message).toBe('Die Aufgabenstellung (der Text nach dem Front Matter) fehlt.');
    expect(of('Gross Geschrieben.md')[0]!.message).toMatch(/^Dateiname einer Aufgabe/);
    expect(of('ohne-kopf.md')[0]).toMatchObject({ line: 1 });
    expect(templatesOf(dir, '01-eins').map((t) => t.file)).toEqual(['gut']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
