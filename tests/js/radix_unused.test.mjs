// The PostCSS plugin that drops Radix components.css rules of components no page imports
// (volunteer_app/web/radix_unused.js; issue 17).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families, importedNames, keeps } from '../../volunteer_app/web/radix_unused.js';

test('the names a compiled page imports from @radix-ui/themes', () => {
  const code = `import { Button as RadixThemesButton, Callout as RadixThemesCallout,\n Flex as RadixThemesFlex } from "@radix-ui/themes"\nimport { Fragment } from "react"`;
  assert.deepEqual([...importedNames(code)].sort(), ['Button', 'Callout', 'Flex']);
});

test('a rule stays when it names a component in use, its base, or no component', () => {
  const kept = families(new Set(['Button', 'Callout', 'Text']));
  assert.ok(keeps('.rt-Button:where(.rt-variant-solid)', kept));
  assert.ok(keeps('.rt-BaseButton.rt-r-size-1', kept));  // Button's base
  assert.ok(keeps('.rt-CalloutRoot > :where(.rt-CalloutIcon)', kept));
  assert.ok(keeps('.rt-SelectTrigger, .rt-Text', kept));  // one of a list in use
  assert.ok(keeps(':where(.radix-themes) .rt-r-m-2', kept));  // no component named
  assert.ok(!keeps('.rt-SelectTrigger:where(.rt-variant-surface)', kept));
  assert.ok(!keeps('.rt-BaseMenuContent .rt-BaseMenuItem', kept));
  assert.ok(!keeps('.rt-TextFieldRoot:where(:focus-within)', kept));  // TextField's, not Text's
  assert.ok(keeps('.rt-TextFieldRoot', families(new Set(['TextField']))));
});
