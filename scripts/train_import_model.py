"""Make offerprint/data/import_model.json: the classifier import uses to tell what a section of a
report is about (offerprint/importer/classifier.py says how it is used).

    .venv/bin/python scripts/train_import_model.py [--cv] [--without-tune] [-o PATH]

It learns from labelled sections of real reports: the bank (tests/corpus/bank/: headings and the
start of their text, labelled by hand) and the import corpus's **tune half** only; and from the
question sets' own wording (each question and prompt, filed under its concept). The corpus's
test half is never read here: it measures import, so nothing import knows may come from it.
scikit-learn is needed here only; the model is written as plain JSON read with the standard
library. The same data always gives the same file (fixed solver, sorted keys, rounded weights).

--cv prints the accuracy of concepts by report-grouped cross-validation for a few strengths of
regularisation (the figure to choose C by). --without-tune learns from the bank alone (to tune
how import weighs the model on the tune half without the model having seen it).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))

import make_corpus  # noqa: E402

from offerprint.importer.classifier import (  # noqa: E402
    MODEL_FILE, body_features, concept, heading_features, unit_tfidf)
from offerprint.importer.matching import FIELD_TARGETS  # noqa: E402
from offerprint.questions import get_question_set, question_sets  # noqa: E402

BANK = ROOT / "tests" / "corpus" / "bank"
C = 4.0  # chosen by --cv
MIN_DF = 2
KEEP = 0.05  # weights smaller than this change no decision; leaving them out keeps the file small
HEADINGS = {"h1", "h2", "h3", "h4", "bold"}


def labels() -> list[str]:
    return [q.id for q in get_question_set("se7-parent").questions] + [t.id for t in FIELD_TARGETS] + ["own"]


def corpus_sections(report: dict) -> list[tuple[str, str, str]]:
    """(heading, text under it, expected id) of each labelled heading of a corpus report."""
    found: list[tuple[str, str, str]] = []
    current: list | None = None
    for block in report["blocks"]:
        kind, value = block["kind"], block["value"]
        if kind == "table" and block["heading_in_table"] and block["expect"]:
            wanted = block["expect"] if isinstance(block["expect"], list) else [block["expect"]]
            for row, want in zip(value[1:], wanted):
                if want:
                    found.append((make_corpus.plain(row[0]), " ".join(make_corpus.plain(c) for c in row[1:]), want))
            current = None
        elif kind in HEADINGS or kind == "title":
            current = [make_corpus.plain(value), [], block["expect"]] if block["expect"] else None
            if current:
                found.append(current)  # its text is filled in below, as the blocks come
        elif current is not None:
            if kind in ("ul", "ol"):
                current[1].extend(make_corpus.plain(t) for _, t in make_corpus._items(value))
            elif kind == "table":
                current[1].extend(" ".join(make_corpus.plain(c) for c in row) for row in value)
            elif kind == "lines":
                current[1].extend(make_corpus.plain(x) for x in value)
            else:
                current[1].append(make_corpus.plain(value))
    return [(h, " ".join(body) if isinstance(body, list) else body, want) for h, body, want in found]


def examples(with_tune: bool = True) -> list[tuple[str, str, str, str]]:
    """(group, heading, text, concept) of every labelled section the model may learn from."""
    rows = []
    for path in sorted(BANK.glob("*.yaml")):
        school = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in school.get("sections") or []:
            if section.get("heading") and section.get("expect"):
                rows.append((f"bank:{path.stem}", str(section["heading"]), str(section.get("text") or ""),
                             concept(str(section["expect"]))))
    # The question sets' own wording (each question and its prompts, as a heading with no text):
    # the questions reports reach last, which stored pages seldom show, are learnt from it too.
    for set_id, qset in question_sets().items():
        for question in qset.questions:
            for wording in (question.question, *question.prompts):
                rows.append((f"set:{set_id}", wording, "", concept(question.id)))
    if with_tune:
        for path in sorted(make_corpus.REPORTS.glob("*.yaml")):
            if make_corpus.half(path.stem) != "tune":
                continue  # the test half only measures
            for heading, body, want in corpus_sections(make_corpus.load(path)):
                rows.append((f"corpus:{path.stem}", heading, body, concept(want)))
    known = set(labels())
    unknown = sorted({r[3] for r in rows} - known)
    if unknown:
        raise SystemExit(f"labels that are no concept: {unknown} (see offerprint/importer/classifier.py CONCEPT)")
    return rows


def idf_of(rows) -> dict[str, float]:
    df: Counter = Counter()
    for _, heading, body, _ in rows:
        df.update(set(heading_features(heading)) | set(body_features(body)))
    n = len(rows)
    return {f: math.log((1 + n) / (1 + d)) + 1 for f, d in df.items() if d >= MIN_DF}


def matrix(rows, idf: dict[str, float]):
    from scipy.sparse import csr_matrix

    columns = {f: i for i, f in enumerate(sorted(idf))}
    data, indices, pointers = [], [], [0]
    for _, heading, body, _ in rows:
        row: dict[int, float] = {}
        for part in (heading_features(heading), body_features(body)):
            for feature, value in unit_tfidf(part, idf).items():
                row[columns[feature]] = value
        indices.extend(row)
        data.extend(row.values())
        pointers.append(len(indices))
    return csr_matrix((data, indices, pointers), shape=(len(rows), len(columns))), columns


def fit(rows, c: float = C):
    from sklearn.linear_model import LogisticRegression

    idf = idf_of(rows)
    x, columns = matrix(rows, idf)
    classifier = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    classifier.fit(x, [r[3] for r in rows])
    return classifier, idf, columns


def as_json(classifier, idf, columns) -> dict:
    names = list(classifier.classes_)
    weights: dict[str, list] = {}
    for feature, column in columns.items():
        kept = [[names.index(label), round(float(classifier.coef_[i, column]), 3)]
                for i, label in enumerate(names) if abs(classifier.coef_[i, column]) >= KEEP]
        if kept:
            weights[feature] = kept
    return {"labels": names, "idf": {f: round(v, 4) for f, v in idf.items() if f in weights},
            "weights": weights, "intercept": [round(float(b), 4) for b in classifier.intercept_]}


def cross_validate(rows, strengths=(0.5, 1.0, 2.0, 4.0, 8.0, 16.0), folds: int = 5) -> None:
    from offerprint.importer.classifier import Model

    groups = sorted({r[0] for r in rows})
    for c in strengths:
        right = 0
        for k in range(folds):
            held = {g for i, g in enumerate(groups) if i % folds == k}
            train = [r for r in rows if r[0] not in held]
            model = Model(as_json(*fit(train, c)))
            for _, heading, body, want in (r for r in rows if r[0] in held):
                probabilities = model.probabilities(heading, body)
                right += max(probabilities, key=probabilities.get) == want
        print(f"C={c:<5} concept right {right / len(rows):.1%} of {len(rows)} sections")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--without-tune", action="store_true")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "offerprint" / MODEL_FILE)
    args = parser.parse_args()
    rows = examples(with_tune=not args.without_tune)
    print(f"{len(rows)} labelled sections from {len({r[0] for r in rows})} reports; "
          + ", ".join(f"{k} {v}" for k, v in Counter(r[3] for r in rows).most_common()))
    if args.cv:
        cross_validate(rows)
        return
    text = json.dumps(as_json(*fit(rows)), sort_keys=True, separators=(",", ":")) + "\n"
    temp = args.output.with_suffix(".tmp")
    temp.write_text(text, encoding="utf-8")
    temp.replace(args.output)
    print(f"wrote {args.output} ({len(text) // 1024} KB)")


if __name__ == "__main__":
    main()
