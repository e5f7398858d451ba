#!/usr/bin/python3
"""
json-schema.py: the JSON Schemas for editors, made from the XSDs and the
file-format man pages, so that neither the keys nor their help are kept twice.

    /usr/bin/python3 tests/schemas/json-schema.py OUTDIR

writes OUTDIR/crisis-plan.schema.json (pca, pra), crisis-contacts.schema.json,
crisis-drill.schema.json, crisis-drill-run.schema.json and
crisis-debrief.schema.json (`make json-schemas` writes them into schemas/;
tests/cli/test-json-schema.sh checks that the committed files are these).

The schemas describe the YAML as a YAML 1.2 language server reads it: the
structure, required keys, enumerations and patterns come from the XSD; an
element typed from xs:integer is a JSON integer, from xs:boolean a boolean,
from xs:decimal a number, anything else a string (a text may also be a
number: crisis reads `target: 95` as the text "95"). Each key's description
is its entry in crisis-plan(5), crisis-drill(5) or crisis-debrief(5), or the
description of its kind of value there. Only the standard library is used.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

XS = "{http://www.w3.org/2001/XMLSchema}"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Which XSD type each man page section describes (its title's first word).
SECTIONS = {
    "crisis-plan.5": {
        "plan": "plan", "review": "review", "exercise": "exercise",
        "activation": "activation", "contacts": "contact", "cell": "role",
        "scenarios": "scenario", "activities": "activity",
        "escalation": "escalationLevel", "communication": "communication",
        "procedures": "procedure", "exit": "exit", "shared": "contactsFile",
    },
    "crisis-drill.5": {
        "drill": "drill", "injects": "inject", "expect": "expectation",
        "record": "drillRun", "participants": "participant", "events": "event",
        "objectives": "result", "outcomes": "outcome",
    },
    "crisis-debrief.5": {
        "debrief": "debrief", "about": "about", "timeline": "moment",
        "decisions": "decision", "lessons": "lesson", "actions": "action",
    },
}

DURATION = r"P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME = DATE + r"T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"

# What JSON Schema can say that the XSD leaves to crisis's own checks.
EXTRA = {
    # A debrief's time is a duration (the XSD says only P.+), a date, or a date and time.
    ("crisis-debrief.xsd", "when"): {
        "type": "string",
        "pattern": "^(?:" + DURATION + "|" + DATE +
        r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)$",
    },
    # A debrief is about a drill run or a crisis, exactly one.
    ("crisis-debrief.xsd", "about"): {
        "oneOf": [{"required": ["drill_run"]}, {"required": ["crisis"]}],
    },
}

# (output, XSD, root type, title, man page)
FILES = [
    ("crisis-plan.schema.json", "crisis-plan.xsd", "plan",
     "crisis plan (kind: pca or pra), crisis/v1", "crisis-plan.5"),
    ("crisis-contacts.schema.json", "crisis-plan.xsd", "contactsFile",
     "crisis shared contacts (contacts.yaml, kind: contacts), crisis/v1", "crisis-plan.5"),
    ("crisis-drill.schema.json", "crisis-drill.xsd", "drill",
     "crisis drill (kind: drill), crisis/v1", "crisis-drill.5"),
    ("crisis-drill-run.schema.json", "crisis-drill.xsd", "drillRun",
     "crisis drill run record (kind: drill-run), crisis/v1", "crisis-drill.5"),
    ("crisis-debrief.schema.json", "crisis-debrief.xsd", "debrief",
     "crisis debrief (kind: debrief), crisis/v1", "crisis-debrief.5"),
]

# ---------------------------------------------------------------- man pages

ESCAPES = [
    (r"\(aq", "'"), (r"\(em", "\u2014"), (r"\(en", "\u2013"), (r"\(sc", "\u00a7"),
    (r"\(lq", "\u201c"), (r"\(rq", "\u201d"), (r"\(bu", "\u2022"), (r"\-", "-"),
    (r"\~", " "), (r"\&", ""), (r"\|", ""), (r"\fI", ""), (r"\fB", ""),
    (r"\fR", ""), (r"\fP", ""), (r"\e", "\\"),
]


def unescape(s):
    s = re.sub(r"\\\[u([0-9A-F]{4})\]", lambda m: chr(int(m.group(1), 16)), s)
    for a, b in ESCAPES:
        s = s.replace(a, b)
    return s


def macro_args(rest):
    """The arguments of a request line, quotes honoured."""
    return [a[1:-1] if a.startswith('"') else a
            for a in re.findall(r'"[^"]*"|\S+', rest)]


def line_text(line):
    """One line of a man page as plain text, None for a request that is not text."""
    if not line.startswith("."):
        return unescape(line)
    m = re.match(r"\.([A-Z]{1,2})\s*(.*)", line)
    if not m or m.group(1) not in ("B", "I", "BR", "IR", "RB", "RI", "BI", "IB"):
        return None
    args = macro_args(m.group(2))
    return unescape(" ".join(args) if m.group(1) in ("B", "I") else "".join(args))


def first_sentence(text):
    """The first sentence of a man page entry: a short help for an editor's hover."""
    text = re.sub(r"\s+", " ", text).strip()
    m = re.match(r"(.+?[^.]\.)(\s|$)", text)
    return m.group(1) if m else text


def man_keys(path, sections):
    """{xsd type: {key: description}} and {value kind: description} of a man page."""
    keys, values = {}, {}
    section = None      # the type described, or "VALUES"
    entry, body = None, []
    nested = 0
    lines = open(path, encoding="utf-8").read().split("\n")

    def close():
        if entry and body and section:
            text = first_sentence(" ".join(body))
            for k in entry:
                if section == "VALUES":
                    values.setdefault(k, text)
                else:
                    keys.setdefault(section, {}).setdefault(k, text)

    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith(".RS"):
            nested += 1
            continue
        if line.startswith(".RE"):
            nested -= 1
            continue
        if nested:
            continue
        m = re.match(r"\.(SH|SS)\s+(.*)", line)
        if m:
            close()
            entry, body = None, []
            title = unescape(" ".join(macro_args(m.group(2)))).lower()
            word = re.split(r"[^a-z_-]", title)[0]
            if m.group(1) == "SH":
                # What a kind of value is, and what an id refers to.
                section = "VALUES" if title in ("values", "references") else sections.get(word)
            else:
                section = sections.get(word)
            continue
        if line.startswith(".TP"):
            close()
            tag = line_text(lines[i]) if i < len(lines) else None
            i += 1
            entry = None
            if tag:
                tag = tag.replace("(required)", "")
                entry = [k.strip() for k in tag.split(",") if k.strip()]
            body = []
            continue
        if line.startswith((".PP", ".SH", ".EX", ".IP")):
            close()
            entry, body = None, []
            continue
        t = line_text(line)
        if t is not None and entry is not None:
            body.append(t)
    close()
    return keys, values


# ---------------------------------------------------------------- XSDs

def local(name):
    return name.split(":", 1)[1] if name.startswith("xs:") else None


class Xsd:
    def __init__(self, path):
        self.name = os.path.basename(path)
        tree = ET.parse(path).getroot()
        self.simple = {t.get("name"): t for t in tree.findall(XS + "simpleType")}
        self.complex = {t.get("name"): t for t in tree.findall(XS + "complexType")}

    def doc(self, ctype):
        d = self.complex[ctype].find(XS + "annotation/" + XS + "documentation")
        return d.text.strip() if d is not None and d.text else None

    def simple_schema(self, tname):
        """The JSON Schema of a simple type, and whether an empty value passes it."""
        builtin = local(tname)
        if builtin:
            return builtin_schema(builtin, [])
        if (self.name, tname) in EXTRA:
            return dict(EXTRA[(self.name, tname)]), False
        r = self.simple[tname].find(XS + "restriction")
        base = r.get("base")
        facets = [(f.tag[len(XS):], f.get("value")) for f in r]
        if local(base) is None:
            s, empty = self.simple_schema(base)
            return dict(s), empty
        return builtin_schema(local(base), facets)

    def accepts_empty(self, ctype):
        """An empty element (`key:` with no value) is valid for this complex type."""
        t = self.complex[ctype]
        seq = t.find(XS + "sequence")
        if seq is not None:
            return seq.find(XS + "element").get("minOccurs") == "0"
        return all(e.get("minOccurs") == "0" for e in t.find(XS + "all"))


INTEGERS = {"integer": None, "positiveInteger": 1, "nonNegativeInteger": 0}


def builtin_schema(base, facets):
    """A restriction of an XML Schema built-in type as JSON Schema; (schema, accepts empty)."""
    s = {}
    empty = False
    if base in INTEGERS:
        s["type"] = "integer"
        if INTEGERS[base] is not None:
            s["minimum"] = INTEGERS[base]
    elif base == "decimal":
        s["type"] = "number"
    elif base == "boolean":
        s["type"] = "boolean"
    elif base == "duration":
        s.update(type="string", pattern="^" + DURATION + "$")
    elif base == "date":
        s.update(type="string", pattern="^" + DATE + "$", format="date")
    elif base == "dateTime":
        s.update(type="string", pattern="^" + DATETIME + "$")
    else:
        s["type"] = "string"
        empty = True
    enum = [v for f, v in facets if f == "enumeration"]
    for f, v in facets:
        if f == "pattern" and base == "string":
            s["pattern"] = "^(?:" + v + ")$" if "|" in v else "^" + v + "$"
            empty = False
        elif f == "minLength":
            s["minLength"] = int(v)
            empty = empty and int(v) == 0
        elif f == "minInclusive":
            s["minimum"] = int(v)
        elif f == "maxInclusive":
            s["maximum"] = int(v)
        elif f == "minExclusive":
            s["exclusiveMinimum"] = int(v)
    if enum:
        s = {"type": "string", "enum": enum}
        empty = False
    if s.get("type") == "string" and "pattern" not in s and "enum" not in s:
        # A text: YAML reads `target: 95` as a number, crisis as the text "95".
        s["type"] = ["string", "number"]
    return s, empty


class Maker:
    def __init__(self, xsd, keys, values):
        self.xsd, self.keys, self.values = xsd, keys, values

    def describe(self, ctype, key, etype):
        d = self.keys.get(ctype, {}).get(key)
        # An entry that only names its kind of value ("text.") says what that is.
        bare = re.match(r"^([a-z-]+)\.$", d or "")
        if bare and bare.group(1) in self.values:
            d = bare.group(1) + ": " + self.values[bare.group(1)]
        if not d and etype in self.xsd.complex:
            d = self.xsd.doc(etype)
        if not d:
            d = self.values.get(etype)
        return d

    def element(self, etype):
        if local(etype) or etype in self.xsd.simple:
            s, empty = self.xsd.simple_schema(etype)
        else:
            s, empty = self.complex(etype), self.xsd.accepts_empty(etype)
        if empty:
            # `key:` with nothing after it is an empty element, which the XSD accepts.
            t = s.get("type")
            s["type"] = (t if isinstance(t, list) else [t]) + ["null"]
        return s

    def complex(self, ctype):
        t = self.xsd.complex[ctype]
        seq = t.find(XS + "sequence")
        if seq is not None:
            item = seq.find(XS + "element")
            s = {"type": "array", "items": self.element(item.get("type"))}
            if item.get("minOccurs") != "0":
                s["minItems"] = 1
            return s
        props, required = {}, []
        for e in t.find(XS + "all"):
            name, etype = e.get("name"), e.get("type")
            p = {}
            d = self.describe(ctype, name, etype)
            if d:
                p["description"] = d
            p.update(self.element(etype))
            props[name] = p
            if e.get("minOccurs") != "0":
                required.append(name)
        s = {"type": "object", "properties": props}
        if required:
            s["required"] = required
        s["additionalProperties"] = False
        s.update(EXTRA.get((self.xsd.name, ctype), {}))
        return s


def make(out, xsd_name, root, title, man):
    xsd = Xsd(os.path.join(ROOT, "schemas", xsd_name))
    keys, values = man_keys(os.path.join(ROOT, "man", man), SECTIONS[man])
    body = Maker(xsd, keys, values).complex(root)
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "description": (xsd.doc(root) or title) +
        " Made from schemas/" + xsd_name + " and " + man.replace(".5", "(5)") +
        ": the XSD is the reference; crisis also checks references between ids.",
    }
    schema.update(body)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: json-schema.py OUTDIR")
    for out, xsd_name, root, title, man in FILES:
        text = make(out, xsd_name, root, title, man)
        path = os.path.join(sys.argv[1], out)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)


if __name__ == "__main__":
    main()
