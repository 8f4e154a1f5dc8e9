/** Automated accessibility checks (axe-core) on a mounted element, shadow roots included. */
import axe from 'axe-core';

/** Fails with every violation axe finds in `element`, each with the offending nodes. */
export async function expectNoA11yViolations(element: Element): Promise<void> {
  const results = await axe.run(element, { resultTypes: ['violations'], rules: { region: { enabled: false } } });
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  if (violations.length > 0) throw new Error(`accessibility violations:\n${violations.join('\n')}`);
}
