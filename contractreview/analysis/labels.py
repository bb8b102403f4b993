"""What a lawyer calls things, in one place for the exports, the CLI and the GUI:

- a clause by its reference ("9.1(a)", "Clause 12(a)", a table row, "Cover page"),
- a clause type or a playbook rule by its name ("Right of first refusal / offer / negotiation",
  never "Rofr/Rofo/Rofn" or ``governing_law_outside_accepted``),
- a risk level by what it rests on ("Medium — playbook: Termination for convenience (model
  confidence 31%)"): the level comes from the playbook; a model score is only the model's
  confidence that the clause is of that type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from contractreview.analysis.results import (
    AnalysisResult,
    Finding,
    Reason,
    ReasonSource,
    RiskLevel,
    SegmentResult,
)

# The clause model's labels: CUAD's 41 categories and UNFAIR-ToS's 8 types.
TYPE_NAMES: dict[str, str] = {
    "Document Name": "Title of the agreement",
    "Parties": "Parties",
    "Agreement Date": "Agreement date",
    "Effective Date": "Effective date",
    "Expiration Date": "Expiry date",
    "Renewal Term": "Renewal term",
    "Notice Period to Terminate Renewal": "Notice to stop a renewal",
    "Governing Law": "Governing law",
    "Most Favored Nation": "Most favoured nation",
    "Non-Compete": "Non-compete",
    "Exclusivity": "Exclusivity",
    "No-Solicit of Customers": "Non-solicitation of customers",
    "Competitive Restriction Exception": "Exception to a non-compete or exclusivity",
    "No-Solicit of Employees": "Non-solicitation of employees",
    "Non-Disparagement": "Non-disparagement",
    "Termination for Convenience": "Termination for convenience",
    "Rofr/Rofo/Rofn": "Right of first refusal / offer / negotiation",
    "Change of Control": "Change of control",
    "Anti-Assignment": "Restriction on assignment",
    "Revenue/Profit Sharing": "Revenue or profit sharing",
    "Price Restrictions": "Price restrictions",
    "Minimum Commitment": "Minimum commitment",
    "Volume Restriction": "Volume restriction",
    "IP Ownership Assignment": "Assignment of intellectual property",
    "Joint IP Ownership": "Joint ownership of intellectual property",
    "License Grant": "Licence grant",
    "Non-Transferable License": "Non-transferable licence",
    "Affiliate License-Licensor": "Licence of the licensor's affiliates' rights",
    "Affiliate License-Licensee": "Licence extended to the licensee's affiliates",
    "Unlimited/All-You-Can-Eat-License": "Unlimited-use licence",
    "Irrevocable or Perpetual License": "Irrevocable or perpetual licence",
    "Source Code Escrow": "Source code escrow",
    "Post-Termination Services": "Services after termination",
    "Audit Rights": "Audit rights",
    "Uncapped Liability": "Uncapped liability",
    "Cap on Liability": "Cap on liability",
    "Liquidated Damages": "Liquidated damages",
    "Warranty Duration": "Warranty period",
    "Insurance": "Insurance",
    "Covenant Not to Sue": "Covenant not to sue",
    "Third Party Beneficiary": "Third-party beneficiaries",
    # UNFAIR-ToS (terms of service)
    "Limitation of liability": "Limitation of liability",
    "Unilateral termination": "Termination or suspension at one party's discretion",
    "Unilateral change": "Unilateral change of terms",
    "Content removal": "Removal of the user's content",
    "Contract by using": "Agreement by mere use",
    "Choice of law": "Choice of law",
    "Jurisdiction": "Jurisdiction",
    "Arbitration": "Arbitration",
}

# The default playbook's rule ids: clause rules, conditions on key terms, missing clauses.
RULE_NAMES: dict[str, str] = {
    "liability_cap": "Liability cap",
    "indemnity": "Indemnity",
    "suspension": "Suspension of the service",
    "price_change": "Price change",
    "deemed_acceptance": "Deemed acceptance",
    "acceptance_discretion": "Acceptance at the customer's discretion",
    "prepayment": "Prepayment / non-refundable fees",
    "data_use": "Use of the client's data",
    "warranty_disclaimer": "Warranty disclaimer",
    "dispute_waiver": "Jury trial / class action waiver",
    "breach_notification": "Personal data breach notification",
    "uncapped_liability": "Uncapped liability",
    "liquidated_damages": "Liquidated damages",
    "termination_for_convenience": "Termination for convenience",
    "unilateral_change": "Unilateral change of terms",
    "renewal": "Automatic renewal",
    "assignment": "Restriction on assignment",
    "change_of_control": "Change of control",
    "non_compete": "Non-compete",
    "exclusivity": "Exclusivity",
    "non_solicit": "Non-solicitation",
    "non_disparagement": "Non-disparagement",
    "most_favored_nation": "Most favoured nation",
    "rofr": "Right of first refusal / offer / negotiation",
    "minimum_commitment": "Minimum commitment",
    "volume_restriction": "Volume restriction",
    "price_restrictions": "Price restrictions",
    "revenue_sharing": "Revenue or profit sharing",
    "ip_assignment": "Assignment of intellectual property",
    "joint_ip": "Joint ownership of intellectual property",
    "license_grant": "Licence grant",
    "license_restrictions": "Licence restrictions",
    "perpetual_license": "Irrevocable or perpetual licence",
    "audit_rights": "Audit rights",
    "warranty_duration": "Warranty period",
    "insurance": "Insurance",
    "covenant_not_to_sue": "Covenant not to sue",
    "third_party_beneficiary": "Third-party beneficiaries",
    "source_code_escrow": "Source code escrow",
    "post_termination_services": "Services after termination",
    "governing_law": "Governing law",
    "jurisdiction": "Jurisdiction",
    "arbitration": "Arbitration",
    "content_removal": "Removal of the user's content",
    "contract_by_using": "Agreement by mere use",
    # conditions on key terms
    "short_convenience_notice": "Short notice to terminate for convenience",
    "short_notice_period": "Short notice period",
    "long_renewal": "Long renewal periods",
    "low_liability_cap": "Low or missing liability cap",
    "governing_law_outside_accepted": "Governing law the firm does not advise on",
    "long_payment_terms": "Long payment terms",
    "long_initial_term": "Long initial term",
    # missing clauses
    "nda_term": "Term of the confidentiality obligations",
    "limitation_of_liability": "Limitation of liability",
    "termination": "Termination rights",
    "confidentiality": "Confidentiality",
    "data_protection": "Data protection",
    "service_levels": "Service levels",
    "ip_ownership": "Intellectual property ownership",
}

LEVEL_NAMES: dict[RiskLevel, str] = {
    RiskLevel.HIGH: "High",
    RiskLevel.MEDIUM: "Medium",
    RiskLevel.LOW: "Low",
    RiskLevel.INFO: "For information",
    RiskLevel.NONE: "No risk",
}
_RULE_ID = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)+")  # "notice_gap", "cap-too-low"
QUOTE_WORDS = 6  # a clause without number or heading is named by its first words


def type_name(type_id: str) -> str:
    """A clause type (model label) or playbook rule id as a lawyer reads it. An id of a
    firm's own playbook that is not in the tables is made readable ("notice_gap" -> "Notice
    gap"), never shown as it is."""
    name = TYPE_NAMES.get(type_id) or RULE_NAMES.get(type_id)
    if name:
        return name
    if _RULE_ID.fullmatch(type_id):
        return re.sub(r"[_-]", " ", type_id).capitalize()
    return type_id


def type_names(type_ids: Iterable[str]) -> str:
    """Several types, each named once, in order: "Cap on liability, Governing law"."""
    return ", ".join(dict.fromkeys(type_name(t) for t in type_ids))


def level_name(level: RiskLevel) -> str:
    return LEVEL_NAMES[level]


def reason_basis(reason: Reason) -> str:
    """What a reason's level rests on: the playbook rule, and the model's confidence in the
    clause type when the rule was triggered by the model.

    "playbook: Termination for convenience (model confidence 31%)", "playbook: Short notice
    period", "clause type found by the model (confidence 88%), no playbook rule"."""
    name = type_name(reason.id)
    if reason.source is ReasonSource.RULE:
        return f"playbook: {name}"
    confidence = f"{reason.score:.0%}" if reason.score is not None else "not given"
    if reason.level is RiskLevel.INFO and reason.text.startswith("Clause type:"):
        return f"clause type found by the model (confidence {confidence}), no playbook rule"
    return f"playbook: {name} (model confidence {confidence})"


def level_basis(reason: Reason) -> str:
    """The reason's level with what it rests on: "Medium — playbook: Termination for
    convenience (model confidence 31%)"."""
    return f"{level_name(reason.level)} — {reason_basis(reason)}"


def _is_reference(label: str) -> bool:
    # a bullet or a form's tick box read as a list label ("•", "☐ Yes") names nothing
    return label[:1].isalnum() or label[:1] == "("


def segment_label(segment: SegmentResult) -> str:
    """What a lawyer calls the clause a segment is in: its reference ("9.1(a)"), else its
    own number, else its heading; "" when it has none."""
    if segment.ref:
        return segment.ref
    if segment.label and _is_reference(segment.label.strip()):
        return segment.label.strip()
    heading = segment.heading.rsplit(" > ", 1)[-1].strip() if segment.heading else ""
    return heading[:60] if heading and _is_reference(heading) else ""


def clause_label(result: AnalysisResult | None, finding: Finding) -> str:
    """What a lawyer calls a finding's clause: the reference of its first segment that has
    one, else the clause's first words. The one name used by the table, the memo, the
    comments, the register, the report and the CLI."""
    if result is not None:
        for sid in finding.segments:
            try:
                seg = result.segment(sid)
            except KeyError:
                continue
            label = segment_label(seg)
            if label:
                return label
    words = finding.quote.split()
    return " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
