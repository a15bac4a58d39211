#!/usr/bin/env python3
"""Adds or updates texts in O2O's .resx files, every language at once, keeping entries sorted by key.

  tools/localization/resx.py merge texts.json
  tools/localization/resx.py show src/O2O.Web/Localization/Storefront.resx

texts.json:
  {"file": "src/O2O.Web/Localization/Storefront.resx",
   "texts": {"Cart_Empty": {"comment": "cart page, no lines", "en": "Your cart is empty.", "fr": "Votre panier est vide.", ...}}}

"en" goes to the neutral file (Storefront.resx), every other language to Storefront.<lang>.resx (created if missing).
A key given as null is removed from every language.
"""
import json, os, sys
import xml.etree.ElementTree as ET

LANGS = ["en", "fr", "de", "pt", "fi", "id", "ar", "ru"]
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def path_for(neutral, lang):
    return neutral if lang == "en" else neutral[: -len(".resx")] + "." + lang + ".resx"


def read(path):
    entries = {}
    if not os.path.exists(path):
        return entries
    for data in ET.parse(path).getroot().findall("data"):
        value = data.find("value")
        comment = data.find("comment")
        entries[data.get("name")] = (value.text or "" if value is not None else "", comment.text if comment is not None else None)
    return entries


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(path, entries):
    out = [HEADER]
    for key in sorted(entries, key=str.lower):
        value, comment = entries[key]
        line = f'  <data name="{esc(key)}" xml:space="preserve"><value>{esc(value)}</value>'
        if comment:
            line += f"<comment>{esc(comment)}</comment>"
        out.append(line + "</data>\n")
    out.append("</root>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def merge(spec_path):
    spec = json.load(open(spec_path, encoding="utf-8"))
    neutral = spec["file"]
    for lang in LANGS:
        path = path_for(neutral, lang)
        entries = read(path)
        for key, texts in spec["texts"].items():
            if texts is None:
                entries.pop(key, None)
                continue
            if lang not in texts:
                continue
            comment = texts.get("comment") if lang == "en" else None
            entries[key] = (texts[lang], comment)
        write(path, entries)


def show(neutral):
    all_langs = {lang: read(path_for(neutral, lang)) for lang in LANGS}
    for key in sorted(all_langs["en"], key=str.lower):
        print(key)
        for lang in LANGS:
            print(f"  {lang}: {all_langs[lang].get(key, ('<missing>', None))[0]}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("merge", "show"):
        print(__doc__)
        sys.exit(2)
    (merge if sys.argv[1] == "merge" else show)(sys.argv[2])
