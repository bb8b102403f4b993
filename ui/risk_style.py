"""How a risk level looks: a colour-blind-safe palette (Okabe–Ito hues, light tints for the
background so black text stays legible) plus a shape and a word, so colour is never the only
signal."""

from __future__ import annotations

from dataclasses import dataclass

from contractreview.analysis.results import RiskLevel


@dataclass(frozen=True)
class RiskStyle:
    name: str  # the word shown to the user
    glyph: str  # the shape shown before a flagged clause and in the findings table
    background: str  # tint behind the clause text
    accent: str  # the glyph's colour (Okabe–Ito)


RISK_STYLES: dict[RiskLevel, RiskStyle] = {
    RiskLevel.HIGH: RiskStyle("High", "▲", "#F9C9B4", "#B34700"),  # vermillion
    RiskLevel.MEDIUM: RiskStyle("Medium", "◆", "#FBE3A6", "#8A5A00"),  # orange
    RiskLevel.LOW: RiskStyle("Low", "●", "#C6E2F5", "#0060A0"),  # blue
    RiskLevel.INFO: RiskStyle("Info", "○", "#E4E4E4", "#4D4D4D"),  # grey
    RiskLevel.NONE: RiskStyle("None", "", "", "#000000"),
}

SELECTED_BACKGROUND = "#9FD3C0"  # bluish green: distinct from every risk tint
STATUS_LABELS = {
    "open": "Open",
    "accepted": "Accepted",
    "needs_negotiation": "Needs negotiation",
    "resolved": "Resolved",
    "dismissed": "Dismissed",
}


def style(level: RiskLevel | str) -> RiskStyle:
    return RISK_STYLES[RiskLevel(level)]


def risk_text(level: RiskLevel | str) -> str:
    st = style(level)
    return f"{st.glyph} {st.name}".strip()
