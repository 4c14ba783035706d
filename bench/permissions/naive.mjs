// The baseline: what one writes first. Normalise the resource with a few regular expressions,
// then test it against one regular expression per template, every time, in table order, and keep
// the most specific match (literal segments beat placeholders, from the left).

const serviceRoot = /^https?:\/\/[^/]+\/(?:v1\.0|beta)(?=\/|$)/i;
const keySyntax = /\(\s*'?((?:[^'()]|'')*?)'?\s*\)/g;

/** Compiles templates (`{ template, rule }`) into per-template regular expressions. */
export function compileNaive(entries) {
  return entries.map(({ template, rule }) => {
    const segments = template.split('/');
    const source = segments
      .map((segment) => (segment.startsWith('{') ? '[^/]+' : escapeRegExp(segment)))
      .join('/');
    const specificity = segments.map((segment) => (segment.startsWith('{') ? '0' : '1')).join('');
    return { pattern: new RegExp(`^${source}$`, 'i'), specificity, template, rule };
  });
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalise(resource) {
  let path = resource.trim().replace(serviceRoot, '');
  const query = path.indexOf('?');
  if (query >= 0) path = path.slice(0, query);
  path = path.replace(keySyntax, (_, key) => `/${decodeURIComponent(key)}`);
  path = path.replace(/\/{2,}/g, '/').replace(/^\/|\/$/g, '');
  return path.replace(/^me(?=\/|$)/i, 'users/me');
}

/** The rules of the most specific templates that match, or undefined. */
export function resolveNaive(compiled, resource) {
  const path = normalise(resource);
  let best;
  let rules = [];
  for (const entry of compiled) {
    if (!entry.pattern.test(path)) continue;
    if (best === undefined || entry.specificity > best) {
      best = entry.specificity;
      rules = [entry.rule];
    } else if (entry.specificity === best && !rules.includes(entry.rule)) {
      rules.push(entry.rule);
    }
  }
  return rules.length > 0 ? rules : undefined;
}

/** Evaluates claims against naively resolved rules for reauthorize: accepted and matched. */
export function evaluateNaive(compiled, claims, resource) {
  const rules = resolveNaive(compiled, resource);
  if (!rules) return undefined;
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  const personal = claims.tid === '9188040d-6c67-4c5b-b112-36a304b66dad';
  const type =
    scopes.length > 0 ? (personal ? 'delegatedPersonal' : 'delegatedWork') : 'application';
  const held = new Set(
    (scopes.length > 0 ? scopes : (claims.roles ?? [])).map((n) => n.toLowerCase()),
  );

  const rule = rules.find((candidate) => candidate.permissions[type].supported) ?? rules[0];
  const cell = rule.permissions[type];
  const accepted = cell.supported ? cell.permissions.map(({ name }) => name) : [];
  const matched = accepted.find((name) => held.has(name.toLowerCase()));
  return { accepted: matched !== undefined, matched };
}
