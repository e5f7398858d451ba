#!/usr/bin/python3
"""
yaml-json-schema.py: read YAML files as a YAML 1.2 language server does, and
check them against crisis's JSON Schemas (Debian's python3-yaml and
python3-jsonschema).

    yaml-json-schema.py validate SCHEMADIR FILE...

prints one line a file, "FILE<TAB>valid" or "FILE<TAB>invalid<TAB>WHY", and
exits 1 when a file is invalid. The schema is chosen by the file's `kind:`,
as crisis chooses its XSD: crisis-plan.schema.json for pca, pra and anything
it does not know.

    yaml-json-schema.py json FILE OUT

writes the YAML file as JSON (a plan for a JSON Schema validator).

PyYAML implements YAML 1.1, where `2026-09-15` is a date and `yes`, `on` are
booleans; a language server reads YAML 1.2's core schema, where they are
strings. The loader below has the 1.2 core schema's resolvers only: null,
true/false, integers and floats.
"""
import json
import os
import re
import sys

import jsonschema
import yaml


class Core12Loader(yaml.SafeLoader):
    """SafeLoader with the tag resolution of YAML 1.2's core schema."""


Core12Loader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
]:
    Core12Loader.add_implicit_resolver(tag, re.compile(regexp), first)


def construct_int(loader, node):
    v = loader.construct_scalar(node)
    return int(v, 0) if v[:2] in ("0o", "0x") else int(v)


def construct_float(loader, node):
    v = loader.construct_scalar(node).lower()
    if v.endswith("inf"):
        return float("-inf") if v.startswith("-") else float("inf")
    return float("nan") if v == ".nan" else float(v)


def construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


Core12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", construct_bool)

SCHEMAS = {
    "contacts": "crisis-contacts.schema.json",
    "drill": "crisis-drill.schema.json",
    "drill-run": "crisis-drill-run.schema.json",
    "debrief": "crisis-debrief.schema.json",
}


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=Core12Loader)


def check(schemadir, path, validators):
    try:
        data = load(path)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
        return "invalid", "not YAML: " + str(e).replace("\n", " ")
    kind = data.get("kind") if isinstance(data, dict) else None
    name = SCHEMAS.get(kind, "crisis-plan.schema.json") if isinstance(kind, str) else \
        "crisis-plan.schema.json"
    if name not in validators:
        with open(os.path.join(schemadir, name), encoding="utf-8") as f:
            schema = json.load(f)
        validators[name] = jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.draft7_format_checker)
    err = jsonschema.exceptions.best_match(validators[name].iter_errors(data))
    if err is None:
        return "valid", ""
    where = "/".join(str(p) for p in err.absolute_path)
    return "invalid", "%s: %s" % (where or "(root)", err.message)


def main():
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "validate":
        validators, status = {}, 0
        for path in args[2:]:
            verdict, why = check(args[1], path, validators)
            print("%s\t%s%s" % (path, verdict, "\t" + why if why else ""))
            status |= verdict != "valid"
        sys.exit(status)
    if len(args) == 3 and args[0] == "json":
        with open(args[2], "w", encoding="utf-8") as f:
            json.dump(load(args[1]), f, ensure_ascii=False)
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
