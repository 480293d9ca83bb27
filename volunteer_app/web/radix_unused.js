// A PostCSS plugin (volunteer_app/web/radix_theme.py puts it in .web and in postcss.config.js):
// Radix Themes' components.css holds the rules of its 50-odd components (31 KB gzip); the pages
// import about a dozen. It drops each rule of components.css whose selector names only classes of
// components that no compiled page imports (`import { Button as … } from "@radix-ui/themes"` in
// .web/app, .web/utils, .web/components, read when the stylesheet is built). A rule that names no
// component class, or one component in use, stays; so does everything outside components.css.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const SOURCES = ['app', 'utils', 'components'];
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@radix-ui\/themes["']/g;
const CLASS = /\.rt-([A-Z][A-Za-z]*)/g;
const COMPONENTS_CSS = path.join('@radix-ui', 'themes', 'components.css');

// What a component renders beyond its own rt-<Name>… classes (Radix's shared bases).
export const ALSO = {
  Button: ['BaseButton', 'Spinner'], IconButton: ['BaseButton', 'Spinner'],
  Card: ['BaseCard'], CheckboxCards: ['BaseCard', 'BaseCheckbox'], RadioCards: ['BaseCard', 'BaseRadio'],
  Checkbox: ['BaseCheckbox'], CheckboxGroup: ['BaseCheckbox'], Radio: ['BaseRadio'], RadioGroup: ['BaseRadio'],
  DropdownMenu: ['BaseMenu', 'PopperContent'], ContextMenu: ['BaseMenu'], Dialog: ['BaseDialog'], AlertDialog: ['BaseDialog'],
  Tabs: ['BaseTabList'], TabNav: ['BaseTabList'], Select: ['PopperContent'], Popover: ['PopperContent'],
  HoverCard: ['PopperContent'], Tooltip: ['PopperContent'], SegmentedControl: [], Table: ['Inset'], ScrollArea: [],
};

/** The component names imported from @radix-ui/themes in `code`. */
export function importedNames(code) {
  const names = new Set();
  for (const m of code.matchAll(IMPORT)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0].trim();
      if (/^[A-Z]\w*$/.test(name)) names.add(name);
    }
  }
  return names;
}

/** The class-name prefixes (after "rt-") of the components in `names`, with their bases. */
export function families(names) {
  return [...names].flatMap((name) => [name, ...(ALSO[name] || [])]);
}

// Components whose names begin with another's (rt-TextFieldRoot is TextField's, not Text's).
const LONGER = ['TextField', 'TextArea', 'ThemePanel', 'IconButton', 'CheckboxCards', 'CheckboxGroup', 'RadioCards',
  'RadioGroup', 'DataList', 'TabNav'];

/** The component a class (after "rt-") belongs to, among `kept` and the longer names: the longest prefix. */
function ownerOf(cls, kept) {
  let best = '';
  for (const prefix of [...kept, ...LONGER]) if (cls.startsWith(prefix) && prefix.length > best.length) best = prefix;
  return best;
}

/** Whether a rule with `selector` stays: it names no component class, or one of `kept`. */
export function keeps(selector, kept) {
  let named = false;
  for (const m of selector.matchAll(CLASS)) {
    named = true;
    const owner = ownerOf(m[1], kept);
    if (owner && kept.includes(owner)) return true;
  }
  return !named;
}

function sourcesUnder(dir, out = []) {
  let entries = [];
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourcesUnder(p, out);
    else if (/\.(jsx?|tsx?)$/.test(e.name)) out.push(p);
  }
  return out;
}

function usedNames(web) {
  const names = new Set();
  for (const dir of SOURCES) {
    for (const file of sourcesUnder(path.join(web, dir))) {
      for (const name of importedNames(fs.readFileSync(file, 'utf8'))) names.add(name);
    }
  }
  return names;
}

export default function radixUnused(options = {}) {
  return {
    postcssPlugin: 'radix-unused',
    Once(root) {
      const names = usedNames(options.web || WEB);
      if (!names.size) return;  // nothing found to go by: keep every rule
      const kept = families(names);
      root.walkRules((rule) => {
        const file = rule.source?.input?.file || '';
        if (!file.endsWith(COMPONENTS_CSS) || rule.parent?.type === 'atrule' && /keyframes$/i.test(rule.parent.name)) return;
        if (!keeps(rule.selector, kept)) rule.remove();
      });
      let emptied = true;
      while (emptied) {
        emptied = false;
        root.walkAtRules((at) => {
          if (at.nodes && at.nodes.length === 0) { at.remove(); emptied = true; }
        });
      }
    },
  };
}
radixUnused.postcss = true;
