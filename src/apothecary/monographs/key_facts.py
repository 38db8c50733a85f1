"""The key-facts box: what a phone's first screen says. Short labelled lines (≤ KEY_MAX
characters each): used for (≤ 3 items), kind of medicine, the one or two most important
safety messages, and when to get help at once; a plain line when we know little."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import Statement
from ..sentences import join_and
from .form_codes import message_form
from .model import Item, Monograph, SafetyItem
from .must_not import first_screen
from .rules import key

KEY_MAX = 120
_GLOSS = re.compile(r"\s*\([^)]*\)")
USES_MAX = 3
HELP_MAX = 4
IMPORTANT_TOPICS = ("boxed_warning", "high_alert", "same_ingredient", "liver",
                    "contraindication", "pregnancy")
# a reviewed key message (key_messages.txt) leads like a boxed warning, whatever its topic
LEADING_RULE_TOPICS = ("high_alert", "pregnancy", "overdose")
# label topics kept off the first screen when a reviewed message of the topic they map to is
# there: raw label sentences ("Hypersensitivity to … other sulfonamide-derived drugs", a
# contraindication cut at "(POLG; e.g.") never stand beside a plain reviewed line (review 7).
# A boxed warning is not among them: it still shows when the reviewed lines leave room.
# the same-ingredient rule (paracetamol twice) before a pregnancy answer: it is a danger
REVIEWED_ORDER = ("high_alert", "overdose", "same_ingredient", "pregnancy")
# a reviewed message that is advice for long use, not a danger (the proton pump inhibitors'
# "If you take it for a long time, ask your doctor now and then…"): after every other
# reviewed line, so a painkiller combination's "same ingredient twice" comes first (review 16)
KEY_LINES_MAX = 3  # "Most important" lines a first screen shows at most
ADVISORY = re.compile(r"^If you (?:take|use) it for a long time\b", re.IGNORECASE)
LABEL_ANSWERED_BY = {"contraindication": "high_alert", "pregnancy": "pregnancy"}
# a reviewed pregnancy answer that warns of harm to the baby (not "ask your doctor first"):
# it always reaches the first screen, after the lines above if need be (review 14: an ARB
# combination showed olmesartan's rare sprue and the thiazide's dizziness, and its "can harm
# an unborn baby" only eight screens down)
PREGNANCY_HARM = re.compile(
    r"harm (?:an unborn|the|a|your) baby|birth defects|miscarriage|"
    r"must (?:never|not) be taken in pregnancy|not (?:normally )?used in pregnancy|"
    r"do not (?:take|use) it if you are pregnant", re.IGNORECASE)
# (folic acid's "recommended to help prevent birth defects" is a benefit, not a warning: read
# as one, it sent a statin's "not recommended in pregnancy" to the companion page, review 27)
_NO_HARM = re.compile(r"\bno evidence\b|\bnot (?:known to |thought to )?(?:harm|cause)|"
                      r"\bunlikely to (?:harm|cause)|\bprevent(?:s|ing)? (?:\w+ ){0,3}"
                      r"birth defects", re.IGNORECASE)
# a pregnancy line whose short form says only "ask first" ("Tell your doctor if you are
# pregnant or trying to get pregnant."): the answer is in the safety section, the first
# screen's line goes to a warning (k9a, k9b: dexmedetomidine, urokinase, hydrocortisone)
_ONLY_ASK = re.compile(r"^(?!.*\b(?:not|never|stop|can|may|harm|risks?|avoid|usual|safe)\b)"
                       r"(?:(?:tell|ask|talk to|speak to|check with)\b[^:;]*\bpregnan[^:;]*"
                       r"|if you are pregnant\b[^:;]*\b(?:ask|tell|talk|speak|check)\b[^:;]*)$",
                       re.IGNORECASE)


# a reviewed message that a medicine is banned in India (CDSCO's list of drugs prohibited
# for manufacture and sale): it leads the first screen, before any other line, and the
# screen then names no use (review 29: valdecoxib's first screen said "Used for: short-term
# relief of painful muscle and joint conditions" and led with the US withdrawal, while its
# "banned in India since 2005" sat in the safety section)
BANNED = re.compile(r"\bbanned in India\b", re.IGNORECASE)


def is_ban(s: SafetyItem) -> bool:
    """A reviewed first-screen message that says a medicine is banned in India."""
    return bool(s.source) and s.topic == "high_alert" and not s.detail \
        and bool(BANNED.search(s.text))


def banned(safety: Sequence[SafetyItem]) -> SafetyItem | None:
    """The first reviewed message that says a medicine is banned in India."""
    return next((s for s in safety if is_ban(s)), None)


# a reviewed message whose first-screen sentence says a medicine was withdrawn, is being
# phased out, is no longer recommended or may be sold only for one use: it leads the
# medicine's "Most important" lines, right after a ban, and its uses stay (review 38:
# stavudine, which WHO phased out, and capreomycin, which WHO's 2019 TB guidelines dropped,
# read as current treatments behind their label warnings)
RETIRED = re.compile(r"\b(?:withdrawn|phas(?:ed|ing) out|may be sold only|"
                     r"no longer (?:recommend(?:s|ed)?|sold|used))\b", re.IGNORECASE)


def is_retired(s: SafetyItem) -> bool:
    """A reviewed first-screen message that says a medicine is withdrawn or phased out."""
    return bool(s.source) and s.topic == "high_alert" and not s.detail \
        and bool(RETIRED.search(s.short or ""))


# an overdose answer that says too much can kill or is dangerous: it leads like a high-alert
# message (iron, opioids, tricyclics), where a milder one waits for a free line
_DANGER = re.compile(r"\b(?:dangerous|deadly|kill|fatal|death|poison|serious|damage)",
                     re.IGNORECASE)
_TOO_MUCH = re.compile(r"\btoo much\b", re.IGNORECASE)
# words any overdose line may use, as long_stems cuts them (six letters: "dangerous" is
# "danger"; the list once held "dangero" and "serious", which no stem ever equals)
_OVERDOSE_WORDS = frozenset(w[:6] for w in ("medical", "doctor", "dangerous", "serious",
                                            "cause", "causes", "taking"))


def warns_of_harm(text: str) -> bool:
    """A pregnancy answer that warns of harm to the baby ("there is no evidence that
    medicines of this kind harm an unborn baby" does not)."""
    return bool(PREGNANCY_HARM.search(text)) and not _NO_HARM.search(text)


def _fit(items: Sequence[Item], limit: int, lead: str = "") -> list[Item]:
    """As many items as fit in `limit` characters, joined with commas after `lead`."""
    out: list[Item] = []
    for item in items:
        text = ", ".join(i.text for i in [*out, item])
        if len(lead) + len(text) + 1 > limit:
            break
        out.append(item)
    return out


def _line(label: str, items: Sequence[Item], sep: str = "",
          limit: int = KEY_MAX) -> Statement | None:
    """Items after a label; separated by semicolons when an item has a comma of its own."""
    chosen = _fit(items, limit - len(label))
    if not chosen and items:  # one long item (a CDSCO approval): its start, marked as cut
        room = limit - len(label) - 1
        head = items[0].text[:room]
        # at the end of a phrase when one is far enough in: "wheezing…", not "wheezing, a…"
        # (scan17: four paracetamol pages' urgent-help line)
        at = max(head.rfind(", "), head.rfind("; "))
        cut = (head[:at] if at >= room // 2 else head.rsplit(" ", 1)[0]).rstrip(" ,;:&-")
        if cut.count("(") > cut.count(")"):  # never "… the drip (a…" (review 21)
            cut = cut[:cut.rfind("(")].rstrip(" ,;:&-")
        if len(cut) < room // 3:
            return None
        chosen = [items[0].model_copy(update={"text": cut + "…"})]
    if not chosen:
        return None
    sep = sep or ("; " if any("," in i.text for i in chosen) else ", ")
    text = sep.join(i.text for i in chosen)
    end = "" if text.endswith(("…", ".")) else "."
    return Statement(label=label, text=text[:1].upper() + text[1:] + end,
                     fact_ids=[f for i in chosen for f in i.fact_ids])


def too_much_again(overdose: str, earlier: str) -> bool:
    """An overdose line warning that too much is dangerous after a line that already says so
    (theophylline's first screen: "Too much theophylline is dangerous …", then "Too much is
    dangerous: …", review 27); its signs are the "Get help at once" line's."""
    return all(_TOO_MUCH.search(t) and _DANGER.search(t) for t in (overdose, earlier))


def long_stems(text: str) -> set[str]:
    """The first six letters of each word of five letters or more: what two wordings of one
    warning share."""
    return {w[:6] for w in re.findall(r"[a-z]{5,}", text.casefold())}


def same_message(a: str, b: str) -> bool:
    """Two wordings of one warning (a reviewed row and a label's contraindication: "allergic
    reaction to penicillin…" twice): three or more long words in common."""
    return len(long_stems(a) & long_stems(b)) >= 3


def important(safety: Sequence[SafetyItem], limit: int = 2, per_topic: int = 1,
              owners: Sequence[str | None] = ()) -> list[SafetyItem]:
    """The most important safety messages with a short form, in priority order; at most
    `per_topic` of a topic (a combination: one high-alert message per ingredient, so
    pioglitazone's heart failure is not hidden behind glimepiride's low blood sugar).
    `owners` (the ingredient of each item, when known) keeps one ingredient from taking
    every slot: metformin's two high-alert rows hid glimepiride's low blood sugar."""
    owner = {id(s): o for s, o in zip(safety, owners, strict=False)}
    def reviewed(s: SafetyItem) -> bool:
        return bool(s.source) and s.topic in LEADING_RULE_TOPICS

    def rank(s: SafetyItem) -> float:
        if is_ban(s):
            return -len(REVIEWED_ORDER) - 1  # before every other line
        if is_retired(s):
            return -len(REVIEWED_ORDER) - 0.5  # after a ban, before the label's dangers
        # a reviewed message leads, before a boxed warning: both come from the same leaflets,
        # and the label's first sentence is often jargon (valproate's "Hepatotoxicity:
        # General Population…"); among them a danger before a pregnancy answer (iron: the
        # child overdose before "iron is often advised in pregnancy"), so that in a
        # combination each ingredient's high-alert line comes before any pregnancy line
        if reviewed(s) and ADVISORY.search(s.short or ""):
            return -1
        if reviewed(s) and s.topic == "pregnancy" and not warns_of_harm(s.short or ""):
            # "ask your doctor first" is an answer, not the most important thing to know:
            # after any label danger (cards6-b: donepezil's first screen gave it a line)
            return len(IMPORTANT_TOPICS)
        if reviewed(s) and s.topic == "pregnancy":
            # harm to the baby before a class's overdose line (ov10: valproate's "can
            # seriously harm an unborn baby" lost its line to the antiepileptics' overdose)
            return REVIEWED_ORDER.index("overdose") - len(REVIEWED_ORDER) - 0.5
        if reviewed(s) or s.topic == "same_ingredient":
            return REVIEWED_ORDER.index(s.topic) - len(REVIEWED_ORDER)
        return IMPORTANT_TOPICS.index(s.topic)

    answered = {LABEL_ANSWERED_BY.get(s.topic, s.topic) for s in safety if reviewed(s)}
    # a reassurance ("no evidence that medicines of this kind harm an unborn baby") answers
    # the pregnancy question in the safety section, never as the most important thing to know
    # (review 15a: cilnidipine's first screen led with it)
    # so does an overdose answer that reassures ("taking an extra dose by accident is unlikely
    # to harm you": statins, proton pump inhibitors, antibiotics; ov10)
    safety = [s for s in safety
              if not (s.topic == "pregnancy" and (_NO_HARM.search(s.short or "")
                                                  or _ONLY_ASK.search(s.short or "")))
              and not (s.topic == "overdose" and _NO_HARM.search(s.short or ""))]
    # a message labelled as another form's ("tablets or liquid to swallow" on a page that
    # leads with the cream) after the page's own form's
    ranked = sorted((s for s in safety if s.short and not s.detail and (
        reviewed(s) or s.topic in IMPORTANT_TOPICS) and not (
            not s.source and s.topic in LABEL_ANSWERED_BY
            and LABEL_ANSWERED_BY[s.topic] in answered)), key=lambda s: (bool(s.form), rank(s)))
    # a medicine with two or more warnings of its own (clozapine: blood counts, then the
    # heart) shows them before its class's pregnancy answer (review 8); a combination keeps
    # one line per ingredient
    single = not any(owners)  # a single medicine's page passes no owner names
    deferred = [s for s in ranked if not s.own and reviewed(s) and s.topic == "pregnancy"] \
        if single and sum(s.own and s.topic == "high_alert" for s in ranked) >= 2 else []
    # a class's overdose answer that names no danger to life takes only a line nothing else
    # wants (ov10: "too much makes bleeding more likely" took clopidogrel's omeprazole line,
    # the antipsychotics' clozapine's heart); iron's, the opioids' and tricyclics' lead
    # (a medicine's own too: thiamine's "has not been shown to cause harm", round 12)
    deferred += [s for s in ranked if reviewed(s) and s.topic == "overdose"
                 and not _DANGER.search(s.short or "")]
    ranked = [s for s in ranked if all(s is not d for d in deferred)]
    out: list[SafetyItem] = []

    def said(s: SafetyItem) -> bool:
        """The same warning already chosen; an overdose line naming the danger an earlier
        line of the same medicine names (metformin's lactic acid twice: ov10)."""
        return any(same_message(s.short or "", o.short or "") or (
            s.topic == "overdose" and owner.get(id(o)) == owner.get(id(s))
            and len(long_stems(s.short or "") & long_stems(o.short or "") - _OVERDOSE_WORDS) >= 2)
            or (s.topic == "overdose" and too_much_again(s.short or "", o.short or ""))
            for o in out)

    for s in ranked:
        mine = owner.get(id(s))
        if len(s.short or "") <= KEY_MAX and sum(s.topic == o.topic for o in out) < per_topic \
                and not (mine and any(o.topic == s.topic and owner.get(id(o)) == mine
                                      for o in out)) and not said(s):
            out.append(s)
    # a line left empty takes the next reviewed high-alert message: ticagrelor's aspirin
    # dose and its bleeding warning, where no other topic has a line (review 8)
    for s in ranked:
        if len(out) >= limit:
            break
        if all(s is not o for o in out) and reviewed(s) and s.topic == "high_alert" \
                and len(s.short or "") <= KEY_MAX \
                and all(not same_message(s.short or "", o.short or "") for o in out):
            out.append(s)
    for s in deferred:
        if len(out) < limit and sum(o.topic == s.topic for o in out) < per_topic \
                and all(not same_message(s.short or "", o.short or "") for o in out):
            out.append(s)
    out = out[:limit]
    if single:
        out = _class_warning_kept(out, ranked, reviewed, said)
    if not any(o.topic == "pregnancy" for o in out):
        harm = next((s for s in [*ranked, *deferred] if s.topic == "pregnancy" and reviewed(s)
                     and warns_of_harm(s.short or "")
                     and len(s.short or "") <= KEY_MAX), None)
        if harm is not None:
            out.append(harm)
    return out


# an overdose line that says only that too much is dangerous (the SSRIs' class row)
_ONLY_DANGEROUS = re.compile(r"(?:taking )?too much (?:of it )?(?:can be|is) dangerous\b",
                             re.IGNORECASE)
# stems any two warnings may share
_EVERY_WARNING = frozenset({"doctor", "medici", "about", "taking", "before", "after", "while",
                           "which", "other", "there", "their", "could", "should", "people",
                           "become", "especi", "unless", "someone"})


def _class_warning_kept(out: list[SafetyItem], ranked: Sequence[SafetyItem],
                        reviewed: Callable[[SafetyItem], bool],
                        said: Callable[[SafetyItem], bool]) -> list[SafetyItem]:
    """A single medicine's own high-alert row does not hide its class's behind an overdose
    or pregnancy line (review 32: citalopram's heart rhythm row and "taking too much can be
    dangerous" left the antidepressants' suicidal-thoughts warning off its first screen)."""
    alerts = [o for o in out if o.topic == "high_alert"]
    if len(alerts) != 1 or not alerts[0].own:
        return out
    # (a warning of harm to an unborn baby stays: methotrexate's, the cancer medicines'; so
    # does an overdose line that names its danger: fentanyl's children, midazolam's opioids)
    weak = next((o for o in reversed(out) if (
        o.topic == "pregnancy" and not warns_of_harm(o.short or "")) or (
        o.topic == "overdose" and _ONLY_DANGEROUS.match(o.short or ""))), None)

    def new_warning(s: SafetyItem) -> bool:  # not the same organ again (sunitinib's liver
        # twice), nor another form's (a skin steroid's page given eye drops' glaucoma)
        return not s.form and message_form(s.short or "") is None and not any(
            (long_stems(s.short or "") & long_stems(o.short or "")) - _EVERY_WARNING
            for o in out)

    # (a withdrawn or phased-out medicine's own line says what it is no longer for, not its
    # danger: its own label warning comes next, before its class's; capreomycin's hearing)
    own_too = is_retired(alerts[0])
    extra = next((s for s in ranked if s.topic == "high_alert" and reviewed(s)
                  and (own_too or not s.own)
                  and all(s is not o for o in out) and len(s.short or "") <= KEY_MAX
                  and not said(s) and new_warning(s)), None)
    if weak is None or extra is None:
        return out
    return [extra if o is weak else o for o in out]


# a list line's product form (uses.line_form) → the words an instruction for it uses: on such
# a page the "How to take it" line must be about that form (k13a: "Omeprazole Injection"
# showed the tablets' "before a meal"; fc15c: "Buprenorphine Patch" the tablets' "under the
# tongue")
_FORM_SAYS = {
    "injection": re.compile(r"\b(?:inject|drip|infusion)", re.IGNORECASE),
    "cream": re.compile(r"\b(?:creams?|ointments?|gels?|lotions?|on the skin|skin)\b",
                        re.IGNORECASE),
    "eye": re.compile(r"\beyes?\b|\bdrops?\b", re.IGNORECASE),
    "ear": re.compile(r"\bears?\b|\bdrops?\b", re.IGNORECASE),
    "nose": re.compile(r"\bnos(?:e|tril)s?\b|\bspray", re.IGNORECASE),
    "patch": re.compile(r"\bpatch", re.IGNORECASE),
    "vaginal": re.compile(r"\bvagin|\bpessar", re.IGNORECASE),
}


def how_to_take(safety: Sequence[SafetyItem], owners: Sequence[str | None] = (),
                line_form: str = "", ingredients: int = 1) -> SafetyItem | None:
    """The reviewed "how to take it" line of the first screen (round 13: reviews 22 and 23
    missed "on an empty stomach", "as soon as the headache starts", "once a week"): a single
    medicine's own or its class's; on a combination only the product's own row (owner None),
    since one ingredient's instruction may not suit the product — unless every one of its
    `ingredients` gives the same words (two antibiotics' "finish the course"). Never another
    form's, and on the page of a list line naming a form (an injection, a patch, eye drops)
    only an instruction about that form (_FORM_SAYS)."""
    owner = {id(s): o for s, o in zip(safety, owners, strict=False)}
    single = not any(owners)
    fit = [s for s in safety
           if s.topic == "how_to_take" and s.source and s.short and not s.detail
           and not s.form and len(s.short) <= KEY_MAX
           and (line_form not in _FORM_SAYS or _FORM_SAYS[line_form].search(s.text))]
    mine = next((s for s in fit if single or owner.get(id(s), "") is None), None)
    if mine is not None or single:
        return mine
    said = {owner.get(id(s)): s.text for s in fit}
    if len(said) == ingredients > 1 and len(set(said.values())) == 1:
        return fit[0]
    return None


_AGE_LIMIT = re.compile(r"\b(?:under|below|younger than) (?:the age of )?(\d+)\b", re.IGNORECASE)


def _same_age_limit(text: str, shown: Sequence[Statement]) -> bool:
    """An ingredient's warning whose age limit a line already on the first screen gives."""
    ages = set(_AGE_LIMIT.findall(text))
    return bool(ages) and any(ages & set(_AGE_LIMIT.findall(st.text)) for st in shown
                              if (st.label or "").startswith("Most important"))


def key_facts(
    uses: Sequence[Item],
    kinds: Sequence[tuple[str, Item]],
    safety: Sequence[SafetyItem],
    serious: Sequence[Item],
    monographs: Sequence[Monograph],
    uses_label: str = "Used for",
    owners: Sequence[str | None] = (),
    given: Item | None = None,
    reviewed_uses: bool = False,
    uses_limit: int = 0,
    line_form: str = "",
    used: str = "",
    used_ids: Sequence[str] = (),
) -> list[Statement]:
    """`kinds`: (ingredient name, its kind) — one for a single medicine, several for a
    combination; `uses` already chosen for the page (approval, shared or own uses).
    `reviewed_uses`: a combination's own reviewed uses (combination_uses.txt), written as
    the whole line: up to half as long again as other lines, so the second and third use
    are not cut (ivermectin + albendazole showed only its gut worms). `uses_limit`: the
    uses line's own length limit (a combination naming each ingredient's use). `line_form`:
    the product form the list line names ("injection"), if any. `used`: how a combination
    whose line names no form is used, when its ingredients say (form_codes.FORM_LINE), or a
    single medicine's Indian approvals do (`used_ids`, their facts: india_form)."""
    out: list[Statement] = []
    # a medicine banned in India is for nothing a reader should take it for (its uses stay
    # in the Usage section)
    ban = banned(safety)
    shown = [] if ban else uses if uses_limit else uses[:USES_MAX]
    line = _line(uses_label, shown,
                 "; " if any(":" in i.text for i in shown) else "",
                 uses_limit or (KEY_MAX * 3 // 2 if reviewed_uses else KEY_MAX))
    if line:
        out.append(line)
    if len(kinds) == 1 and len(monographs) <= 1:  # (a combination's one kind names its
        # ingredient: sulfacetamide's "sulfonamide antibiotic" is not its eye drops' kind)
        line = _line("Kind of medicine", [kinds[0][1]])
        if line:
            out.append(line)
    elif kinds:
        named = [Item(text=f"{n}: {k.text}", fact_ids=k.fact_ids) for n, k in kinds]
        chosen = _fit(named, KEY_MAX - len("Kind of medicine"))
        if len(chosen) < len(named):  # every ingredient's kind, without glosses (cilnidipine
            # was missing beside telmisartan's "angiotensin receptor blocker (ARB, …)")
            short = [i.model_copy(update={"text": _GLOSS.sub("", i.text)}) for i in named]
            chosen = max(chosen, _fit(short, KEY_MAX - len("Kind of medicine")), key=len)
            if len(chosen) < len(named):  # a third ingredient's kind (hydrochlorothiazide
                # beside olmesartan and amlodipine: review 13) is worth a longer line than none
                chosen = max(chosen, _fit(short, KEY_MAX * 3 // 2 - len("Kind of medicine")),
                             key=len)
        if chosen:
            out.append(Statement(label="Kind of medicine", text="; ".join(
                i.text for i in chosen) + ".", fact_ids=[f for i in chosen for f in i.fact_ids]))
    if used and given is None:  # a cream's, drops' or inhaler's: said (review 29)
        out.append(Statement(label="How it is used", text=used, fact_ids=list(used_ids) or [
            f for _, k in kinds for f in k.fact_ids]))
    if given is not None:  # only ever injected: not a tablet (review 15a)
        out.append(Statement(label="How it is given", text=given.text[:1].upper()
                             + given.text[1:] + ".", fact_ids=given.fact_ids))
    # three or more ingredients: a line each for up to three (glimepiride + metformin +
    # rosiglitazone hid rosiglitazone's heart failure behind the other two, combo6-c)
    # a combination product's own reviewed message (key_messages.txt "a + b" rows, no
    # ingredient) takes a line of its own, not one of its ingredients' (cmb10a: a product
    # row pushed nimesulide's "not under 12" off a cold tablet's first screen)
    owner_of = {id(s): o for s, o in zip(safety, owners, strict=False) if o}
    product = 1 if any(owners) and any(
        o is None and s.source and s.topic == "high_alert"
        for s, o in zip(safety, owners, strict=False)) else 0
    # never more than three lines (review 25: a four-ingredient cough syrup's and a drip's
    # first screens ran to four "Most important" lines beside the product's own)
    for msg in important(safety, limit=min((3 if len(monographs) >= 3 else 2) + product,
                                           KEY_LINES_MAX),
                         per_topic=min((min(len(monographs), 3) or 1) + product,
                                       KEY_LINES_MAX), owners=owners):
        # a pregnancy answer is labelled as one, not the most important thing to know
        # (cards6-d: ruxolitinib, bethanechol's "ask your doctor first")
        # (a warning of harm to the baby too: "Most important (Caffeine): Too much caffeine
        # in pregnancy …" led a cold tablet's first screen for every reader, scan17)
        label = "Pregnancy" if msg.topic == "pregnancy" else "If you take too much" \
            if msg.topic == "overdose" and not _DANGER.search(msg.short or "") \
            else "Most important"
        # on a combination, whose message it is: "It can raise the potassium in your blood"
        # sat untagged beside a water tablet that lowers it (scan16)
        whose = owner_of.get(id(msg))
        if whose and _same_age_limit(msg.short or "", out):
            continue  # (a mouth gel's "not for anyone under 16" and its salicylate's, k30b)
        out.append(Statement(label=f"{label} ({msg.form})" if msg.form else
                             f"{label} ({whose})" if whose else label,
                             text=msg.short or "", fact_ids=msg.fact_ids))
    first = next((st for st in out if ban is not None and st.text == ban.short), None)
    if first is not None:  # the ban before what the medicine is
        out = [first, *(st for st in out if st is not first)]
    if (must := first_screen(safety, KEY_MAX * 3 // 2)) is not None:  # (review 37)
        out.append(Statement(label=must.label, text=must.text, fact_ids=must.fact_ids))
    how = how_to_take(safety, owners, line_form, len(monographs))
    # never the same instruction twice on the first screen (fc15b: imatinib's "take it with
    # a meal" was also in its most important line)
    if how is not None and not any(same_message(how.short or "", st.text) for st in out):
        out.append(Statement(label="How to take it", text=how.short or "",
                             fact_ids=how.fact_ids))
    signs: dict[str, Item] = {}  # a few plain signs, each once (SJS and TEN look alike)
    for s in serious:
        text = s.short or s.text
        if key(text) in signs:
            old = signs[key(text)]
            signs[key(text)] = old.model_copy(update={"fact_ids": [*old.fact_ids, *s.fact_ids]})
        else:
            signs[key(text)] = Item(text=text, fact_ids=list(s.fact_ids))
    line = _line("Get help at once if you have", list(signs.values())[:HELP_MAX])
    if line:
        out.append(line)
    known = (("uses", bool(uses)),
             ("side effects", any(m.has_effects for m in monographs)),
             ("kind of medicine", bool(kinds)))
    gaps = [what for what, have in known if not have]
    if gaps:
        # "no side effects" read as "it has none": say what is missing is information
        out.append(Statement(text=f"No information yet on its "
                             f"{join_and(gaps)}: that does not mean it "
                             "has none. Ask your pharmacist."))
    return out
