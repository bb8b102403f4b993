# ruff: noqa: E501 -- the cue patterns are data: one pattern, examples and counter-examples a line
"""The clause types whose effect the review reads, with their cues as data.

Each :class:`RiskType` carries:

``topic``
    cues that say a clause *does* this (a right to terminate, an indemnity given, a waiver of a
    jury trial), not merely that it mentions it: they detect the risk types CUAD has no label
    for, and confirm the model's label before the effect is read.
``key``
    the words whose subject is the party the clause acts on: the holder of the right
    (``terminate``, ``audit``, ``suspend``) or the bearer of the duty (``indemnify``,
    ``waives``); ``actor`` / ``inverse`` patterns name it where word order does not
    ("may be terminated by {party}", "claims brought by {party}" - the other side's
    liability).
``flip``
    cues that turn the clause's sense (a cap stated as "unlimited"; a warranty disclaimed).
``wide`` / ``narrow``
    cues that widen or narrow the right or duty beyond its usual form ("at any time, without
    notice" vs "once a year, on 30 days' notice").

A cue is a name, a pattern, examples it must match and examples it must not (all our own
wording), checked by one parametrised test. The playbook's ``effect`` table turns what is read
into a level and a reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

RIGHT, OBLIGATION, RESTRICTION, LIMIT = "right", "obligation", "restriction", "limit"


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()


def cue(name: str, pattern: str, examples: tuple[str, ...] = (),
        counter: tuple[str, ...] = ()) -> Cue:  # fmt: skip
    return Cue(name, re.compile(pattern, re.I), examples, counter)


@dataclass(frozen=True)
class RiskType:
    id: str  # the playbook clause type it feeds
    action: str  # RIGHT / OBLIGATION / RESTRICTION / LIMIT: what the clause does to the actor
    topic: tuple[Cue, ...]
    key: re.Pattern[str]
    actor: tuple[str, ...] = ()  # patterns with {party}: that party is the actor
    inverse: tuple[str, ...] = ()  # patterns with {party}: the other party is the actor
    default_role: str | None = None  # provides / receives when no party is named
    modal_negation: bool = True  # "shall not X" denies the clause (not for restrictions)
    flip: tuple[Cue, ...] = ()
    wide: tuple[Cue, ...] = ()
    narrow: tuple[Cue, ...] = ()
    triggers: bool = False  # whether convenience vs cause matters (termination, suspension)
    detect: bool = True  # whether the topic alone raises the type (no model label needed)
    role_only: bool = False  # the actor is always the default role (the payer of a prepayment)
    mutual: tuple[str, ...] = ()  # patterns with {party}: the clause binds both (auto-renewal)
    not_topic: re.Pattern[str] | None = None  # text that is about something else (insurance)
    negated_scope: bool = False  # a scope cue after "shall not" is part of the prohibition
    verb: str = ""  # what the actor does, for the summary: "may terminate"
    exit_answers: bool = False  # the other party's right to end the contract limits the right
    consent_denies: bool = False  # a right "with the other party's consent" is not the holder's


def _k(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# -- triggers: why a right may be used --------------------------------------------------------
CONVENIENCE = (
    cue("for_convenience", r"\bfor\s+(?:its\s+(?:own\s+)?)?convenience\b",
        ("may end the contract for convenience",), ("inconvenience to users",)),
    cue("without_cause", r"\b(?:with\s+or\s+)?without\s+(?:cause|reason|giving\s+(?:any\s+)?reasons?)\b",
        ("may end it without cause", "with or without cause"), ("without prejudice",)),
    cue("any_reason", r"\bfor\s+(?:any|no)\s+reason\b|\bfor\s+any\s+reason\s+or\s+no\s+reason\b"
        r"|\bany\s+reason\s+(?:it|which\s+it|that\s+it)\s+(?:deems|considers)",
        ("for any reason or no reason",), ("for the reasons set out",)),
    cue("at_any_time", r"\bat\s+any\s+time\b(?!\s+(?:within|after|following|during))(?![^.;]{0,40}\bif\b)",
        ("may cancel at any time on notice",), ("at any time if the other party breaches",)),
    cue("discretion", r"\b(?:sole|absolute|own|unfettered)\s+(?:and\s+absolute\s+)?"
        r"(?:discretion|opinion|judg(?:e)?ment)\b|\bat\s+its\s+discretion\b|\bas\s+it\s+(?:sees|thinks)\s+fit\b"
        r"|\bin\s+(?:the\s+[\w-]+['\u2019]s|its)\s+opinion\b",
        ("in its sole discretion", "at its discretion"), ("a reasonable exercise of judgment",)),
    cue("at_will", r"\bwhenever\s+it\s+(?:wishes|chooses|likes)\b|\bif\s+it\s+(?:becomes\s+)?"
        r"(?:dissatisfied|decides|considers|determines|believes)\b|\bdecides\s+to\b"
        r"|\b(?:no\s+longer|not)\s+commercially\s+(?:viable|attractive)\b|\bdeems\s+(?:it\s+)?(?:sufficient|appropriate|necessary)\b"
        r"|\bif\s+it\s+so\s+(?:wishes|elects)\b|\bfor\s+its\s+own\s+business\s+reasons\b",
        ("whenever it wishes", "if it determines that the service is unprofitable"),
        ("if the customer decides not to renew" ,)),
)  # fmt: skip
CAUSE = (
    cue("breach", r"\bbreach|\bbreaks?\b|\bfails?\s+to\s+(?:pay|perform|remedy|cure|comply)|\bnon-?payment\b"
        r"|\bunpaid\b|\boverdue\b|\bdefault\b|\bsecurity\s+incident\b|\bviolat",
        ("on a material breach not cured within 30 days", "if fees remain unpaid"),
        ("the notice address",)),
    cue("for_cause", r"\b(?<!without\s)(?:for|with)\s+(?:good\s+|just\s+|due\s+)?cause\b",
        ("may terminate only for cause", "with good cause"), ("without cause",)),
    cue("insolvency", r"\binsolven|\bbankrupt|\breceiver\b|\badministrat(?:or|ion)\b|\bliquidat"
        r"|\bwinding[\s-]up\b|\bassignment\s+for\s+the\s+benefit\s+of\s+creditors\b"
        r"|\bceases?,?\s+(?:or\s+threatens\s+to\s+cease,?\s+)?to\s+carry\s+on\s+(?:its\s+)?business",
        ("if the other party becomes insolvent",), ("solvency certificate",)),
    cue("mutual_agreement", r"\b(?:mutual|joint)\s+(?:written\s+)?(?:agreement|consent)\b"
        r"|\bagreement\s+of\s+(?:both|the)\s+parties\b|\bsigned\s+by\s+(?:authorised\s+representatives\s+of\s+)?(?:both|each\s+of\s+the)\s+parties",
        ("only by mutual written agreement",), ("the agreement of the customer",)),
    cue("event", r"\bforce\s+majeure\b|\bchange\s+of\s+control\b|\bcomes\s+under\s+the\s+control\b"
        r"|\bif\s+required\s+by\s+(?:law|a\s+regulator)\b|\bunlawful\b|\billegal\b",
        ("if a force majeure event lasts 60 days",), ()),
)  # fmt: skip

# widening and narrowing, shared by several types
ANY_TIME = cue("any_time", r"\bat\s+any\s+time\b|\bwithout\s+(?:prior\s+)?notice\b|\bas\s+often\s+as\b"
               r"|\bon\s+demand\b|\bon\s+any\s+number\s+of\s+occasions\b",
               ("may inspect at any time", "without notice"), ("at the time of signature",))  # fmt: skip
THEIR_COST = cue("their_cost", r"\bat\s+the\s+(?:\w+\s+){0,2}(?:licensee|customer|client|buyer)['\u2019]s\s+(?:own\s+)?(?:cost|expense)"
                 r"|\bshall\s+bear\s+the\s+cost\s+of\s+(?:every|each|any|all)\b",
                 ("at the Customer's expense",), ("at its own cost",))  # fmt: skip
LIMITED_FREQ = cue("limited_frequency", r"\b(?:no\s+more\s+than|not\s+more\s+than|at\s+most)\s+once\b"
                   r"|\bonce\s+(?:in\s+any|a|per|in\s+each|every)\s+(?:\w+[\s-]){0,2}(?:year|month|period)"
                   r"|\bon\s+(?:\w+\s+){0,2}(?:\(\d+\)\s+)?(?:business\s+)?days['\u2019]?\s+(?:prior\s+)?(?:written\s+)?notice"
                   r"|\bduring\s+(?:normal\s+)?business\s+hours\b|\bat\s+(?:the\s+\w+['\u2019]s|its)\s+own\s+(?:cost|expense)",
                   ("no more than once in any twelve-month period", "during normal business hours"),
                   ("at any time",))  # fmt: skip
REASONABLE = cue("reasonable", r"\bnot\s+(?:to\s+)?be\s+unreasonably\s+(?:withheld|delayed|conditioned)\b|\bonly\s+to\s+(?:an?\s+|its\s+)?affiliates?\b"
                 r"|\bacting\s+reasonably\b|\breasonable\s+(?:prior\s+)?notice\b",
                 ("consent not to be unreasonably withheld",), ("unreasonable demands",))  # fmt: skip

RISK_TYPES: tuple[RiskType, ...] = (
    RiskType(
        "termination_for_convenience", RIGHT,
        topic=(cue("right_to_terminate",
                   r"\b(?:may|can|cannot|might|entitled|entitles?|free|right|power|option|reserves?|lawful)\b(?:[\s,]+[\w()'\u2019-]+){0,8}?[\s,]+"
                   r"(?:terminat|cancel|withdraw|discontinue|bring\s+(?:this|the)\s+\w+\s+to\s+an\s+end|end\s+(?:this|it)\b"
                   r"|end\s+the\s+(?:agreement|contract|licen[cs]e|arrangement)\b|determine\s+(?:this|the)\s+(?:agreement|contract|licen[cs]e|lease)\b)"
                   r"|\bmay\s+be\s+terminated\b|\bterminable\b|\b(?:prevents?|precludes?)\s+(?:[\w'\u2019]+\s+){1,3}from\s+terminating\b",
                   ("The Reseller may terminate this contract on notice.", "This deal may be terminated by the Vendor.",
                    "The Vendor shall not be entitled to cancel the order.", "The Reseller cannot cancel the order.",
                    "Nothing shall prevent the Vendor from terminating this deal."),
                   ("On termination, all fees become due.", "Termination shall not affect accrued rights.")),),
        key=_k(r"\bterminat\w*|\bcancel\w*|\bwithdraw\b|\bdiscontinue\b|\bbring\s+(?:this|the)\s+\w+\s+to\s+an\s+end|\bend\s+(?:this|it)\b"
               r"|\bend\s+the\s+(?:agreement|contract|licen[cs]e|arrangement)\b|\bdetermine\s+(?:this|the)\s+(?:agreement|contract|licen[cs]e|lease)\b"),
        actor=(r"terminated\s+(?:\w+\s+){0,3}by\s+{party}",),
        triggers=True, verb="may terminate",
        wide=(cue("trivial_breach", r"\bany\s+breach\b|\bhowever\s+(?:trivial|minor)\b|\bimmaterial\b|\beven\s+(?:a|the)\s+(?:small|minor|trivial)\b"
                  r"|\b(?:is|are)\s+late\b|\b(?:delivered|made)\s+late\b|\bany\s+complaint\b",
                  ("upon any breach, however minor",), ("a material breach",)),),
        narrow=(cue("material_uncured", r"\bmaterial(?:ly)?\s+breach|\bseriously\b|\bdoes(?:n['\u2019]t|\s+not)\s+(?:fix|cure|remedy)\b|\bfails\s+to\s+(?:cure|remedy)|\bnot\s+(?:been\s+)?(?:remedied|cured)|\bunremedied\b|\bincapable\s+of\s+remedy",
                    ("a material breach not remedied within 30 days",), ("any breach",)),),
    ),
    RiskType(
        "change_of_control", RIGHT,
        topic=(cue("change_of_control", r"\bchange\s+(?:of|in)\s+(?:the\s+)?control\b|\bcomes\s+under\s+the\s+control\b"
                   r"|\bacquired\s+by\b|\bmerger\b|\bcontrol\s+of\s+(?:the\s+)?[\w&.-]+(?:\s+[\w&.-]+){0,3}?\s+(?:passes|changes|is\s+(?:acquired|transferred))\b"
                   r"|\bacquires?\b[^.;]{0,80}\b(?:voting\s+(?:shares|rights)|share\s+capital)\b",
                   ("on a Change of Control of the Reseller",), ("the controller of personal data",)),),
        key=_k(r"\bterminat\w*|\bconsent\b|\bvary\b|\bdeemed\s+(?:to\s+be\s+)?an\s+assignment|\bassign\w*|\brenegotiate"),
        actor=(r"consent\s+of\s+{party}", r"{party}['\u2019]s\s+(?:prior\s+)?(?:written\s+)?consent"),
        verb="may act on a change of control",
        narrow=(cue("competitor_only", r"\b(?:direct\s+)?competitor\b", ("control of a direct competitor",), ("any person",)),),
    ),
    RiskType(
        "liability_cap", LIMIT,
        topic=(cue("cap_or_exclusion",
                   r"\b(?:liab(?:le|ility)|losses|damages)\b[^.;]{0,160}\b(?:not\s+exceed|limited\s+to|cap\b|no\s+event|not\s+be\s+liable|exclud|unlimited|without\s+limit|in\s+excess\s+of|not\s+(?:be\s+)?subject\s+to|not\s+apply|limit(?:s|ed)?\b|maximum|aggregate)"
                   r"|\b(?:not\s+exceed|no\s+event|not\s+be\s+liable|nothing\s+in\s+this\s+\w+\s+(?:shall\s+)?(?:limit|exclude)s?|maximum|aggregate|limitation|cap)\b[^.;]{0,160}\bliab(?:le|ility)\b"
                   r"|\bliability\s+cap\b|\blimitation\s+(?:of|on|in)\b|\bnot\s+be\s+liable\b|\bno\s+liability\b"
                   r"|\b(?:neither|no)\s+party\s+(?:is|shall\s+be|will\s+be)\s+liable\b|\b(?:is|are)\s+not\s+liable\b"
                   r"|\bthe\s+most\s+(?:[\w.&,]+\s+){1,6}(?:will|shall|would|can)\s+(?:ever\s+)?(?:have\s+to\s+)?pay\b|\b(?:have|has)\s+to\s+pay\s+up\s+to\b",
                   ("The Vendor's total liability shall not exceed the fees.", "Neither party shall be liable for lost profits, however arising, and nothing limits liability for fraud."),
                   ("The goods are fit for purpose.", "The Vendor shall remain liable for its subcontractors.")),),
        key=_k(r"\bliab(?:le|ility|ilities)\b|\blimitation\b|\bcap\b|\bthe\s+most\b|\bpay\s+up\s+to\b"),
        actor=(r"{party}['\u2019]s?\s+(?:\w+\s+){0,3}liabilit", r"liability\s+of\s+{party}",
               r"shall\s+{party}\s+be\s+liable", r"{party}\s+(?:\w+\s+){0,2}(?:shall|will)\s+(?:not\s+)?(?:\w+\s+)?be\s+liable"),
        inverse=(r"claims?\s+(?:brought|made)\s+by\s+{party}",),
        modal_negation=False, verb="has its liability limited",
        not_topic=_k(r"\binsurance\b|\binsurers?\b|\bpolicy\s+limits?\b|\bforce\s+majeure\b|\bdelay\s+or\s+failure\s+in\s+perform"),
        flip=(cue("unlimited", r"\bunlimited\b|\bwithout\s+(?:any\s+)?(?:financial\s+|monetary\s+)?limit(?:s|ation)?\b|\bnot\s+(?:be\s+)?subject\s+to\s+any\s+(?:cap|limit)"
                  r"|\bexcluded\s+from\s+the\s+(?:cap|limit)|\b(?:shall|does|will)\s+not\s+apply\s+to\s+(?:any\s+)?liabilit"
                  r"|\bnothing\s+in\s+this\s+\w+\s+(?:shall\s+)?(?:limits?|excludes?|restricts?)|\bnot\s+(?:be\s+)?(?:limited|capped)\b"
                  r"|\bfor\s+all\s+losses\b[^.;]*\bwithout\s+limit",
                  ("its liability shall be unlimited", "Nothing in this Agreement limits either party's liability for fraud"),
                  ("liability shall not exceed the fees", "shall not be liable for indirect loss")),
              # a liability stated, with no word that limits it, is no cap
              cue("stated_liability", r"^(?![^.;]*\b(?:not|no|never|neither|nor|exceed\w*|limit\w*|cap|capped|exclu\w*|maximum|aggregate|only|save|except|up\s+to)\b)"
                  r"[^.;]*\b(?:shall|will|is|are|remains?|shall\s+remain|will\s+remain)\s+(?:\w+\s+)?(?:be\s+)?(?:fully\s+|solely\s+|wholly\s+)?liable\b",
                  ("The Vendor shall be liable for any loss of data caused by its breach.", "the Buyer shall remain fully liable for all loss"),
                  ("The Vendor shall not be liable for loss of data.", "The Vendor shall be liable only for direct loss.",
                   "Neither party shall be liable for indirect loss.",
                   "Its liability shall be limited to the fees.")),),
        wide=(cue("cap_covers_all", r"\b(?:direct\s+or\s+indirect|whether\s+direct\s+or\s+indirect)\b|\bhow(?:so)?ever\s+(?:arising|caused)\b"
                  r"|\bincluding\s+(?:liability\s+)?(?:arising\s+from\s+)?(?:its\s+)?(?:gross\s+negligence|wil(?:l)?ful\s+misconduct|fraud)"
                  r"|\bany\s+loss\s+of\s+data\b|\bloss\s+of\s+data\b|\b(?:one|five|ten)\s+hundred\s+(?:pounds|dollars|euros)\b|\(\s*[£$€]\s?\d{1,3}\)|[£$€]\s?\d{1,3}(?:\.\d\d)?\b(?![\d,])"
                  r"|\b(?:three|3|one|1|two|2)\s*(?:\(\d\)\s*)?months?\b",
                  ("whether direct or indirect, however arising", "including its gross negligence"),
                  ("fees paid in the twelve months",)),),
        narrow=(cue("standard_exclusion", r"\bindirect\s+or\s+consequential\b|\bconsequential\s+(?:loss|damage)|(?<!direct\sor\s)(?<!direct\sand\s)\bindirect\s+loss\b(?![^.;]*\bloss\s+of\s+(?:data|profits?)\b)"
                    r"|\b(?:1\d\d|[2-9]\d\d)\s*(?:%|per\s*cent)|\b(?:one|two|three)\s+hundred\s+(?:and\s+\w+\s+)?per\s*cent\b|\btwice\b|\b(?:two|three)\s+times\b|\bgreater\s+of\b",
                    ("indirect or consequential loss",), ("direct or indirect",)),),
    ),
    RiskType(
        "indemnity", OBLIGATION,
        topic=(cue("indemnity", r"\bindemnif|\bhold\s+(?:\w+\s+){0,4}harmless\b|\bindemnit(?:y|ies)\b"
                   # in plain words: "if anyone sues the Supplier ..., the Customer will cover the cost"
                   r"|\b(?:sues?|claims?\s+against|brings?\s+a\s+claim\s+against)\b[^.;]{0,100}\b(?:will|shall|must)\s+(?:cover|pay|meet|bear)\s+(?:the\s+|all\s+|any\s+)?(?:costs?|losses|damages|bill)\b",
                   ("The Reseller shall indemnify the Vendor against claims.",), ("The Vendor warrants the goods.",)),),
        key=_k(r"\bkeep\b(?=[^.;]{0,60}\bindemnified)|\bdefend\b|\bindemnif\w*|\bhold\s+harmless|\bindemnit(?:y|ies)\b|\bcover\s+(?=(?:the\s+|all\s+|any\s+)?(?:costs?|losses|damages|bill)\b)"),
        actor=(r"{party}['\u2019]s?\s+(?:\w+\s+){0,2}indemnit", r"indemnit(?:y|ies)\s+(?:given|provided)\s+by\s+{party}",
               r"require\s+{party}\s+to\s+indemnify", r"{party}\s+shall\s+(?:have\s+no\s+obligation|not\s+be\s+(?:required|obliged))"),
        verb="must indemnify",
        wide=(cue("broad_indemnity", r"\bin\s+connection\s+with\s+this\s+\w+\b|\bhowever\s+(?:caused|arising)\b|\bwhatever\s+(?:their|its)\s+cause\b"
                  r"|(?<!not\s)(?<!not against claims caused by\s)\b(?:its|their|the\s+\w+['\u2019]s)\s+own\s+(?:negligence|acts)\b|\bunlimited\b|\bnot\s+(?:be\s+)?subject\s+to\s+any\s+(?:limit|cap)"
                  r"|\bfully\s+indemnified\b|\bfines\s+or\s+penalties\b|\bdirect\s+and\s+indirect\b|\bwhether\s+or\s+not\s+arising\s+from\s+a\s+third",
                  ("against all losses arising in connection with this Agreement", "whatever their cause"),
                  ("claims to the extent caused by its breach",)),),
        narrow=(cue("narrow_indemnity", r"\bto\s+the\s+extent\s+(?:caused|arising|attributable)\b|\bsolely\s+(?:as\s+a\s+(?:direct\s+)?result\s+of|(?:caused\s+by|arising\s+from))\b|\bsubject\s+to\s+(?:clause|section|the\s+(?:cap|limit))"
                    r"|\bthird[\s-]party\s+claims?\s+that\b|\bshall\s+not\s+exceed\b|\bcapped\b|\bbut\s+not\s+against\b",
                    ("to the extent caused by its negligence", "subject to clause 12"), ("all losses",)),),
    ),
    RiskType(
        "unilateral_change", RIGHT,
        topic=(cue("change_terms", r"\b(?:may|can|reserves?\s+the\s+right\s+to|is\s+entitled\s+to|shall\s+be\s+entitled\s+to)\s+(?:\w+,?\s+){0,3}?"
                   r"(?:amend|vary|modify|change|update|revise|alter|replace|reschedule)\b[^.;]{0,60}\b(?:terms|agreement|services?|scope|specification|policy|policies|features?|functionality|service\s+levels?|platform|software|documentation)"
                   r"|\b(?:terms|agreement)\s+may\s+be\s+(?:amended|varied|modified|changed)",
                   ("The Vendor may amend these terms by posting them online.",), ("The Vendor shall not amend the scope.",)),
               cue("change_without_consent", r"\b(?:may|can|reserves?\s+the\s+right\s+to|entitled\s+to)\s+(?:\w+,?\s+){0,3}?(?:amend|vary|modify|change|update|revise|alter|replace|reschedule)\b"
                   r"[^.;]{0,80}\b(?:without\s+(?:the\s+)?(?:\w+['\u2019]s\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|agreement)|at\s+any\s+time|unilaterally|from\s+time\s+to\s+time|in\s+its\s+(?:sole\s+)?discretion)",
                   ("The Host may change the hosting region at any time.",), ("The Host may change the region with consent.",)),
               cue("changes_take_effect", r"\b(?:variations?|amendments?|changes?|modifications?)\b[^.;]{0,60}\b(?:notified|made|issued|published|posted)\s+by\b"
                   r"|\bchanges?\s+(?:\w+\s+){0,3}(?:will|shall)\s+(?:apply|take\s+effect|become\s+effective|bind)"
                   r"|\bas\s+(?:amended|updated|modified|changed|revised)\s+(?:\w+\s+){0,4}from\s+time\s+to\s+time",
                   ("Changes to the terms will apply once posted.", "the policy as updated by the Host from time to time"),
                   ("Changes require a signed amendment.",)),
               cue("unilaterally", r"\bunilaterally\b", ("may reschedule the work unilaterally",), ()),),
        key=_k(r"\bamend(?:s|ed)?\b|\bvar(?:y|ied|iations?)\b|\bmodif(?:y|ied|ications?)\b|\bchanges?\b|\bupdated?\b|\brevised?\b|\balter\b|\breschedule\b"),
        actor=(r"(?:amended|varied|modified|changed|updated|revised|notified|published|posted)\s+(?:\w+\s+){0,3}by\s+{party}",
               r"{party}\s+(?:will|shall|may)\s+notify\s+(?:\w+\s+){0,3}of\s+(?:any\s+)?changes?"),
        default_role="provides", verb="may change the terms", exit_answers=True,
        wide=(cue("no_consent", r"\bat\s+any\s+time\b|\bby\s+posting\b|\bcontinued\s+use\b|\bwithout\s+(?:the\s+)?(?:\w+['\u2019]s\s+)?(?:prior\s+)?(?:written\s+)?(?:consent|notice|agreement)"
                  r"|\bsole\s+discretion\b|\bno\s+(?:reduction|additional\s+charge)\b|\bwhether\s+or\s+not\s+(?:\w+\s+){0,2}agrees?\b|\bimmediately\s+(?:upon|on)\s+notice\b|\bunilaterally\b",
                  ("by posting the new terms on its website",), ("by written amendment",)),),
        narrow=(cue("signed_amendment", r"\bonly\s+by\s+(?:a\s+)?(?:written\s+)?(?:amendment|agreement|document|instrument)|\bsigned\s+by\s+(?:authorised\s+representatives\s+of\s+)?(?:both|each)"
                    r"|\bno\s+material\s+(?:reduction|adverse)|\bnot\s+materially\s+(?:reduce|degrade)|\bno\s+\w+\s+(?:shall\s+|will\s+)?materially\s+(?:reduces?|degrades?)"
                    r"|\bwith\s+(?:the\s+)?(?:\w+['\u2019]s\s+)?(?:prior\s+)?(?:written\s+)?consent|\bonly\s+if\s+(?:the\s+)?\w+\s+(?:agrees|consents)|\bfrom\s+the\s+start\s+of\s+the\s+next\b"
                    r"|\bno\s+\w+\s+(?:shall|will)\s+(?:materially\s+)?(?:reduce|degrade)|\bonly\s+(?:where|if|to\s+the\s+extent)\s+(?:\w+\s+){0,2}(?:required|necessary)\b"
                    r"|\bunless\s+(?:the\s+)?\w+\s+(?:has\s+)?(?:accepted|agreed|consented)\b|\bpropos(?:e|es|ed|ing)\b",
                    ("only by a written amendment signed by both parties",), ("by posting",)),),
    ),
    RiskType(
        "price_change", RIGHT,
        topic=(cue("price_increase", r"\b(?:increas|rais|revis|review|adjust|var(?:y|ie)|chang|index|reduc)\w*\s+(?:\w+\s+){0,3}(?:the\s+)?(?:charges|fees|prices?|rates|subscription\s+fees)\b"
                   r"|\b(?:reimburse|bear)\b[^.;]{0,60}\bincrease\b"
                   r"|\b(?:charges|fees|prices?|rates)\s+(?:\w+\s+){0,3}(?:may|shall)\s+(?:\w+\s+){0,2}(?:increase|be\s+(?:increased|revised|adjusted|varied|changed|raised))"
                   r"|\bbenchmark\w*\s+(?:the\s+)?(?:charges|fees|prices|rates)\b|\bthen[\s-]current\s+(?:list\s+)?(?:prices|fees|rates)",
                   ("The Vendor may increase its fees on notice.",), ("The fees are set out in Schedule 2.",)),),
        key=_k(r"\bincreas\w*|\brais(?:e|es|ed|ing)\b|\brevis(?:e|es|ed|ing)\b|\badjust\w*|\bvar(?:y|ies|ied|ying)\b|\breview\b|\bbenchmark\w*|\bthen[\s-]current\b|\breduce\b|\breimburse\b|\bbear\b"),
        actor=(r"(?:increased|revised|adjusted|varied|changed|raised)\s+(?:\w+\s+){0,2}by\s+{party}", r"{party}['\u2019]s\s+then[\s-]current"),
        inverse=(r"{party}\s+(?:shall|will|must)\s+(?:reimburse|bear)\b",),
        default_role="provides", verb="may increase the charges", exit_answers=True,
        wide=(cue("open_increase", r"\bat\s+any\s+time\b|\bsuch\s+amount\s+as\s+it\b|\bas\s+it\s+(?:may\s+)?determines?\b|\bsole\s+discretion\b|\bthen[\s-]current\b"
                  r"|\bhigher\s+benchmark\b", ("by such amount as it may determine",), ("by no more than CPI",)),),
        narrow=(cue("capped_increase", r"\b(?:by\s+)?no\s+more\s+than\b|\bnot\s+(?:to\s+)?exceed\b|\bconsumer\s+prices?\s+index\b|\bCPI\b|\bRPI\b|\bfixed\s+for\b"
                    r"|\bagreed\s+in\s+writing\s+by\s+both\b|\bonly\s+by\s+(?:written\s+)?agreement\b|\bsigned\s+by\s+both\b",
                    ("increased by no more than 3%",), ("as it may determine",)),),
    ),
    RiskType(
        "deemed_acceptance", RIGHT,
        topic=(cue("deemed_acceptance", r"\bdeemed\s+(?:to\s+(?:be|have\s+been)\s+)?(?:accepted|approved|passed|acceptance|to\s+have\s+accepted)"
                   r"|\bconstitutes?\s+(?:its\s+)?acceptance\b|\bshall\s+be\s+treated\s+as\s+(?:accepted|approved)|\bcounts?\s+as\s+(?:accepted|approved)\b",
                   ("The work is deemed accepted unless rejected within 5 days.",), ("The work is accepted on signature.",)),),
        key=_k(r"\bdeemed\b|\bconstitutes?\b|\btreated\s+as\b|\bcounts?\s+as\b"),
        actor=(r"(?:approved|accepted|agreed)\s+by\s+{party}", r"(?:if|unless|where)\s+{party}\s+(?:\w+\s+){0,2}(?:does\s+not|doesn['\u2019]t|hasn['\u2019]t|has\s+not|fails|rejects|omits)",
               r"(?:disputed|rejected)\s+by\s+{party}", r"by\s+{party}\s+in\s+a\s+live", r"use\s+of\s+(?:\w+\s+){0,3}by\s+{party}"),
        default_role="receives", verb="is deemed to accept",
        narrow=(cue("long_window", r"\b(?:thirty|sixty|ninety|30|60|90)\s+(?:\(\d+\)\s+)?(?:business\s+|working\s+)?days\b", ("within thirty (30) days",), ("within 5 days",)),
                # accepted on an objective test passed or an express confirmation, not on silence
                cue("tested_or_confirmed", r"\b(?:upon|on|after|following)\s+(?:the\s+)?(?:successful\s+)?(?:completion|passing)\s+of\s+(?:the\s+|all\s+)?(?:\w+\s+){0,2}tests?\b"
                    r"|\b(?:has|have)\s+(?:successfully\s+)?passed\s+(?:the\s+|all\s+)?(?:\w+\s+){0,2}tests?\b"
                    r"|\bonly\b[^.;]{0,40}?\b(?:once|when|upon|on|after|if)\b[^.;]{0,60}\b(?:signs?|confirms?|says|states|issues?|approves?|certifies)\b",
                    ("deemed accepted upon successful completion of the tests", "counts as accepted only once the buyer confirms in writing"),
                    ("deemed accepted upon delivery", "deemed accepted if the buyer says nothing")),),
    ),
    RiskType(
        "acceptance_discretion", RIGHT,
        topic=(cue("refuse_acceptance", r"\b(?:withh(?:o|e)ld|refus\w*|reject\w*|declin\w*)\s+(?:\w+\s+){0,3}?(?:acceptance|approval)\b"
                   r"|\b(?:acceptance|approval)\b[^.;]{0,60}\b(?:sole|absolute|unfettered|complete)\s+(?:and\s+absolute\s+)?discretion\b"
                   r"|\b(?:reject|refuse)\s+(?:any|a|the|each|all)\s+(?:\w+\s+)?(?:deliverables?|reports?|work|goods|products?|milestones?)\b",
                   ("The Buyer may withhold acceptance of the goods.", "Approval of the designs is at the Studio's sole discretion.",
                    "The Buyer may reject any report it does not like."),
                   ("The Buyer shall confirm acceptance in writing.", "The offer may be accepted within ten days.")),),
        key=_k(r"\bwithh(?:o|e)ld\w*|\brefus\w*|\breject\w*|\bdeclin\w*|\bdiscretion\b"),
        verb="may refuse acceptance",
        # refusal at will or for any fault, however small
        wide=(cue("at_will", r"\bfor\s+any\s+(?:or\s+no\s+)?reason\b|\bfor\s+no\s+reason\b|\b(?:sole|absolute|unfettered|complete)\s+(?:and\s+absolute\s+)?discretion\b"
                  r"|\bhowever\s+(?:minor|small|trivial)\b|\bany\s+(?:defect|fault|error)\b|\bas\s+(?:many\s+times|often)\s+as\s+it\s+(?:wishes|likes|chooses)\b"
                  r"|\bas\s+it\s+(?:sees|thinks)\s+fit\b|\bit\s+(?:does\s+not|doesn['\u2019]t)\s+like\b",
                  ("for any reason or for no reason", "by reason of any defect, however minor"), ("for a material non-conformity",)),),
        # refusal only for a material failure to meet the specification
        narrow=(cue("objective", r"\bunreasonabl\w*|\bonly\s+(?:if|where|by\s+reason\s+of|on\s+the\s+ground\s+of|for)\b[^.;]{0,80}\b(?:material\w*|conform\w*|specification)"
                    r"|\bmaterial(?:ly)?\s+(?:respect|conform\w*|defect|non-?conform\w*)|\bno\s+more\s+than\s+(?:once|twice)\b",
                    ("shall not unreasonably withhold acceptance", "only if it fails to conform in a material respect"), ("for any reason",)),),
    ),
    RiskType(
        "prepayment", OBLIGATION,
        topic=(cue("prepaid_non_refundable", r"\bnon-?refundable\b|\bno\s+refunds?\b|\bnot\s+(?:be\s+)?(?:entitled\s+to\s+)?(?:any\s+)?refund"
                   r"|\brefund\w*\b(?=[^.;]{0,60}\b(?:fees|sums|amounts|charges|price|payments?)\b)|\b(?:fees|sums|amounts|charges|payments?)\b[^.;]{0,60}\brefund"
                   r"|\bin\s+advance\b|\bup\s*front\b|\bnon-?cancell?able\b|\bprepa(?:id|yment)\b|\bno\s+part\s+of\s+\w+\s+shall\s+be\s+(?:refund|repa)",
                   ("Fees are payable yearly in advance.", "Payments are non-refundable."), ("Fees are payable monthly in arrears.",)),),
        key=_k(r"\bnon-?refundable\b|\brefund\w*|\bin\s+advance\b|\bup\s*front\b|\bnon-?cancell?able\b|\bprepa\w+"),
        default_role="receives", modal_negation=False, role_only=True,
        verb="pays in advance, without refund",
        flip=(cue("refund_given", r"\b(?:shall|will|must)\s+(?:promptly\s+)?refund\b|\bshall\s+be\s+refunded\b|\bentitled\s+to\s+a\s+(?:pro[\s-]rata\s+)?refund"
                  r"|\b(?:oblige\w*|require\w*)\s+(?:\w+\s+){0,3}to\s+refund\b",
                  ("the Vendor shall refund any prepaid fees",), ("fees are not refundable",)),),
        wide=(cue("even_on_breach", r"\bnon-?refundable\b|\bno\s+refunds?\b|\bno\s+(?:\w+\s+){1,8}?(?:shall|will|is|are)\s+(?:be\s+)?(?:refundable|refunded)\b|\bnot\s+(?:be\s+)?(?:entitled\s+to\s+)?(?:any\s+)?refund|\bshall\s+not\s+be\s+(?:refunded|refundable)|\bno\s+part\s+of\b|\bincluding\s+where\b|\bin\s+(?:all|any)\s+circumstances\b|\bfor\s+the\s+(?:\w+['\u2019]s\s+)?breach\b|\bannually\s+in\s+advance\b"
                  r"|\beven\s+if\b|\bfor\s+any\s+reason\b|\bwhenever\b|\bon\s+(?:request|demand)\b|\bentire\b"
                  r"|\b(?:doesn['\u2019]t|does\s+not|won['\u2019]t)\s+get\s+(?:its|their|any)\s+money\s+back\b|\bmay\s+(?:retain|keep)\s+(?:all\s+)?(?:prepaid|advance)",
                  ("including where the customer terminates for breach",), ("except where",)),),
        narrow=(cue("refund_on_breach", r"\bexcept\s+(?:where|that|for|if)\b|\bsave\s+(?:where|that)\b|\bpro[\s-]rata\b|\brefund\s+(?:of\s+)?(?:any\s+)?unused\b"
                    r"|\bonly\s+where\b|\bafter\s+termination\b",
                    ("except where the customer terminates for breach",), ("including where",)),),
    ),
    RiskType(
        "data_use", RIGHT,
        topic=(cue("use_of_client_data", r"\b(?:customer|client|user|personal|your)\s+(?:data|content|information)\b[^.;]{0,160}\b(?:use|train|sell|licen[cs]e|commerciali[sz]|retain|share|disclose|exploit|aggregate|anonymi[sz]|develop|improve)"
                   r"|\b(?:use|train|sell|licen[cs]e|commerciali[sz]e|retain|share|disclose|exploit|aggregate)\w*\s+(?:\w+\s+){0,4}(?:customer|client|user|personal|your)\s+(?:data|content)\b"
                   r"|\bmachine[\s-]learning\b|\bartificial\s+intelligence\b|\btrain\w*\s+(?:\w+\s+){0,3}models?\b"
                   r"|\b(?:use|publish|disclose|sell|share|commerciali[sz]e|exploit|access|process)\w*\b[^.;]{0,80}\bdata\b",
                   ("The Vendor may use Client Data to improve its products.",), ("The Client shall back up its files.",)),),
        key=_k(r"\buse\b|\bprocess\b|\bsell\b|\blicen[cs]e\b|\bretain\b|\bmake\s+available\b|\bdisclose\b|\btrain\b|\bcommerciali[sz]e\b|\bexploit\b|\breturn\b|\bshare\b|\baggregate\b|\bpublish\b|\baccess\b"),
        actor=(r"grants?\s+{party}",),
        default_role="provides", verb="may use the client's data",
        wide=(cue("beyond_service", r"\bany\s+(?:lawful\s+)?purpose\b|\btrain\w*|\bmachine[\s-]learning\b|\bartificial\s+intelligence\b|\bsell\b|\bcommerciali[sz]e|\bthird\s+parties\b"
                  r"|\bindefinitely\b|\bperpetual\b|\birrevocable\b|\bdevelop(?:ment|ing)?\s+(?:of\s+)?(?:its\s+|new\s+)(?:own\s+)?products\b|\bimprove\s+its\b|\bits\s+own\s+(?:business\s+)?purposes\b"
                  r"|\bits\s+(?:own\s+)?products\b|\bown\s+(?:business\s+)?purposes\b|\bmarket(?:ing)?\b|\bpublish\b|\bwhether\s+or\s+not\s+anonymi[sz]ed\b"
                  r"|\b(?:owns?|shall\s+own|will\s+own)\b[^.;]{0,40}\bdata\b|\bidentifiable\s+form\b",
                  ("to train its machine-learning models", "for any purpose"), ("solely to provide the Services",)),),
        narrow=(cue("service_only", r"\bsolely\s+(?:to|for)\b|\bonly\s+(?:to|for)\s+(?:the\s+extent|provide|perform)|\bto\s+the\s+extent\s+necessary\b|\bonly\s+where\s+necessary\b"
                    r"|\banonymi[sz]ed\s+and\s+aggregated\b|\baggregated\s+and\s+anonymi[sz]ed\b|\bdoes\s+not\s+identify\b"
                    r"|\breturn\s+(?:all\s+)?(?:customer|client)\s+data\b|\bdelete\b|\bfor\s+the\s+term\s+only\b|\bin\s+accordance\s+with\s+(?:the\s+)?(?:customer|client)['\u2019]s\s+(?:documented\s+)?instructions",
                    ("solely to provide the Services", "delete all copies"), ("for any purpose",)),),
    ),
    RiskType(
        "confidentiality", OBLIGATION,
        topic=(cue("confidential_information", r"\bconfidential\s+information\b|\breceiving\s+party\b|\brecipient\b|\bkeep\s+(?:\w+\s+){0,3}confidential\b"
                   r"|\b(?:treat|hold|maintain)\w*\s+(?:\w+\s+){0,4}(?:as\s+)?(?:strictly\s+)?(?:confidential|secret|in\s+(?:strict(?:est)?\s+)?confidence)\b"
                   r"|\bproprietary\s+information\b|\bnon-?disclosure\b|\b(?:shall|will|must)\s+not\s+(?:\w+\s+){0,2}disclose\b"
                   r"|\b(?:neither|no)\s+party\s+(?:shall|will|may)\s+(?:\w+\s+){0,2}disclose\b",
                   ("The Recipient shall keep the information confidential.", "The Supplier shall hold all Customer data in strict confidence.",
                    "The Licensee shall treat the Software as confidential.", "Neither party shall disclose the terms of this Agreement."),
                   ("The parties signed this on Monday.", "The Supplier shall disclose any conflict of interest.")),),
        key=_k(r"\bshall\b|\bmay\b|\bobligations?\b|\bpay\b|\bentitled\b|\bdisclose\b|\buse\b|\bprotect\b|\bensure\b"),
        default_role="receives", modal_negation=False, role_only=True, negated_scope=True,
        verb="must keep information confidential",
        wide=(cue("heavier_duty", r"\bin\s+perpetuity\b|\bperpetual\w*\b|\bindefinitely\b|\bin\s+any\s+circumstances\b|\birrespective\s+of\b"
                  r"|\bwhether\s+or\s+not\s+(?:it\s+is\s+)?(?:or\s+becomes\s+)?(?:marked|publicly|identified)|\bliquidated\s+damages\b|\b(?:including|even)\s+(?:where|if|when)\s+required\s+by\s+law"
                  r"|\bstrictly\s+liable\b"
                  r"|\bapply\s+to\s+all\s+information\b",
                  ("shall continue in perpetuity", "in any circumstances"), ("for three years",)),),
        narrow=(cue("lighter_duty", r"\bfor\s+any\s+(?:lawful\s+)?purpose\b|\bto\s+any\s+third\s+party\b|\bat\s+its\s+discretion\b|\bretain\s+and\s+use\b"
                    r"|\bunaided\s+memory\b|\bresiduals?\b|\bonly\s+if\s+(?:it\s+is\s+)?marked\b"
                    r"|\b(?:to|with)\s+any(?:one|\s+(?:other\s+)?(?:person|one|third\s+party))\b|\b(?:it|as\s+it)\s+(?:considers|deems|thinks)\s+(?:appropriate|fit)\b"
                    r"|\bfree\s+to\s+(?:use|disclose|share)\b|\bfor\s+any\s+other\s+(?:\w+\s+){0,2}purposes?\b|\bonly\s+(?:information\s+)?(?:that|which)\s+(?:\w+\s+){0,3}marks?\b"
                    r"|\bcontinue\s+only\s+for\b",
                    ("may use it for any purpose", "information in the unaided memory"), ("solely for the Purpose",)),),
    ),
    RiskType(
        "warranty_disclaimer", LIMIT,
        topic=(cue("warranty", r"\bwarrant|\bpromis(?:e|es|ed)\s+that\b|\bas\s+is\b|\bterms?\s+implied\b|\bimplied\s+(?:terms?|warrant|conditions?)|\bfitness\s+for\s+(?:a\s+)?(?:particular\s+)?purpose\b|\bmerchantab",
                   ("The Vendor warrants that the goods conform.", "Supplied as is."), ("The Buyer shall pay the price.",)),),
        key=_k(r"\bwarrant\w*|\bpromis(?:e|es|ed)\b|\bdisclaim\w*|\bas\s+is\b|\bimplied\b|\bexclud\w*"),
        default_role="provides", modal_negation=False, verb="gives warranties",
        flip=(cue("disclaimer", r"\bdisclaim\w*|\bas\s+is\b|\bas\s+available\b|\bexclud\w*|\bwithout\s+(?:any\s+)?warrant"
                  r"|\bno\s+(?:other\s+)?(?:warranty|warranties|representations?)\b|\bmakes\s+no\b|\b(?:(?:does|do|shall|will)\s+not|doesn['\u2019]t|don['\u2019]t|won['\u2019]t)\s+(?:\w+\s+)?(?:warrant|promise|guarantee)",
                  ("provided as is", "all implied terms are excluded", "does not warrant that"), ("warrants that it will perform",)),),
        wide=(cue("absolute_warranty", r"\bfree\s+from\s+(?:all|any)\b|\bwithout\s+interruption\b|\buninterrupted\b|\berror[\s-]free\b|\bfit\s+for\s+any\s+purpose\b|\ball\s+defects\b"
                  r"|\bwill\s+achieve\b|\bbusiness\s+outcomes?\b",
                  ("will be free from all errors", "will achieve the outcomes"), ("free from material defects",)),),
        narrow=(cue("short_period", r"\b(?:\w+[\s-])?\(?\d{1,2}\)?\s+days\b|\b(?:thirty|fourteen|seven|ten|sixty)\s+days\b",
                    ("for thirty (30) days from delivery",), ("for twelve (12) months",)),),
    ),
    RiskType(
        "suspension", RIGHT,
        topic=(cue("suspend", r"\bsuspen(?:d(?:s|ed|ing)?|sion)\b(?!\s+ceiling)|\bwithhold\w*\s+(?:\w+\s+){0,2}(?:access|services?|performance|supply|deliver\w*|support)\b"
                   r"|\b(?:disable|deactivate|block|restrict)\w*\s+(?:[\w'\u2019]+\s+){0,3}(?:access|account|log-?ins?|use\s+of\s+the\s+(?:service|platform|software))\b"
                   r"|\btak(?:e|en|es|ing)\s+(?:[\w'\u2019]+\s+){0,3}offline\b|\b(?:switch|turn|cut)(?:es|ed|ing|s)?\s+(?:[\w'\u2019]+\s+){0,3}off\b",
                   ("The Host may suspend the account.", "Access shall be suspended until payment.", "The Provider may withhold access to the Service.",
                    "The Host may disable the Customer's account."), ("suspended ceiling", "The Customer shall restrict its staff to approved uses.")),),
        key=_k(r"\bsuspen\w*|\bwithhold\w*|\bdisabl\w*|\bdeactivat\w*|\bblock\w*|\brestrict\w*|\btak(?:e|en|es|ing)\s+(?:[\w'\u2019]+\s+){0,3}offline\b"
               r"|\b(?:switch|turn|cut)(?:es|ed|ing|s)?\s+(?:[\w'\u2019]+\s+){0,3}off\b"),
        triggers=True, default_role="provides", verb="may suspend the service",
        wide=(cue("disputed_too", r"\bwhether\s+or\s+not\b|\bany\s+amount\b|\bwithout\s+(?:prior\s+)?notice\b|\bhowever\s+(?:small|minor)\b",
                  ("whether or not disputed",), ("undisputed sums",)),),
        narrow=(cue("undisputed_notice", r"\bundisputed\b|\bafter\s+(?:\w+\s+){0,4}(?:written\s+)?notice\b|\bremain\s+unpaid\b|\bonly\s+if\b|\bonly\s+to\s+the\s+extent\b",
                    ("if undisputed fees remain unpaid after notice",), ("at any time",)),),
    ),
    RiskType(
        "dispute_waiver", OBLIGATION,
        topic=(cue("waiver_of_forum", r"\bjury\b|\bclass[\s,]+(?:action|collective|representative|member)|\bclass\s+or\s+representative\b|\bindividual\s+capacity\b"
                   r"|\b(?:waives?|gives?\s+up)\b[^.;]{0,60}(?:\b(?:right|relief|claim|remed|defen[cs]e|set-off)|counterclaim)|\bmust\s+be\s+(?:commenced|brought)\s+within\b|\bsubmit\s+(?:\w+\s+){0,8}to\s+(?:binding\s+)?arbitration\b"
                   r"|\battorneys['\u2019]?\s+fees\b|\blegal\s+(?:costs|fees)\b",
                   ("The Reseller waives trial by jury.", "claims must be commenced within one year"), ("The parties shall meet to discuss disputes.",)),),
        key=_k(r"\bwaives?\b|\bjury\b|\bclass\b|\bindividual\s+capacity\b|\bcommenced\b|\bsubmit\b|\barbitration\b|\bpay\b|\brecover\b|\bdeprive\b"),
        actor=(r"claims?\s+(?:\w+\s+){0,2}by\s+{party}", r"{party}['\u2019]s\s+right\s+to",
               r"{party}\s+(?:\w+\s+){0,2}(?:waives|agrees|shall\s+submit)"),
        modal_negation=True, verb="waives a right to a remedy or forum",
        flip=(cue("keeps_right", r"\b(?:keeps?|retains?|preserves?)\s+(?:its|their|his|her|the)\s+(?:\w+\s+)?rights?\b",
                  ("The Reseller keeps its right to a jury trial.",), ("The Reseller waives its right to a jury trial.",)),),
    ),
    RiskType(
        "exclusivity", RESTRICTION,
        topic=(cue("exclusive", r"\bexclusivity\b|(?<!non-)(?<!non)\bexclusive(?:ly)?\s+(?:from|to|with|supplier|distributor|source|purchaser|provider|reseller|agent|basis|dealing|territory|rights?\s+to\s+(?:re)?(?:sell|distribute|supply|purchase|market|promote))"
                   r"|\bthe\s+only\s+(?:\w+\s+){0,2}(?:company|business|person|party|entity|reseller|distributor|supplier|agent|dealer)\s+(?:that|who|which)\s+(?:can|may|is\s+(?:allowed|permitted|entitled))\b"
                   r"|\b(?:agreement|appointment|arrangement|relationship)\s+(?:is|shall\s+be)\s+exclusive\b|\bon\s+an\s+exclusive\s+basis\b|\bsole\s+(?:and\s+exclusive\s+)?(?:source|supplier|purchaser|distributor)\b|\ball\s+(?:of\s+)?its\s+requirements\b"
                   r"|\bnot\b[^.;]{0,40}?\b(?:purchase|buy|source|sell|supply|obtain|procure|enter\s+into)\b[^.;]{0,100}\b(?:third\s+part|other\s+(?:customer|person|supplier)|any\s+(?:other|person))"
                   r"|\b(?:purchase|buy|source|obtain|procure)\w*\b[^.;]{0,80}\bonly\s+from\b|\b(?:100|one\s+hundred)\s+per\s*cent|\b100\s?%"
                   r"|\bappoint\w*\s+(?:any\s+)?(?:other|another|further|additional)\s+(?:\w+\s+)?(?:resellers?|distributors?|agents?|dealers?|suppliers?|licensees?|franchisees?)\b"
                   r"|\bno\s+other\s+(?:person|party|company|entity)\s+shall\s+be\s+appointed\b",
                   ("The Dealer shall buy exclusively from the Maker.", "The Maker shall not sell the goods to any other reseller."),
                   ("The licence is non-exclusive.",)),),
        key=_k(r"\bexclusiv\w*|\bsole\b|\bthe\s+only\b|\bpurchase\b|\bprocure\b|\b(?:re)?sell\b|\bsupply\b|\bbuy\b|\bsource\b|\bobtain\b|\benter\s+into\b|\bappoint\w*"),
        actor=(r"{party}\s+(?:hereby\s+)?appoints", r"granted\s+by\s+{party}", r"appointed\s+(?:\w+\s+){0,2}by\s+{party}",
               r"{party}\s+(?:hereby\s+)?grants?\s+(?:to\s+)?(?:\w+\s+){0,4}?(?:the\s+|an?\s+)?(?:sole\s+and\s+)?exclusive\b"),
        # "X is the only reseller that may sell": the other party is bound
        inverse=(r"{party}\s+(?:is|shall\s+be|will\s+be)\s+the\s+only\b",),
        modal_negation=False, verb="is bound to exclusivity",
    ),
    RiskType(
        "license_restrictions", RESTRICTION,
        topic=(cue("non_transferable", r"\bnon-?(?:transferable|sublicensable|assignable)\b|\bmay\s+not\s+(?:sub-?license|sublicense|transfer)\b",
                   ("a non-transferable licence",), ("transferable securities",)),),
        key=_k(r"\bnon-?(?:transferable|sublicensable|assignable)\b|\bsub-?licen[cs]e\b|\btransfer\b"),
        actor=(r"grants?\s+{party}", r"licen[cs]e\s+(?:granted\s+)?to\s+{party}"),
        detect=False, verb="holds a licence it cannot transfer",
    ),
    RiskType(
        "rofr", RIGHT,
        topic=(cue("first_refusal", r"\bfirst\s+(?:right\s+of\s+)?(?:refusal|offer|negotiation)\b|\bright\s+to\s+match\b|\bmatch\s+(?:any|the)\s+(?:\w+\s+)?(?:offer|price|terms)\b",
                   ("The Reseller has a right of first refusal on new territories.",), ("the offer was first made in May",)),),
        key=_k(r"\brefusal\b|\boffer\b|\bnegotiation\b|\bmatch\b|\bright\b"),
        detect=False, verb="has a right of first refusal",
    ),
    RiskType(
        "liquidated_damages", OBLIGATION,
        topic=(cue("fixed_sum", r"\bliquidated\s+damages\b|\b(?:shall|will)\s+pay\s+(?:to\s+)?(?:\w+\s+){0,4}(?:a\s+)?(?:fee|sum|amount|penalty)\s+(?:equal\s+to|of)\b",
                   ("the Reseller shall pay liquidated damages of 1% per week",), ("the Reseller shall pay the fees",)),),
        key=_k(r"\bpay\b|\bliquidated\b"),
        modal_negation=True, detect=False, verb="pays a fixed sum",
    ),
    RiskType(
        "minimum_commitment", OBLIGATION,
        topic=(cue("minimum_purchase", r"\bminimum\s+(?:\w+\s+){0,2}(?:purchase|order|volume|quantit|commitment|spend|proportion)|\bnot\s+less\s+than\b[^.;]{0,60}\b(?:of\s+its|units|volume|requirements)"
                   r"|\b(?:commits?|undertakes?)\s+to\s+(?:purchase|buy|order|spend)\b",
                   ("The Dealer shall order a minimum quantity of 500 units a year.",), ("The minimum age is 18.",)),),
        key=_k(r"\bpurchase\b|\bprocure\b|\bbuy\b|\border\b|\bspend\b|\bcommit\w*|\bminimum\b"),
        default_role="receives", modal_negation=False, detect=False, verb="must buy a minimum volume",
    ),
    RiskType(
        "non_compete", RESTRICTION,
        topic=(cue("non_compete", r"\bcompete[sd]?\b|\bcompeting\s+(?:\w+\s+)?(?:business|products?|services?|goods|range)|\bcompetitive\s+(?:business|products?|activit)|\bin\s+competition\s+with\b|\bcompeting\s+with\b|\b(?:restricted|prohibited|prevented)\s+from\b[^.;]{0,80}\bcompetitor|\b(?:carry\s+on|engage\s+in|be\s+(?:engaged|interested|concerned)\s+in)\s+any\s+business\b",
                   ("shall not compete with the Vendor", "shall not carry on any business in the field"), ("the business day after delivery",)),
               # running a business in a place: "shall not operate any shop within five miles"
               cue("business_in_area", r"\b(?:operat\w*|run|running|open|opening|carry\s+on|franchis\w*|be\s+(?:engaged|interested|concerned)\s+in)\b[^.;]{0,80}?"
                   r"\b(?:within\s+(?:a\s+radius\s+of\s+)?(?:\w+\s+){1,2}(?:\(\d+\)\s+)?(?:miles?|kilomet\w+|km)\b|anywhere\b|in\s+the\s+(?:\w+\s+)?territory\b"
                   r"|within\s+the\s+(?:[\w'\u2019]+\s+){0,3}(?:area|territory|zone|radius)\b|next\s+(?:door\s+)?to\b)",
                   ("shall not operate any cafe within five (5) miles of the Premises", "shall not open or run a salon anywhere in Scotland"),
                   ("shall operate the equipment safely", "deliveries within five miles are free")),),
        key=_k(r"\bcompet\w*|\bmanufactur\w*|\bengaged\b|\bsell\w*|\bdistribut\w*|\bcarry\s+on\b|\bcarrying\s+on\b|\bengage\b|\brestricted\b"
               r"|\boperat(?:e|es|ing)\b|\brun\b|\bopen\b|(?<!\bthe\s)(?<!\bthis\s)(?<!\bits\s)\bfranchise\b|\binterested\b"),
        modal_negation=False, verb="may not compete",
        detect=True,
        wide=(cue("long_or_anywhere", r"\banywhere\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|[2-9]|\d\d)\s*(?:\(\d+\)\s*)?years\b",
                  ("for five (5) years", "anywhere in the country"), ("for one year",)),),
        # only a small radius narrows it: a non-compete for the term, a year or a territory is
        # still one that binds
        narrow=(cue("small_radius", r"\bwithin\s+(?:a\s+radius\s+of\s+)?(?:one|two|three|five|[1-5])\s+(?:\(\d+\)\s+)?(?:miles?|kilomet\w+|km)\b",
                    ("within two (2) miles of the shop", "within a radius of three miles"), ("for twelve months", "within the Territory")),),
        # a licence's use restriction ("not use the Product to develop a competing product") limits
        # what the licensed thing may be used for; it is no covenant not to compete (also "to
        # build a product or service that competes with it")
        not_topic=_k(r"\buse\s+(?:of\s+)?(?:the\s+|any\s+)?(?:\w+\s+){0,3}(?:to|in\s+order\s+to|for\s+the\s+purpose\s+of)\s+(?:develop|build|creat|design|improv|train)\w*\s+(?:a\s+|any\s+|an\s+)?(?:\w+\s+){0,5}(?:compet\w+|similar|substitute)"),
    ),
    RiskType(
        "non_solicit", RESTRICTION,
        topic=(cue("non_solicit", r"\bsolicit\w*|\bentice\b|\bpoach\b|\b(?:employ|hire|recruit)(?:s|ing)?\s+(?:or\s+engage\s+)?any\s+(?:of\s+)?(?:person|employee|member|individual|the\s+\w+['\u2019]s\s+(?:personnel|staff|employees|workers|people|contractors|consultants))"
                   r"|\boffer\w*\s+(?:\w+\s+){0,2}(?:positions?|jobs?|roles?|employment|work)\s+to\b|\b(?:engaged|employed|hired|recruited)\s+(?:directly\s+)?by\s+(?:the\s+)?[A-Z]"
                   r"|\boffers?\s+(?:of\s+)?employment\b|\bengage\s+(?:directly\s+)?any\s+(?:\w+\s+){0,3}(?:person|employee|member|individual|freelancer|contractor|subcontractor|staff|personnel)\b"
                   r"|\bapproach\s+(?:\w+\s+){0,3}(?:staff|personnel|employees)\b",
                   ("shall not solicit the Vendor's staff",), ("shall not disclose the Vendor's staff list",)),),
        key=_k(r"\bsolicit\w*|\bemploy(?:s|ing)?\b|\bengage\b|\bentice\b|\bhir(?:e|es|ing)\b|\brecruit\w*|\boffers?\s+(?:of\s+)?employment\b|\bapproach\b"
               r"|\boffer\w*\s+(?:\w+\s+){0,2}(?:positions?|jobs?|roles?|work)\b|\b(?:engaged|employed|hired|recruited)\b"),
        actor=(r"\b(?:be|been|being)\s+(?:directly\s+)?(?:engaged|employed|hired|recruited|solicited)\s+(?:directly\s+)?by\s+{party}",),
        modal_negation=False, verb="may not solicit",
        wide=(cue("even_advertising", r"\beven\s+(?:where|if)\b|\baccept\s+business\b", ("even where the person answers an advertisement",), ()),),
        narrow=(cue("general_advertising_ok", r"\bbut\s+may\s+employ\b|\bgeneral\s+(?:recruitment\s+)?advertis\w*[^.;]{0,40}\b(?:excluded|permitted|may)\b|\bactively\b|\bdirectly\s+involved\b",
                    ("but may employ anyone who answers a general advertisement",), ()),),
    ),
    RiskType(
        "most_favored_nation", RESTRICTION,
        topic=(cue("mfn", r"\b(?:no\s+less|at\s+least\s+as)\s+favou?rable\b|\bmost\s+favou?r(?:ed|able)\b|\blower\s+prices?\b|\bbetter\s+(?:prices|terms)\b|\bequal\s+to\s+or\s+lower\s+than\b|\bno\s+higher\s+than\b|\bthe\s+lowest\s+(?:price|it\s+offers|\w+\s+offered)|\bmore\s+favou?rable\s+(?:price|terms?|rate|rebate|discount)"
                   r"|\bits\s+best\s+(?:price|terms|rates?)\b",
                   ("prices no less favourable than those offered to others", "any more favourable price given to others"), ()),),
        key=_k(r"\bensure\b|\boffer\w*|\brefund\b|\bsells?\b|\bfavou?r\w*|\badjust\b|\bgrant|\bundertakes?\b|\blowest\b|\bnotify\b|\brepresent\w*|\bequal\b|\bmatch\b"),
        actor=(r"(?:extended|offered|given|granted)\s+by\s+{party}",),
        modal_negation=False, verb="must match its best terms",
        wide=(cue("any_deal", r"\bretroactive\w*|\bwhatever\s+the\s+(?:volumes?|terms|quantit\w+)\b|\bany\s+(?:other\s+)?products?\s+of\b",
                  ("any reduction shall apply retroactively", "whatever the volume or terms"), ("comparable volumes",)),),
        # "only where" a comparable deal is made: a standard comparison is still the promise
        narrow=(cue("only_comparable_deals", r"\bonly\s+(?:where|if|to)\b[^.;]{0,80}\b(?:comparable|identical|substantially\s+similar)\b"
                    r"|\bonly\s+to\s+orders\s+placed\s+after\b",
                    ("only where another customer buys comparable volumes",), ("than any customer buying comparable volumes",)),),
    ),
    RiskType(
        "ip_assignment", RIGHT,
        topic=(cue("ip_owner", r"\b(?:intellectual\s+property|IP|IPR|work\s+product|deliverables?|source\s+code|right,?\s+title\s+(?:and|or)\s+interest|works?\s+made\s+for\s+hire|ownership|title)\b"
                   r"[^.;]{0,120}\b(?:vest|own|remain(?!s?\s+subject\b)|property\s+of|belong|assign|pass|acquire|retain|transfer)"
                   r"|\b(?:assigns?|shall\s+own|owns|retains?|acquire|reserves?)\s+(?:[\w,]+\s+){0,8}(?:right,?\s+title|intellectual\s+property|IP\b|rights\s+in|deliverables|background|improvements|inventions|materials|reports|works)"
                   r"|\b(?:keeps?|retains?)\s+(?:\w+\s+)?ownership\b|\b(?:creates?|produces?|develops?|makes?)\b[^.;]{0,60}\bbelongs?\s+to\b"
                   r"|\blicen[cs]e\s+to\s+use\s+(?:the\s+)?(?:deliverables|work\s+product|software|materials)\b"
                   r"|\bworks?\s+made\s+for\s+hire\b|\bgrants?\s+(?:\w+\s+){0,4}(?:a\s+)?(?:\w+,?\s+){0,6}licen[cs]e\b",
                   ("All intellectual property in the work shall vest in the Maker.", "The Agency shall own all right, title and interest in the designs."),
                   ("The Agency shall deliver the designs on time.",)),),
        key=_k(r"\bvest\w*|\bremain\w*(?!\s+subject\b)|\bproperty\b|\bown\w*|\bassign\w*|\bbelong\w*|\blicen[cs]e\b|\bpass\b|\bacquire\b|\bretain(?:s|ed)?\b|\breserves?\b|\bmade\s+for\s+hire\b|\btransfer\b|\bkeeps?\b"),
        actor=(r"assigns?\s+(?:\w+\s+){0,8}?to\s+{party}", r"vest(?:s|ed)?\s+in\s+(?:and\s+remain\s+with\s+)?{party}", r"remain(?:s|ed)?\s+(?:the\s+property\s+of|with)\s+{party}",
               r"property\s+of\s+{party}", r"(?:belong(?:s|ed)?|pass(?:es|ed)?|transfer(?:s|red)?)\s+to\s+{party}", r"made\s+for\s+hire\s+for\s+{party}",
               r"{party}\s+(?:shall\s+|will\s+)?(?:own|owns|acquire|retains?|reserves?|keeps?)\b", r"grants?\s+{party}", r"(?:retained|owned|held)\s+by\s+{party}"),
        verb="owns the intellectual property",
        narrow=(cue("conditional_or_short", r"\bterminate\s+automatically\b|\bfor\s+the\s+term\s+only\b|(?<!ir)\brevocable\b|\bonly\s+(?:on|upon)\s+(?:full\s+)?payment\b|\bon\s+payment\s+in\s+full\b|\bonly\s+for\s+the\s+(?:duration|term|project)\b",
                    ("which shall terminate automatically on expiry", "only on payment in full"), ("irrevocable",)),),
    ),
    RiskType(
        "audit_rights", RIGHT,
        topic=(cue("audit", r"\baudit(?!ors?\b)\w*|\binspect\w*|\benter\s+(?:\w+\s+){0,2}premises\b|\bexamine\s+(?:the\s+)?\w+['\u2019]s\s+(?:books|records|accounts)",
                   ("The Licensor may audit the books.", "may appoint an accountant to examine the Reseller's records"), ("The auditors' report",)),),
        key=_k(r"\baudit(?!ors?\b)\w*|\binspect\w*|\benter\b|\bexamine\b|\bappoint\b"),
        verb="may audit",
        wide=(ANY_TIME, THEIR_COST),
        narrow=(LIMITED_FREQ,),
    ),
    RiskType(
        "assignment", RIGHT,
        topic=(cue("assign", r"\b(?:assign|novate|transfer)\w*,?\s+(?:,?\s*\w+,?\s+){0,14}?(?:this\s+(?:agreement|contract)|(?:any\s+(?:or\s+all\s+)?of\s+)?(?:its|their)\s+rights|(?:its|their)\s+obligations|the\s+(?:agreement|contract))"
                   r"|\b(?:agreement|contract)\s+(?:\w+\s+){0,3}(?:be\s+)?(?:assigned|transferred|novated)|\bassignment\s+of\s+this\b|\btransfer\w*\s+(?:\w+\s+){0,3}(?:services|business)\s+to\b|\bsub-?contract(?:s|ed|ing)?\b(?!\s+or\s+freelancer)|\bhand\s+(?:this|the)\s+(?:agreement|contract)\s+over\b",
                   ("The Vendor may assign this contract.",), ()),),
        key=_k(r"\bassign\w*|\bnovat\w*|\btransfer\w*|\bsub-?contract(?:s|ed|ing)?\b|\bhand\s+(?:this|the)\s+(?:agreement|contract)\s+over\b"),
        verb="may assign the contract", exit_answers=True, consent_denies=True,
        # consent the other party may refuse as it likes
        wide=(cue("discretionary_consent", r"\b(?:sole|absolute|unfettered|own|complete)\s+(?:and\s+(?:absolute|unfettered)\s+)?discretion\b"
                  r"|\b(?:refuse|withhold|decline)\w*\s+(?:\w+\s+){0,3}?for\s+any\s+(?:or\s+no\s+)?reason\b|\bfor\s+any\s+reason\s+or\s+(?:for\s+)?no\s+reason\b",
                  ("consent, which it may refuse in its absolute discretion", "which it may withhold for any reason"),
                  ("consent not to be unreasonably withheld", "its discretion, acting reasonably, may not be used to refuse")),),
        narrow=(REASONABLE,),
    ),
    RiskType(
        "renewal", RIGHT,
        topic=(cue("renew", r"\b(?:agreement|term|contract|subscription|licen[cs]e)\s+(?:shall|will|may)\s+(?:\w+\s+){0,2}?(?:be\s+)?(?:automatically\s+)?(?:renew(?:ed)?|extend(?:ed)?)\b"
                   r"|\bmay\s+(?:\w+,?\s+){0,6}?(?:renew|extend)\s+this\b|\bautomatic(?:ally)?\s+renew"
                   r"|\brenews?\s+automatically\b|\brenewal\s+terms?\s+shall\b|\bsuccessive\b|\beach\s+renewal\s+term\b|\bextend\s+this\s+\w+"
                   r"|\brenewal\s+shall\s+take\s+effect\b|\bshall\s+renew\s+(?:this|the)\b"
                   r"|\b(?:keeps?|keep|continues?\s+to)\s+(?:on\s+)?renew(?:ing)?\b|\brenews?\s+(?:each|every)\s+(?:year|month|week)",
                   ("renews for successive one-year terms", "shall renew automatically"), ("from the start of the next renewal term",)),),
        key=_k(r"\brenew\w*|\bextend\w*"),
        actor=(r"unless\s+{party}\s+elects", r"only\s+if\s+{party}\s+elects", r"{party}\s+may\s+(?:\w+\s+){0,8}extend", r"{party}['\u2019]s\s+then[\s-]current"),
        default_role=None, verb="controls renewal",
        # renewal unless a party opts out is automatic renewal, whoever may opt out
        mutual=(r"\bunless\s+(?:{party})\s+(?:\w+\s+){0,3}(?:notif|(?:gives?|serves?|provides?|sends?|delivers?)\s+(?:\w+\s+){0,4}notice|cancels?|terminates?|opts?\s+out"
                r"|elects?\s+not\s+to|tells?\s+(?:\w+\s+){0,3}(?:to\s+stop|it\s+(?:does\s+not|doesn['\u2019]t)))",),
        wide=(cue("long_or_repriced", r"\bthen[\s-]current\s+(?:list\s+)?(?:prices|fees|rates|charges)\b|\bwhether\s+or\s+not\b|\bshall\s+renew\s+(?:this|the)\b|\bwindow\b|\b(?:180|120|one\s+hundred)\b|\bshall\s+be\s+bound\b",
                  ("each renewal at the then-current list prices",), ("the then-current term",)),),
        narrow=(cue("agreed_renewal", r"\bonly\s+(?:by|if)\b|\bno\s+more\s+than\b|\bpreceding\s+term\b|\bat\s+any\s+time\s+before\s+(?:expiry|the\s+(?:end|expiry|renewal))",
                    ("renewed only by written agreement",), ()),),
    ),
    RiskType(
        "third_party_beneficiary", RIGHT,
        topic=(cue("third_party_rights", r"\bthird[\s-]party\s+beneficiar|\bRights\s+of\s+Third\s+Parties\b|\benforce(?:able)?\b|\bconfers?\s+(?:any\s+)?(?:rights?|benefit)"
                   r"|\b(?:can|may|shall\s+be\s+entitled\s+to)\s+sue\b|\bright\s+of\s+action\b|\benure\s+for\s+the\s+benefit\b",
                   ("The Vendor's affiliates may enforce this clause.", "Its customers can sue the Vendor directly.",
                    "each of whom shall have a direct right of action against the Vendor"), ()),),
        key=_k(r"\bbeneficiar\w*|\benforce(?:able)?\b|\bconfer\w*|\bright\b|\bclaims\b|\bentitled\b|\bsue\b|\benure\b"),
        actor=(r"(?:against|sue)\s+{party}", r"{party}['\u2019]s?\s+(?:obligations|warranties|undertakings)"),
        verb="can be sued by third parties",
    ),
)  # fmt: skip

BY_ID: Mapping[str, RiskType] = {t.id: t for t in RISK_TYPES}
