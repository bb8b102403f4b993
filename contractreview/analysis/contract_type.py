"""What kind of contract a document is (NDA, services, licence, ...), from its title and text.

The title decides when it names a type ("MUTUAL NON-DISCLOSURE AGREEMENT"); otherwise the words
of the first part of the contract vote. The playbook's missing-clause rules and the sides a user
can act for depend on the type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractreview.analysis.segmenter import Segment

OTHER = "other"


@dataclass(frozen=True)
class ContractType:
    id: str
    name: str
    title: re.Pattern[str]  # words in a title that name this type
    content: re.Pattern[str]  # words in the text that suggest it


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# Order matters: the first type whose title pattern matches wins ("Software License and
# Services Agreement" is a licence; "SaaS Services Agreement" is SaaS).
CONTRACT_TYPES: tuple[ContractType, ...] = (
    ContractType("nda", "Non-disclosure agreement",
                 _rx(r"non[-\s]?disclosure|confidentiality\s+agreement|\bNDA\b|secrecy"),
                 _rx(r"confidential\s+information|disclosing\s+party|receiving\s+party")),
    ContractType("dpa", "Data processing agreement",
                 _rx(r"data\s+processing|standard\s+contractual\s+clauses|business\s+associate"
                     r"|data\s+protection\s+(?:agreement|addendum)"),
                 _rx(r"personal\s+data|data\s+subject|controller|processor|protected\s+health")),
    ContractType("employment", "Employment agreement",
                 _rx(r"employment|executive\s+(?:service\s+)?agreement|offer\s+letter"),
                 _rx(r"\bemployee\b|\bemployer\b|salary|annual\s+leave|garden\s+leave")),
    ContractType("saas", "SaaS / cloud services agreement",
                 _rx(r"\bsaas\b|cloud\s+service|software[-\s]as[-\s]a[-\s]service|subscription"
                     r"|hosting|order\s+form"),
                 _rx(r"subscription|cloud\s+service|uptime|service\s+level|hosted")),
    ContractType("license", "Licence agreement",
                 _rx(r"licen[cs]e\s+agreement|licen[cs]ing|contributor\s+licen[cs]e|\bEULA\b"),
                 _rx(r"\blicen[cs]ee\b|\blicen[cs]or\b|royalt")),
    ContractType("investment", "Investment / financing",
                 _rx(r"\bsafe\b|simple\s+agreement\s+for\s+future\s+equity|term\s+sheet|"
                     r"side\s+letter|subscription\s+agreement|loan|note\s+purchase"),
                 _rx(r"investor|purchase\s+amount|valuation\s+cap|preferred\s+stock|lender")),
    ContractType("distribution", "Distribution / reseller agreement",
                 _rx(r"distribut|resell|dealer|agency\s+agreement|sales\s+representative"),
                 _rx(r"\bdistributor\b|\breseller\b|territory|resale")),
    ContractType("franchise", "Franchise agreement", _rx(r"franchise"), _rx(r"franchisee")),
    ContractType("supply", "Supply / purchase agreement",
                 _rx(r"supply|purchase\s+agreement|manufactur|procurement"),
                 _rx(r"\bsupplier\b|purchase\s+order|deliver(?:y|ies)|\bproducts?\b")),
    ContractType("lease", "Lease", _rx(r"\blease\b|tenancy|rental"),
                 _rx(r"\blandlord\b|\btenant\b|premises|\brent\b")),
    ContractType("partnership", "Partnership / joint venture / collaboration",
                 _rx(r"partnership|joint\s+venture|collaborat|alliance|co-?branding|"
                     r"design\s+partner|cooperation"),
                 _rx(r"\bpartners?\b|joint\s+venture|collaborat")),
    ContractType("services", "Services agreement",
                 _rx(r"services?\s+agreement|consult|outsourc|statement\s+of\s+work|"
                     r"maintenance|contractor|service\s+level|pilot|professional\s+services|"
                     r"marketing|sponsorship|endorsement|agency"),
                 _rx(r"\bservices\b|\bconsultant\b|\bcontractor\b|deliverables|"
                     r"statement\s+of\s+work")),
    ContractType("amendment", "Amendment / addendum",
                 _rx(r"amendment|addendum|letter\s+of\s+intent"),
                 _rx(r"hereby\s+amended|amendment")),
)  # fmt: skip
_BY_ID = {t.id: t for t in CONTRACT_TYPES}
CONTENT_SEGMENTS = 150


def contract_type_name(type_id: str) -> str:
    t = _BY_ID.get(type_id)
    return t.name if t else "Other contract"


def detect_contract_type(title: str, segments: Sequence[Segment] = ()) -> str:
    """The contract type id (``nda``, ``services``, ``license`` ...), or ``other``."""
    heads = [title] + [s.text for s in segments[:12] if s.is_heading]
    for head in heads:
        if not head or len(head) > 200:
            continue
        for t in CONTRACT_TYPES:
            if t.title.search(head):
                return t.id
    text = " ".join(s.text for s in segments[:CONTENT_SEGMENTS])
    votes = {t.id: len(t.content.findall(text)) for t in CONTRACT_TYPES}
    best = max(votes, key=lambda k: votes[k])
    return best if votes[best] >= 3 else OTHER
