"""Write newsbot/classify/data/china_divisions.tsv: the prefecture- and county-level divisions of China
outside Shanxi (GB/T 2260 codes and names), from the ``adcodes.csv`` of cpca 0.5.5 (MIT licence).

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl 'cpca/resources/*'
    python tools/make_china_divisions.py cpca/resources/adcodes.csv

The classifier reads their names as places elsewhere (evidence against Shanxi, and the start of an
institution's name: 公布|揭阳市妇幼保健院). Which names it skips (common words, names under three
characters) is decided in rules/regions.toml ``[foreign]``, not here.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "newsbot" / "classify" / "data" / "china_divisions.tsv"
NOT_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("adcodes", type=Path, help="cpca's resources/adcodes.csv")
    args = parser.parse_args(argv)
    rows = []
    with args.adcodes.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if code.startswith("14") or code.endswith("0000") or name in NOT_NAMES:
                continue  # Shanxi has its own list; provinces are in rules/regions.toml
            rows.append((code, name, "prefecture" if code.endswith("00") else "county"))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Prefecture- and county-level divisions of China outside Shanxi (cpca 0.5.5 adcodes.csv, MIT licence,\n"
                 "# codes of about 2020). Made by tools/make_china_divisions.py; see SOURCE.md.\n")
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "name", "level"])
        writer.writerows(rows)
    print(f"{len(rows)} divisions -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
