#!/usr/bin/env python3
"""Write the boundary files modellvarde embeds from the raw downloads.

Usage: python3 prepare.py RAW_KOMMUNER_DIR RAW_STADSDELAR_DIR

What it does (nothing else): keeps each feature's geometry, rounds every
coordinate to 5 decimals (about 1 m; the upstream simplification moves lines by
hundreds of metres), and keeps only the properties the map reads. Standard
library only; the output is deterministic (sorted by id, fixed separators).
"""
import json
import sys
from pathlib import Path


def rnd(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [rnd(c) for c in coords]


def write(features, out):
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # One feature per line keeps diffs readable.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    Path(out).write_text(text + "\n", encoding="utf-8")


def main(kommuner_dir, stadsdelar_dir):
    here = Path(__file__).parent
    src = json.loads((Path(kommuner_dir) / "swedish_municipalities.geojson").read_text("utf-8"))
    feats = []
    for f in src["features"]:
        p = f["properties"]
        g = f["geometry"]
        feats.append({
            "type": "Feature",
            "properties": {"id": p["id"], "name": p["kom_namn"], "county": p["lan_code"]},
            "geometry": {"type": g["type"], "coordinates": rnd(g["coordinates"])},
        })
    feats.sort(key=lambda f: f["properties"]["id"])
    write(feats, here / "kommuner.geojson")

    src = json.loads((Path(stadsdelar_dir) / "stadsdelar_simplified.geo.json").read_text("utf-8"))
    feats = []
    for f in src["features"]:
        g = f["geometry"]
        feats.append({
            "type": "Feature",
            "properties": {"name": f["properties"]["name"]},
            "geometry": {"type": g["type"], "coordinates": rnd(g["coordinates"])},
        })
    feats.sort(key=lambda f: f["properties"]["name"])
    write(feats, here / "stockholm-stadsdelar.geojson")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
