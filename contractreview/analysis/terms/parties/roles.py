"""The role each party plays, attached to the ``parties`` term: customer / supplier, licensor /
licensee, controller / processor, discloser / recipient, ... read from the party's alias
('Northwind Systems Ltd ("Supplier")' plays "supplier"). Clause effect
(:mod:`contractreview.analysis.effect.roles`) reads it with the alias and the name.
"""

from __future__ import annotations

import re
from typing import Any

ROLE_NAMES = (
    "service provider", "provider", "supplier", "vendor", "seller", "contractor", "consultant",
    "licensor", "licensee", "customer", "client", "buyer", "purchaser", "distributor",
    "reseller", "controller", "processor", "sub-processor", "data exporter", "data importer",
    "disclosing party", "receiving party", "discloser", "recipient", "franchisor", "franchisee",
    "lessor", "lessee", "landlord", "tenant", "employer", "employee", "investor", "lender",
    "borrower", "manufacturer",
)  # fmt: skip
_ROLE = re.compile(
    r"\b(" + "|".join(re.escape(r) for r in sorted(ROLE_NAMES, key=len, reverse=True)) + r")\b",
    re.I,
)


def role_of_party(party: dict[str, Any]) -> str | None:
    """The role a party's alias states ("Supplier", "Disclosing Party"), lower case, or None;
    a name is not read ("Acme Supply Company" plays no role by its name)."""
    m = _ROLE.search(str(party.get("alias") or ""))
    return m.group(1).lower() if m else None


def with_roles(parties: Any) -> Any:
    """``parties`` (the term's normalized list) with ``role`` set on each party that states
    one; anything else is returned as it is."""
    if not isinstance(parties, list):
        return parties
    out = []
    for p in parties:
        if isinstance(p, dict) and "role" not in p and (role := role_of_party(p)):
            p = {**p, "role": role}
        out.append(p)
    return out
