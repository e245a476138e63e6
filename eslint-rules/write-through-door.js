/**
 * `demarc/write-through-door`: SQL that changes data (INSERT, UPDATE, DELETE,
 * REPLACE, and schema changes) is prepared or run only on a connection the
 * write door handed out, so no write can skip the door's file check and the
 * clearing of undo and caches.
 *
 * A statement is allowed when the connection it runs on is:
 * - a parameter, field or constructor parameter typed `WriteConnection`
 *   (only `Collection#write` makes one: `as WriteConnection` is refused
 *   outside the storage floor and collection.ts by the rule below);
 * - the parameter of a callback given to `.write(…)` (the door itself);
 * - typed `ScratchConnection`: a private copy opened with `openScratchCopy`
 *   (an Anki package's collection being defused), never the collection.
 * The storage floor (electron/core/db/) and collection.ts are exempt in the
 * config: they are the door.
 *
 * The SQL is read from a string or template literal at the call, or from a
 * `const` initialised with one in scope; SQL built at run time from anything
 * else is not seen (the rule is a guard against forgetting, not a prover).
 */

const writeSql = /\b(INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE\s+(OR\s+\w+\s+)?["`\w.]+\s+SET|DELETE\s+FROM|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)|CREATE\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIEW)|ALTER\s+TABLE)\b/i;

function literalText(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' ');
  return null;
}

function findVariable(scope, name) {
  for (let s = scope; s; s = s.upper) {
    const found = s.set.get(name);
    if (found) return found;
  }
  return null;
}

/** The SQL text a call passes, following a `const sql = '…'` in scope. */
function sqlOf(node, scope) {
  const direct = literalText(node);
  if (direct !== null) return direct;
  if (node?.type === 'Identifier') {
    const variable = findVariable(scope, node.name);
    const def = variable?.defs[0];
    if (def?.type === 'Variable' && def.parent.kind === 'const') return literalText(def.node.init);
  }
  return null;
}

function typeNames(annotation) {
  const names = [];
  const visit = (t) => {
    if (!t) return;
    if (t.type === 'TSTypeAnnotation') visit(t.typeAnnotation);
    else if (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier') names.push(t.typeName.name);
    else if (t.type === 'TSUnionType' || t.type === 'TSIntersectionType') t.types.forEach(visit);
  };
  visit(annotation);
  return names;
}

/** The two types a data-changing statement may run on: the door's, and a private copy's (electron/core/db/sqlite-file.ts). */
const isWriteConnectionType = (annotation) => typeNames(annotation).some((name) => name === 'WriteConnection' || name === 'ScratchConnection');

/** `openScratchCopy(…)` returns a ScratchConnection: a variable it initialises needs no annotation. */
const isScratchOpener = (node) => node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'openScratchCopy';

/** The parameter node as declared (unwrapping defaults and `private readonly x: T`). */
function paramIdentifier(param) {
  if (param.type === 'TSParameterProperty') return paramIdentifier(param.parameter);
  if (param.type === 'AssignmentPattern') return param.left;
  return param;
}

/** Is the function a callback handed to `.write(…)`? */
function isDoorCallback(fn) {
  const call = fn.parent;
  return (
    call?.type === 'CallExpression' &&
    call.arguments.includes(fn) &&
    call.callee.type === 'MemberExpression' &&
    !call.callee.computed &&
    call.callee.property.name === 'write'
  );
}

function variableIsWritable(variable) {
  for (const def of variable.defs) {
    if (def.type === 'Parameter') {
      const fn = def.node;
      const param = fn.params.find((p) => paramIdentifier(p) === def.name || paramIdentifier(p).name === def.name.name);
      if (param && isWriteConnectionType(paramIdentifier(param).typeAnnotation)) return true;
      if (isDoorCallback(fn)) return true;
    }
    if (def.type === 'Variable' && (isWriteConnectionType(def.name.typeAnnotation) || isScratchOpener(def.node.init))) return true;
  }
  return false;
}

/** `this.db`: a class field or constructor parameter property typed WriteConnection. */
function fieldIsWritable(member) {
  if (member.object.type !== 'ThisExpression' || member.computed) return false;
  const name = member.property.name;
  for (let node = member.parent; node; node = node.parent) {
    if (node.type !== 'ClassBody') continue;
    for (const element of node.body) {
      if (element.type === 'PropertyDefinition' && element.key.name === name) return isWriteConnectionType(element.typeAnnotation);
      if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
        for (const param of element.value.params) {
          if (param.type === 'TSParameterProperty' && paramIdentifier(param).name === name) return isWriteConnectionType(paramIdentifier(param).typeAnnotation);
        }
      }
    }
    return false;
  }
  return false;
}

function connectionIsWritable(node, scope) {
  if (node.type === 'Identifier') {
    const variable = findVariable(scope, node.name);
    return variable ? variableIsWritable(variable) : false;
  }
  if (node.type === 'MemberExpression') return fieldIsWritable(node);
  if (node.type === 'TSAsExpression') return isWriteConnectionType(node.typeAnnotation);
  if (isScratchOpener(node)) return true;
  return false;
}

export const writeThroughDoor = {
  meta: {
    type: 'problem',
    docs: { description: 'Data-changing SQL runs only on a connection handed out by the write door.' },
    schema: [],
    messages: {
      outside:
        'This statement changes the collection outside the write door: take a `WriteConnection` (from `collection.write(db => …)`) instead of a plain connection.',
      cast: 'Only the write door makes a WriteConnection (and openScratchCopy a ScratchConnection): call `collection.write(db => …)` instead of casting.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      CallExpression(node) {
        let connection = null;
        let sqlNode = null;
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && ['prepare', 'exec'].includes(callee.property.name)) {
          connection = callee.object;
          sqlNode = node.arguments[0];
        } else if (callee.type === 'Identifier' && callee.name === 'cached') {
          connection = node.arguments[0];
          sqlNode = node.arguments[1];
        }
        if (!connection || !sqlNode) return;
        const scope = sourceCode.getScope(node);
        const sql = sqlOf(sqlNode, scope);
        if (sql === null || !writeSql.test(sql)) return;
        if (!connectionIsWritable(connection, scope)) context.report({ node, messageId: 'outside' });
      },
      TSAsExpression(node) {
        if (isWriteConnectionType(node.typeAnnotation)) context.report({ node, messageId: 'cast' });
      },
    };
  },
};

export default { rules: { 'write-through-door': writeThroughDoor } };
