"""Checks that pandas reads modelwatch's sample export into the expected frame.

Usage: read_sample_export.py EXPORT.csv EXPORT.jsonl EXPECTED.json

EXPECTED.json holds {"columns": [...], "rows": [[...], ...], "dtypes": {column: dtype}}:
the values pandas should see (null for a missing value, times as ISO 8601 strings) and
the dtypes some columns must have. Both files are read the way a user would:
pandas.read_csv(path, parse_dates=["time"]) and
pandas.read_json(path, lines=True, convert_dates=["time"]).
Exits 1 with every difference found, 0 with "ok" when both frames match.
"""
import json
import math
import sys

import pandas as pd


def same(got, want):
    if want is None:
        return got is None or got is pd.NaT or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, bool) or isinstance(got, bool):
        return type(got) is type(want) or (hasattr(got, "item") and got.item() is want)
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and math.isclose(float(got), want, rel_tol=1e-12)
    return got == want


def check(name, frame, expected, problems):
    if list(frame.columns) != expected["columns"]:
        problems.append(f"{name}: columns {list(frame.columns)} != {expected['columns']}")
        return
    if len(frame) != len(expected["rows"]):
        problems.append(f"{name}: {len(frame)} rows, expected {len(expected['rows'])}")
        return
    for column, dtype in expected["dtypes"].items():
        if str(frame[column].dtype) != dtype:
            problems.append(f"{name}: column {column} has dtype {frame[column].dtype}, expected {dtype}")
    times = pd.to_datetime([row[expected["columns"].index("time")] for row in expected["rows"]], utc=True)
    for i, row in enumerate(expected["rows"]):
        for j, column in enumerate(expected["columns"]):
            got = frame.iloc[i, j]
            want = times[i] if column == "time" else row[j]
            if column == "time":
                ok = got == want
            else:
                got = got.item() if hasattr(got, "item") else got
                ok = same(got, want)
            if not ok:
                problems.append(f"{name}: row {i}, column {column}: {got!r} != {want!r}")


def main():
    csv_path, jsonl_path, expected_path = sys.argv[1:4]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    check("csv", pd.read_csv(csv_path, parse_dates=["time"]), expected, problems)
    check("jsonl", pd.read_json(jsonl_path, lines=True, convert_dates=["time"]), expected, problems)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("ok")


main()
