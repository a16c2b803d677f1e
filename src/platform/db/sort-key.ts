import { sql, type SQL } from 'drizzle-orm';

// Latin letters with diacritics (Latin-1, Latin Extended-A, Romanian ș/ț) and their base letters, position by position.
const ACCENTED =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŊŋŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚț';
const BASE =
  'AAAAAACEEEEIIIIDNOOOOOOUUUUYaaaaaaceeeeiiiidnoooooouuuuyyAaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzSsTt';

/**
 * A sort key for names in German dictionary order (DIN 5007-1: ä as a, ß as ss), as a SQL expression for a generated
 * column. PGlite has no ICU collations and sorts text by bytes, which put Öztürk and Ørsted after Zimmermann. Built
 * only from immutable functions: translate first, because lower() under the C locale leaves non-ASCII letters alone.
 * The migration declares such columns COLLATE "C" (drizzle-kit cannot): a server with de_DE or en_US collation would
 * otherwise skip spaces and put Bergmann, Anna before Berg, Zora.
 */
export function nameSortKey(...parts: SQL[]): SQL {
  const joined = sql.join(parts, sql` || ' ' || `);
  return sql`lower(translate(replace(replace(replace(replace(replace(${joined}, 'ß', 'ss'), 'Æ', 'Ae'), 'æ', 'ae'), 'Œ', 'Oe'), 'œ', 'oe'), ${sql.raw(`'${ACCENTED}'`)}, ${sql.raw(`'${BASE}'`)}))`;
}

const FOLD = new Map([...ACCENTED].map((c, i) => [c, BASE[i]!]));

/** The same key in JavaScript, for what people type into a search field: "Şahin" and "sahin" both give "sahin". */
export function nameKey(text: string): string {
  const replaced = text
    .replace(/ß/g, 'ss')
    .replace(/Æ/g, 'Ae')
    .replace(/æ/g, 'ae')
    .replace(/Œ/g, 'Oe')
    .replace(/œ/g, 'oe');
  return [...replaced]
    .map((c) => FOLD.get(c) ?? c)
    .join('')
    .toLowerCase();
}
