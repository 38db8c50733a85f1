"""One detector of non-answers (refusals, requests for the name, "not a recognised medicine").

Shared by the LLM verifier (never publish a model's refusal) and the auditor (find refusals
already published), so a pattern learnt in one place protects both. Patterns are anchored on
first-person or name-request wording: "consult your doctor" and similar advice never match.
"""

from __future__ import annotations

import re

_MEDICINE = r"(?:medicine|medication|drug|pharmaceutical|compound|substance|product|generic)s?"
_PARTS = (
    r"\b(?:as an ai\b|i am an ai\b|i'm an ai\b|as a language model|as an ai language model)",
    r"\bas an? (?:ai )?assistant\b",
    r"\bi(?:'m| am) (?:sorry|afraid|unable|not able)\b",
    r"\bi apologi[sz]e\b",
    r"\bi(?:'m| am) not familiar with\b",
    r"\bi (?:cannot|can't|can not|could not|couldn't|was unable to|am unable to|won't|"
    r"do not have|don't have) (?:identify|find|recogni[sz]e|locate|determine|provide|"
    r"access|any|enough|specific|information|reliable|help|give|write|assist)\b",
    r"\b(?:is not|isn't|does not appear to be|doesn't appear to be|is not a|not) "
    r"(?:a |an )?(?:recogni[sz]ed|known|valid|standard|real|registered|identifiable) "
    + _MEDICINE + r"(?! interaction)",
    r"\bnot recogni[sz]ed as (?:a |an )?" + _MEDICINE,
    r"\b(?:medicine|drug) (?:name )?(?:is )?not (?:recogni[sz]ed|found)\b",
    r"\bno such (?:medicine|drug|medication)\b",
    r"\b(?:there is|there's) no (?:known |such )?" + _MEDICINE + r" (?:called|named)\b",
    r"\b(?:could you|can you|please) (?:please )?(?:provide|clarify|specify|confirm|check|"
    r"double-check|give) (?:me )?(?:the |a |its )?(?:full |correct |complete |exact |"
    r"generic |proper )?(?:name|spelling)\b",
    r"\bprovide (?:the|a) (?:name|drug|medicine)\b",
    r"\b(?:the name|this name|the term) (?:you provided |provided |given )?(?:is|appears|"
    r"seems) (?:to be )?(?:incomplete|truncated|misspelled|misspelt|ambiguous|unclear)",
    r"\b(?:may|might) be (?:a )?(?:typo|misspelling|spelling mistake)\b",
    r"\bunable to (?:identify|find|locate|recogni[sz]e|verify) (?:a |an |the |any )?"
    + _MEDICINE,
    r"\bdid you mean\b",
    r"\blorem ipsum\b",
    r"\[insert\b",
)
NON_ANSWER = re.compile("|".join(f"(?:{p})" for p in _PARTS), re.IGNORECASE)
