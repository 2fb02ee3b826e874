/**
 * The line between the engine (lib/session, the `cartsession` package) and everything else
 * in this repository, held by resolving every import to a path (docs/ARCHITECTURE.md,
 * "Boundaries"): code outside lib/session reaches the engine only through the package's
 * declared entry points, and the engine imports nothing outside its own folder. Static
 * imports, `export … from`, dynamic `import()`, `require()` and `import("…")` types are
 * all checked, whatever the spelling (relative, `@/` alias, absolute, `cartsession/dist`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ENGINE = path.join(ROOT, "lib", "session");
const PACKAGE = "cartsession";
const ENTRIES = new Set(
  Object.keys(JSON.parse(readFileSync(path.join(ENGINE, "package.json"), "utf8")).exports)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? PACKAGE : `${PACKAGE}/${key.slice(2)}`)),
);

const inside = (file, folder) => {
  const relative = path.relative(folder, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

/** The file system path an import specifier names, or null for a package import. */
function resolved(specifier, importer) {
  if (specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..") return path.resolve(path.dirname(importer), specifier);
  if (specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (path.isAbsolute(specifier)) return specifier;
  return null;
}

const ENTRY_LIST = [...ENTRIES].join(", ");

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Keep the demo out of the engine's internals and the engine out of the demo." },
    messages: {
      internals: "'{{specifier}}' reaches into the engine's internals. Use the engine through its package entry points ({{entries}}), exactly as another shop would.",
      unknownEntry: "'{{specifier}}' is not an entry point of the cartsession package. Use one of: {{entries}}.",
      outside: "'{{specifier}}': the engine (lib/session) imports nothing from the demo or the repository around it.",
    },
    schema: [],
  },
  create(context) {
    const importer = path.resolve(context.filename);
    const inEngine = inside(importer, ENGINE);
    const check = (node, specifier) => {
      if (typeof specifier !== "string") return;
      if (specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`)) {
        if (!inEngine && !ENTRIES.has(specifier)) context.report({ node, messageId: "unknownEntry", data: { specifier, entries: ENTRY_LIST } });
        return;
      }
      const target = resolved(specifier, importer);
      if (target === null) return;
      if (!inEngine && inside(target, ENGINE)) context.report({ node, messageId: "internals", data: { specifier, entries: ENTRY_LIST } });
      if (inEngine && !inside(target, ENGINE)) context.report({ node, messageId: "outside", data: { specifier } });
    };
    const literal = (node) => {
      if (!node) return undefined;
      if (node.type === "Literal") return node.value;
      if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked;
      return undefined;
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.argument?.literal ?? node.argument)),
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments.length === 1) check(node, literal(node.arguments[0]));
      },
    };
  },
};

const plugin = { rules: { "engine-boundary": rule } };
export default plugin;
