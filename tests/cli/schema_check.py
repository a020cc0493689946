#!/usr/bin/env python3
"""schema_check.py: validate JSON documents against a JSON Schema (draft 2020-12 subset).

Standard library only. Covers the keywords docs/schemas/*.schema.json use: type, properties,
required, additionalProperties, items, minItems, maxItems, enum, const, minimum, oneOf, anyOf
and $ref to "#/$defs/NAME". Any other keyword is an error, so a schema never relies on one
that is silently ignored.

usage: schema_check.py SCHEMA FILE...          one JSON document per file
       schema_check.py --lines SCHEMA FILE...  JSON Lines: every line is a document
Prints each violation as FILE[:LINE]: /json/pointer: message; exit 0 valid, 1 invalid, 2 usage.
"""
import json
import math
import sys

# annotations and structure: accepted, not checked
IGNORED = {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
KNOWN = IGNORED | {"type", "properties", "required", "additionalProperties", "items", "minItems",
                   "maxItems", "enum", "const", "minimum", "oneOf", "anyOf", "$ref"}


class SchemaError(Exception):
    """The schema itself is wrong (an unknown keyword, a dangling $ref)."""


def type_ok(value, name):
    # JSON Schema: an integer is any number with a zero fractional part (1.0 is an integer)
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if name == "number":
        return True
    if name == "integer":
        return isinstance(value, int) or (math.isfinite(value) and value.is_integer())
    raise SchemaError("unknown type '%s'" % name)


def same(a, b):
    # enum/const equality as JSON sees it: true is not 1
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


class Validator:
    def __init__(self, root):
        self.root = root

    def resolve(self, ref):
        if not ref.startswith("#/$defs/"):
            raise SchemaError("unsupported $ref '%s'" % ref)
        defs = self.root.get("$defs", {})
        name = ref[len("#/$defs/"):]
        if name not in defs:
            raise SchemaError("dangling $ref '%s'" % ref)
        return defs[name]

    def errors(self, value, schema, path=""):
        """Every violation of `schema` by `value`, as (pointer, message) pairs."""
        if schema is True:
            return []
        if schema is False:
            return [(path, "no value is allowed here")]
        unknown = set(schema) - KNOWN
        if unknown:
            raise SchemaError("unsupported keyword(s) %s" % ", ".join(sorted(unknown)))
        out = []
        if "$ref" in schema:
            out += self.errors(value, self.resolve(schema["$ref"]), path)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(type_ok(value, t) for t in types):
                return out + [(path, "%s is not of type %s" % (short(value), " | ".join(types)))]
        if "enum" in schema and not any(same(value, e) for e in schema["enum"]):
            out.append((path, "%s is not one of %s" % (short(value), schema["enum"])))
        if "const" in schema and not same(value, schema["const"]):
            out.append((path, "%s is not %s" % (short(value), json.dumps(schema["const"]))))
        if "minimum" in schema and type_ok(value, "number") and value < schema["minimum"]:
            out.append((path, "%s is less than the minimum %s" % (value, schema["minimum"])))
        if isinstance(value, dict):
            props = schema.get("properties", {})
            for key in schema.get("required", []):
                if key not in value:
                    out.append((path, "required key '%s' is missing" % key))
            extra = schema.get("additionalProperties", True)
            for key, v in value.items():
                sub = path + "/" + key.replace("~", "~0").replace("/", "~1")
                if key in props:
                    out += self.errors(v, props[key], sub)
                elif extra is False:
                    out.append((path, "key '%s' is not in the schema" % key))
                else:
                    out += self.errors(v, extra, sub)
        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                out.append((path, "fewer than %d items" % schema["minItems"]))
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                out.append((path, "more than %d items" % schema["maxItems"]))
            if "items" in schema:
                for i, v in enumerate(value):
                    out += self.errors(v, schema["items"], "%s/%d" % (path, i))
        for key in ("oneOf", "anyOf"):
            if key not in schema:
                continue
            results = [self.errors(value, s, path) for s in schema[key]]
            matched = sum(1 for r in results if not r)
            if key == "oneOf" and matched != 1 or key == "anyOf" and matched == 0:
                # report the closest alternative's violations (the fewest), to say what is wrong
                best = min(results, key=len) if matched == 0 else []
                what = "none" if matched == 0 else "%d" % matched
                out.append((path, "%s of the %s alternatives match" % (what, key)))
                out += [(p, "  (closest alternative) " + m) for p, m in best]
        return out


def no_constant(name):
    # NaN and Infinity are not JSON, though Python's parser takes them
    raise ValueError("%s is not JSON" % name)


def short(value):
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def main(argv):
    lines = False
    if argv and argv[0] == "--lines":
        lines = True
        argv = argv[1:]
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        schema = json.load(f)
    v = Validator(schema)
    bad = 0
    for name in argv[1:]:
        with open(name) as f:
            docs = []
            if lines:
                for n, text in enumerate(f, 1):
                    docs.append(("%s:%d" % (name, n), text))
            else:
                docs.append((name, f.read()))
        for where, text in docs:
            try:
                doc = json.loads(text, parse_constant=no_constant)
            except ValueError as e:
                print("%s: not JSON: %s" % (where, e))
                bad += 1
                continue
            try:
                errs = v.errors(doc, schema)
            except SchemaError as e:
                print("%s: schema error: %s" % (argv[0], e))
                return 2
            for p, m in errs:
                print("%s: %s: %s" % (where, p or "/", m))
            bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
