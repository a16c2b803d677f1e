import MarkdownIt from 'markdown-it';
import anchor from 'markdown-it-anchor';
import sanitizeHtml from 'sanitize-html';

export type TocEntry = { level: number; id: string; text: string };
export type RenderedMarkdown = { html: string; text: string; toc: TocEntry[]; brokenLinks: string[] };

/** Heading ids readable in German: "Konflikte über Ämter" -> "konflikte-ueber-aemter". */
export function slugify(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'abschnitt'
  );
}

// Raw HTML in Markdown is not interpreted (html: false); the sanitiser below is the second line of defence.
const md = new MarkdownIt({ html: false, linkify: true, typographer: true, quotes: '„“‚‘' }).use(anchor, {
  slugify,
  level: [2, 3],
  tabIndex: false,
});

const ABSOLUTE = /^(https?:|mailto:|#|\/)/i;

/** KERN classes for the elements Markdown produces, so lessons look like the rest of the app. */
const classes: Record<string, string> = {
  h2: 'kern-heading-medium',
  h3: 'kern-heading-small',
  h4: 'kern-heading-small',
  p: 'kern-body',
  ul: 'kern-list kern-list--bullet',
  ol: 'kern-list kern-list--number',
  table: 'kern-table',
  a: 'kern-link',
};
const addClass = (tag: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => ({
  tagName,
  attribs: { ...attribs, class: classes[tag]! },
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'ul',
    'ol',
    'li',
    'a',
    'strong',
    'em',
    'blockquote',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'hr',
    'br',
    'dl',
    'dt',
    'dd',
    's',
  ],
  allowedAttributes: {
    a: ['href', 'class', 'rel'],
    img: ['src', 'alt', 'title'],
    h2: ['id', 'class'],
    h3: ['id', 'class'],
    h4: ['class'],
    th: ['scope', 'style'],
    td: ['style'],
    '*': ['class'],
  },
  allowedClasses: { '*': Object.values(classes).flatMap((c) => c.split(' ')) },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  transformTags: {
    // The page title is the h1; headings in a lesson start at h2.
    h1: (_t, attribs) => ({ tagName: 'h2', attribs: { ...attribs, class: classes.h2! } }),
    h2: addClass('h2'),
    h3: addClass('h3'),
    h4: addClass('h4'),
    p: addClass('p'),
    ul: addClass('ul'),
    ol: addClass('ol'),
    table: addClass('table'),
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...attribs,
        class: classes.a!,
        ...(/^https?:/i.test(attribs.href ?? '') ? { rel: 'noopener noreferrer' } : {}),
      },
    }),
  },
};

/**
 * Renders Markdown to sanitised HTML, with plain text (for search) and a table of contents.
 * linkFor rewrites relative links: a string is the new URL, null marks a broken link, undefined leaves it.
 */
export function renderMarkdown(
  source: string,
  opts: { linkFor: (href: string) => string | null | undefined },
): RenderedMarkdown {
  const env = {};
  const tokens = md.parse(source, env);
  const brokenLinks: string[] = [];
  const toc: TocEntry[] = [];
  const text: string[] = [];

  const rewrite = (
    token: { attrGet(name: string): string | number | null; attrSet(name: string, value: string): void },
    attr: 'href' | 'src',
  ) => {
    const value = String(token.attrGet(attr) ?? '');
    if (!value || ABSOLUTE.test(value)) return;
    const target = opts.linkFor(decodeURI(value));
    if (target === null) brokenLinks.push(value);
    else if (target !== undefined) token.attrSet(attr, target);
  };

  tokens.forEach((token, i) => {
    if (token.type === 'heading_open' && (token.tag === 'h2' || token.tag === 'h3')) {
      const id = String(token.attrGet('id') ?? '');
      const title = tokens[i + 1]?.content ?? '';
      if (id) toc.push({ level: Number(token.tag.slice(1)), id, text: title });
    }
    if (token.type === 'inline') {
      text.push(token.content);
      for (const child of token.children ?? []) {
        if (child.type === 'link_open') rewrite(child, 'href');
        if (child.type === 'image') rewrite(child, 'src');
      }
    }
    if (token.type === 'fence' || token.type === 'code_block') text.push(token.content);
  });

  const html = sanitizeHtml(md.renderer.render(tokens, md.options, env), SANITIZE);
  return { html, text: text.join('\n').replace(/[*_`#>]/g, ''), toc, brokenLinks };
}
