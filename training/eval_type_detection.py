"""``contractreview eval type-detection``: is each adverse clause of a pair set recognised as
its risk type at all?

The effect-pairs score (``eval effect-pairs``) mixes three things: whether the clause is seen to
be about its risk type, whose right or duty it is, and what level the playbook gives it. This
measures the first alone: for each side-scoring of a pair, the adverse text is put into its
frame and segmented as the app does, and the type counts as detected when the effect reader
(:func:`contractreview.analysis.effect.clause_effect.read`) returns a reading of the pair's
risk type for one of the text's segments. Three ways: the reader with its topic cues alone
(the learned detector switched off), as shipped (cues or the learned detector), and the
learned detector alone (does it name the type for the text). Printed as one ``OVERALL`` line
each (plus per-type lines with ``--per-type``, never for a held-out set).

No clause model is run: the reader is what decides detection (the model's labels only pick
the rules that are tried first), so this is quick.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contractreview.analysis.playbook import Playbook

# the pair files' type -> the playbook's clause rule (and the effect reader's risk type)
PAIR_RULE = {
    "assignment": "assignment",
    "audit_rights": "audit_rights",
    "auto_renewal": "renewal",
    "change_of_control": "change_of_control",
    "confidentiality": "confidentiality",
    "data_use": "data_use",
    "deemed_acceptance": "deemed_acceptance",
    "dispute_waivers": "dispute_waiver",
    "exclusivity": "exclusivity",
    "ip_ownership": "ip_assignment",
    "liability_cap": "liability_cap",
    "most_favoured_nation": "most_favored_nation",
    "non_compete": "non_compete",
    "non_solicit": "non_solicit",
    "prepayment_non_refundable": "prepayment",
    "price_changes": "price_change",
    "suspension": "suspension",
    "termination_cause": "termination_for_convenience",
    "termination_for_convenience": "termination_for_convenience",
    "third_party_beneficiaries": "third_party_beneficiary",
    "uncapped_or_one_sided_indemnity": "indemnity",
    "unilateral_changes": "unilateral_change",
    "warranty_disclaimer": "warranty_disclaimer",
}


@lru_cache(maxsize=1)
def _playbook() -> Playbook:
    from contractreview.analysis.playbook import load_playbook

    return load_playbook()


def detected(frame: Any, text: str, rule: str, side: str) -> bool:
    """Whether the effect reader reads ``text`` (in its frame, at ``side``) as ``rule``."""
    from contractreview.analysis.effect.clause_effect import read
    from contractreview.analysis.effect.risk_types import BY_ID
    from contractreview.analysis.effect.roles import PartyIndex
    from contractreview.analysis.segmenter import segment_document
    from contractreview.analysis.terms.extractor import extract_terms
    from contractreview.docx.document import document_from_text

    playbook = _playbook()
    segments = segment_document(document_from_text(frame.contract(text)))
    terms = {t.name: t for t in extract_terms(segments)}
    party_term = terms.get("parties")
    parties = PartyIndex.build(party_term.normalized if party_term else None, side,
                               playbook.sides.get(side))  # fmt: skip
    rtype = BY_ID[rule]
    return any(read(s.text, rtype, parties, s.id) for s in segments if s.text and s.text in text)


MODES = ("cues", "cues+model", "model alone")


def evaluate(folder: Path) -> dict[str, dict[str, list[int]]]:
    """{mode: {pair type: [detected, adverse texts]}} over every scored side of every pair:
    the effect reader with its topic cues alone, with the learned detector too (as shipped),
    and whether the learned detector alone finds the type."""
    from contractreview.analysis.effect.type_model import detected_types, switched_off
    from contractreview_training.eval_effect import Frame, load_set

    pair_files, _ = load_set(folder)
    out: dict[str, dict[str, list[int]]] = {m: defaultdict(lambda: [0, 0]) for m in MODES}
    for data in pair_files:
        frame = Frame(data["frame"]["title"], tuple(data["frame"]["parties"]))
        rule = PAIR_RULE.get(data["type"])
        if rule is None:
            continue
        for pair in data.get("pairs", []):
            for side, which in (pair.get("adverse") or {}).items():
                if which not in ("a", "b"):
                    continue
                text = pair[which]
                with switched_off():
                    cues = detected(frame, text, rule, side)
                hits = {"cues": cues, "cues+model": detected(frame, text, rule, side),
                        "model alone": rule in detected_types(text)}  # fmt: skip
                for mode, hit in hits.items():
                    t = out[mode][data["type"]]
                    t[0] += hit
                    t[1] += 1
    return {m: dict(v) for m, v in out.items()}


def run_eval_type_detection(args: argparse.Namespace) -> int:
    from contractreview_training.eval_effect import SETS_DIR

    folder = Path(args.set) if Path(args.set).is_dir() else SETS_DIR / args.set
    if not folder.is_dir():
        print(f"No pair set at {folder}", file=sys.stderr)
        return 2
    report = evaluate(folder)
    if args.per_type and "heldout" not in folder.name:
        print(f"{'type':32}" + "".join(f"{m:>18}" for m in MODES))
        for t in sorted(report[MODES[0]]):
            cells = [report[m][t] for m in MODES]
            print(f"{t:32}" + "".join(f"{ok:>8}/{n:<4}{ok / n:>6.0%}" for ok, n in cells))
    for m in MODES:
        ok = sum(v[0] for v in report[m].values())
        n = sum(v[1] for v in report[m].values())
        print(f"{'OVERALL type detected':24}{m:14}{ok:>5}/{n:<4}{ok / max(1, n):>7.1%}")
    return 0
