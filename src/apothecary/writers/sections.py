"""The FAQ and interaction sections of the template writer's pages, composed from
monographs in the words of `wording.py`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from ..models import FAQ, Drug, Fact, Section, Statement
from ..monographs import Item, Monograph, Partner, SafetyItem
from ..monographs.interactions import SPACED, level_rank
from ..monographs.partner_rules import common_partner_rank
from ..monographs.rules import key, partner_group
from ..monographs.safety import answers, label_sentences, partly_covered_text, unanswered
from ..monographs.side_effects import stems
from ..names.normalize import norm_key, reader_name
from ..names.salts import strip_salt
from ..sentences import join_and, join_or
from .wording import (
    DOSE_ANSWER,
    EFFECT_ASK,
    LEVEL_LABEL,
    LEVEL_TEXT,
    NOT_COVERED,
    SECTION_TITLES,
    cap_first,
    effect_ask,
    sentence,
    source_for,
)


def page_faqs(
    drugs: list[Drug], names: list[str], mono: list[Monograph],
    safety: list[tuple[str | None, SafetyItem]], page_name: str,
) -> list[FAQ]:
    """Other names and forms, interactions, alcohol, pregnancy and breastfeeding (each
    answered once, from its sources or "not covered"), and the dose question."""
    faqs: list[FAQ] = []
    for d in drugs:
        form = next((n for n in d.forms
                     if n.casefold() != d.name.casefold() and _salt_of(n)), None)
        if form:
            faqs.append(FAQ(
                question=f"Is {d.display} the same as {form}?",
                answer=f"Yes. {cap_first(form)} is a form (a salt or hydrate) of "
                f"{d.display.lower()}, the same active medicine. The amount in each dose "
                "can differ, so check the label.",
            ))
        other = max(
            (n for n in d.other_names
             if n.casefold() != d.name.casefold() and n.replace(" ", "").isalpha()
             and reader_name(n)),
            key=lambda n: (fuzz.ratio(n.casefold(), d.name.casefold()), n), default=None,
        )
        if other:
            faqs.append(FAQ(
                question=f"Is {d.display} the same as {other}?",
                answer=f"Yes. Our sources list {other} as another name for "
                f"{d.display.lower()}.",
            ))
    partners = [p for m in mono for p in m.partners if p.other_id]
    if partners:
        worst: dict[str, int] = {}
        # the main ones in the order the Interactions section shows them (each ingredient's
        # lines in turn), then the rest by level: the FAQ named "Dasabuvir, Rifampicin and
        # Phenytoin" while the pill's main lines led with rifampicin (review 37)
        for i, m in enumerate(mono):
            for n, p in enumerate(q for q in m.partners if q.other_id):
                at = i * 1000 + n - 10 ** 6 if p.main else level_rank(p.level)
                worst[p.name] = min(worst.get(p.name, 99), at)
        # the examples in the monographs' order (everyday medicines before rare ones), not
        # the alphabet's: vilazodone's FAQ named "Iproclozide, Iproniazid and Isocarboxazid"
        first = {n: i for i, n in reversed(list(enumerate(p.name for p in partners)))}
        others = sorted(worst, key=lambda n: (worst[n], first[n]))
        # a cream's or eye drop's partners are its tablets' (review 30's companion page;
        # ketoconazole cream's FAQ named atorvastatin and simvastatin as they are): they are
        # counted, never named as its examples (review 37: a psoriasis ointment's answer
        # "such as BCG Vaccine, Mifamurtide"), and only its own form's partners are named
        own = _own_form_partners(mono, others)
        faqs.append(FAQ(
            question=f"Does {page_name} interact with other medicines?",
            answer=_interaction_answer(own, len(others) - len(own), len(drugs) > 1, others),
            fact_ids=[i for p in partners for i in p.fact_ids],
        ))
    alcohol = [p for m in mono for p in m.partners  # not a cream's tablets' rule (review 21)
               if p.other_id is None and "alcohol" in p.name.casefold()
               and (p.main or not m.partners_other_form)]
    overruled = alcohol_overruled(alcohol, safety if len(drugs) > 1 else ())
    alcohol = [p for p in alcohol if p not in overruled]
    if alcohol:
        # each sentence once: two ingredients' "Avoid alcohol while taking this medicine."
        # read twice in one answer (review 31)
        words = " ".join(dict.fromkeys(x.strip() for p in alcohol if p.text
                                       for x in label_sentences(p.text) if x.strip()))
        faqs.append(FAQ(
            question=f"Can I drink alcohol with {page_name}?",
            answer=f"{words} Ask your pharmacist if you are not sure.",
            fact_ids=[i for p in alcohol for i in p.fact_ids],
        ))
    for topic, question in (("pregnancy", "Can I take {name} if I am pregnant?"),
                            ("breastfeeding", "Can I take {name} while breastfeeding?")):
        items = [(ing, s) for ing, s in safety if answers(s, topic) and not s.detail]
        # an ingredient's own breastfeeding answer speaks for it: its pregnancy line that also
        # names breastfeeding is not said before it (pioglitazone's answer gave both, review 39)
        told = {ing for ing, s in items if s.topic == topic}
        items = [(ing, s) for ing, s in items if s.topic == topic or ing not in told]
        if items:
            # a combination: a warning before a reassurance, each reviewed answer naming the
            # ingredients it is about ("It can harm an unborn baby" then "There is no evidence
            # … harm" read as one contradictory answer, review 14)
            items.sort(key=lambda p: 0 if p[1].source and p[1].short else 1)
            several = len({ing for ing, _ in items}) > 1
            said: dict[str, list[str]] = {}  # text → the ingredients a reviewed one is about
            for ing, s in items:
                of = f" of {ing}" if ing else ""
                if s.source:  # a reviewed message (key_messages.txt): its own source
                    own = [ing] if ing else [page_name, *names]
                    text = f"{s.text} (Source: {source_for(s.source, own, s.own)}.)"
                else:  # names its ingredient itself
                    text = f"The US label{of} says: {s.text}"
                whose = said.setdefault(text, [])
                if s.source and ing and ing not in whose:
                    whose.append(ing)
            answer = " ".join(f"For {join_and(whose)}: {text}" if several and whose else text
                              for text, whose in said.items())
            if any(not s.source for _, s in items):
                answer += " Indian products may differ; ask your doctor or pharmacist."
            if others := unanswered(safety, names, topic):
                answer += " " + partly_covered_text(topic, others)
            faqs.append(FAQ(question=question.format(name=page_name), answer=answer,
                            fact_ids=[i for _, s in items for i in s.fact_ids]))
        else:
            faqs.append(FAQ(question=question.format(name=page_name),
                            answer=NOT_COVERED[topic].format(name=page_name)))
    faqs.append(FAQ(question="What dose should I take?", answer=DOSE_ANSWER))
    return faqs


_NO_ALCOHOL = r"\b(?:avoid|do not drink|don't drink|not drink|no) alcohol\b"
_AVOID_ALCOHOL = re.compile(_NO_ALCOHOL + r"|\bavoid (?:drinking|alcoholic)\b", re.IGNORECASE)
_ALCOHOL_FINE = re.compile(r"\byou can (?:usually )?drink alcohol\b", re.IGNORECASE)
# a safety message's drinking warning: the same words, or "if you drink a lot of alcohol"
_DRINK_WARNED = re.compile(_NO_ALCOHOL + r"|\bif you drink (?:a lot of )?alcohol\b|"
                           r"\bavoid drinking\b", re.IGNORECASE)


def alcohol_overruled(partners: Sequence[Partner],
                      safety: Sequence[tuple[str | None, SafetyItem]] = ()) -> list[Partner]:
    """A combination's "you can drink alcohol with cetirizine" beside another ingredient's
    "avoid alcohol", or a safety message's "do not take it if you drink a lot of alcohol"
    (nimesulide, review 34): the reassurance goes to the companion page and out of the FAQ
    (the page would otherwise say both, review 28)."""
    cautions = [p for p in partners if p.other_id is None and "alcohol" in p.name.casefold()]
    if not any(_AVOID_ALCOHOL.search(p.text or "") for p in cautions) and not any(
            _DRINK_WARNED.search(s.text) for _, s in safety):
        return []
    return [p for p in cautions if _ALCOHOL_FINE.search(p.text or "")
            and not _AVOID_ALCOHOL.search(p.text or "")]


def _no_codes(_: str) -> str:
    return ""


def line_names(line: Sequence[Partner], atc_of: Callable[[str], str]) -> tuple[str, str]:
    """A main line's label and its medicines as a sentence names them ("A, B or C"); three
    or more of one WHO ATC group, most of them not everyday medicines by name, by its plain
    name with two of them as examples (partner_groups.txt: "Antacids with aluminium (such
    as Algeldrate or Aloglutamol)", review 29)."""
    names = [q.name for q in line]
    atcs = [atc_of(q.other_id or "") for q in line]
    group = partner_group(atcs) if len(line) >= 3 and all(atcs) else None
    if group and 2 * sum(key(n) in common_partner_rank() for n in names) < len(line):
        return f"{group[:1].upper()}{group[1:]} (such as {names[0]} or {names[1]})", group
    return ", ".join(names), join_or(names)


def interactions_section(
    drugs: list[Drug], names: list[str], mono: list[Monograph], among: list[Fact],
    combo: bool, absent: Callable[[str, Sequence[str]], str],
    atc_of: Callable[[str], str] = _no_codes, safety: Sequence[tuple[str | None, SafetyItem]] = (),
) -> Section:
    """The main lines (each medicine once, lines sharing what happens merged), the
    companion bands by level, and a combination's own ingredients as a companion note.
    `atc_of`: a medicine's WHO ATC codes by id, to name a line's group (line_names)."""
    statements: list[Statement] = []
    detail: list[Statement] = []
    shown: set[str] = set()  # medicines on the main page (two ingredients: one line)
    # a medicine two ingredients name goes on the line of the one whose pair is the more
    # serious, then the one that names it sooner (a later line is the first the word budget
    # moves), not simply the first ingredient's: "Paracetamol + Aceclofenac" gave warfarin
    # paracetamol's "tell your doctor if you need it regularly" and not the NSAID's bleeding
    place: dict[str, tuple[int, int, int]] = {}
    for i, m in enumerate(mono):
        for n, p in enumerate(q for q in m.partners if q.main and q.other_id):
            assert p.other_id is not None
            at = (level_rank(p.level), n, i)
            place[p.other_id] = min(place.get(p.other_id, at), at)
    unsaid = alcohol_overruled([p for m in mono for p in m.partners], safety if combo else ())
    for i, m in enumerate(mono):
        ing = drugs[i].display if combo else None
        name = names[i]
        bands: dict[tuple[str, tuple[str, ...]], list[Partner]] = {}
        lines: list[list[Partner]] = []  # main partners sharing what happens: one line
        for p in m.partners:
            if p.other_id is None and m.partners_other_form and not p.main:
                bands.setdefault((p.level, tuple(p.sources)), []).append(p)  # the tablets'
            elif p.other_id is None:
                statements.append(Statement(
                    label=p.name + (f" ({name})" if combo else ""),
                    text=p.text or LEVEL_TEXT["listed"].format(other=p.name, name=name),
                    fact_ids=list(p.fact_ids), ingredient=ing,
                    companion=p in unsaid))
            elif p.main and p.other_id not in shown and place[p.other_id][2] == i:
                shown.add(p.other_id)
                # any earlier line saying the same, not only the last: tinidazole's warfarin
                # sentence stood twice, on its everyday and its rare coumarins (review 36)
                same = next((ln for ln in lines if p.effect and p.level in EFFECT_ASK
                             and (ln[0].level, ln[0].effect) == (p.level, p.effect)), None)
                if same is not None:
                    same.append(p)
                else:
                    lines.append([p])
            else:
                bands.setdefault((p.level, tuple(p.sources)), []).append(p)
        for line in lines:
            p = line[0]
            label, who = line_names(line, atc_of)
            statements.append(Statement(
                label=label,
                text=(f"{p.effect} " + effect_ask(p.effect, p.level).format(
                    other=who, name=name)).rstrip() if p.effect and p.level in EFFECT_ASK
                else LEVEL_TEXT[p.level].format(other=who, name=name),
                fact_ids=[f for q in line for f in q.fact_ids],
                refs=[q.other_id for q in line if q.other_id], ingredient=ing))
        meds = [p for p in m.partners if p.other_id]
        if meds and m.partners_other_form:
            statements.append(Statement(
                text=f"Our sources list {len(meds)} medicine{'s' if len(meds) > 1 else ''}"
                f" that may interact with {name} taken by mouth or injected, so they are on "
                "the full list rather than here. Tell your pharmacist what else you use.",
                ingredient=ing))
        elif meds and m.partners_other_route and not any(p.main for p in meds):
            statements.append(Statement(
                text=f"Our sources list {len(meds)} medicine{'s' if len(meds) > 1 else ''}"
                f" that may interact with {name}, some of them only as {m.partners_other_route}"
                ", so they are on the full list rather than here. Tell your pharmacist what "
                "else you take.", ingredient=ing))
        elif meds and not any(p.main for p in meds):  # only minor ones or usual partners
            statements.append(Statement(
                text=f"Our sources list {len(meds)} medicine{'s' if len(meds) > 1 else ''}"
                f" that may interact with {name}: minor interactions, medicines often "
                "prescribed with it, or ones rarely met outside a specialist's care, so "
                "they are on the full list rather than here. Tell your pharmacist what "
                "else you take.", ingredient=ing))
        for (level, _), members in sorted(bands.items(),
                                          key=lambda b: (level_rank(b[0][0]), b[0][1])):
            members.sort(key=lambda p: p.name.casefold())
            # a cream's or eye drop's ingredient's partners are its tablets' (review 30: a
            # cream's companion gave ketoconazole's "should not be taken together" list
            # without saying so)
            taken = " (when taken by mouth or injected)" if m.partners_other_form else ""
            detail.append(Statement(
                label=LEVEL_LABEL[level] + (f" ({name})" if combo else "") + taken,
                text=sentence(", ".join(p.name for p in members)),
                fact_ids=[f for p in members for f in p.fact_ids],
                refs=[p.other_id for p in members if p.other_id], ingredient=ing,
                companion=True))
    if combo and among:
        pairs: dict[tuple[str, str], list[Fact]] = {}
        for f in among:
            a, b = sorted((f.drug_id, f.other_id or ""))
            pairs.setdefault((a, b), []).append(f)
        name_by_id = {d.id: names[i] for i, d in enumerate(drugs)}
        for (a, b), fs in sorted(pairs.items()):
            na, nb = name_by_id.get(a, a), name_by_id.get(b, b)
            # doses kept apart (calcium with ibandronate): a kit of separate tablets must
            # keep them apart too, never "combined on purpose" (review 27)
            apart = next((f.plain.strip() for f in fs if SPACED.search(f.plain or "")), "")
            statements.append(Statement(
                label=f"{na} and {nb} in this medicine",
                text=(f"{sentence(apart)} If this medicine comes as separate tablets or "
                      "sachets, ask your pharmacist how to take them apart." if apart else
                      f"Our sources list an interaction between {na} and {nb} when they "
                      "are taken as separate medicines. This medicine combines them on "
                      "purpose, in fixed amounts; take it as your doctor or pharmacist "
                      "told you."),
                fact_ids=[f.id for f in fs], companion=True))
    statements += detail
    intro = None
    if statements:
        intro = ("The most important medicines and other things our sources say can "
                 "interact. This list may not be complete. Always tell your doctor and "
                 "pharmacist what else you take.")
    missing = [names[i] for i, m in enumerate(mono) if not m.partners]
    if missing and len(missing) == len(mono):
        text = absent("interaction", missing)
        text += " This does not mean it is safe to take with other medicines."
        statements.append(Statement(text=text))
    return Section(id="interactions", title=SECTION_TITLES["interactions"], intro=intro,
                   statements=statements)


def _salt_of(form: str) -> bool:
    """Whether the form is the medicine with salt or hydrate words ("metformin
    hydrochloride"): "glucose-1-phosphate" is another compound, not a salt of glucose
    (review 21 read "Glucose-1-phosphate is a form (a salt or hydrate) of glucose")."""
    base, salt = strip_salt(norm_key(form))
    # nor is a nucleoside's phosphate one of it: adenosine phosphate (AMP) is another
    # molecule, not "the same active medicine" as adenosine (review 36)
    return salt is not None and not base.split()[-1].isdigit() and not (
        "phosphate" in salt and base.split()[-1].endswith(("osine", "idine")))


def serious_items(mono: list[Monograph]) -> list[Item]:
    """Serious reactions of all ingredients, one line each, in the reviewed list's order;
    two wordings of one sign (three long words or two stems alike: "severe or bloody
    diarrhoea" and "watery or bloody diarrhoea …", review 24) are one line."""
    merged: dict[str, Item] = {}
    rounds = max((len(m.serious) for m in mono), default=0)
    for n in range(rounds):  # interleave, so each ingredient's first ones lead
        for m in mono:
            if n < len(m.serious):
                it = m.serious[n]
                same = it.key if it.key in merged else next(
                    (k for k, old in merged.items() if len(mono) > 1
                     and len(stems(old.text) & stems(it.text)) >= 2), None)
                if same is not None:
                    old = merged[same]
                    merged[same] = old.model_copy(
                        update={"fact_ids": [*old.fact_ids, *it.fact_ids]})
                else:
                    merged[it.key] = it
    # on a combination a reviewed sign leads another ingredient's dataset term (k28c: "a
    # sudden painful red eye", atropine's SIDER term, before diphenoxylate's reviewed sign)
    return sorted(merged.values(), key=lambda it: 0 if it.source else 1) if len(mono) > 1 \
        else list(merged.values())


def _own_form_partners(mono: Sequence[Monograph], names: Sequence[str]) -> list[str]:
    """Of a page's partner names (in the answer's order), those of the page's own form: all
    of them, except a body form's page's (a cream, eye drops) other-form partners (a
    monograph's partners_other_form: its tablets', companion detail)."""
    theirs = {p.name for m in mono if m.partners_other_form for p in m.partners
              if p.other_id and not p.main}
    mine = {p.name for m in mono for p in m.partners
            if p.other_id and (p.main or not m.partners_other_form)}
    return [n for n in names if n in mine or n not in theirs]


def _interaction_answer(own: Sequence[str], elsewhere: int, combo: bool = False,
                        names: Sequence[str] = ()) -> str:
    """The interactions FAQ's answer: the page form's own partners named (three at most),
    a combination's ingredients' other forms' only counted. `names`: every partner's."""
    def count(n: int) -> str:
        return f"{n} {'medicine' if n == 1 else 'medicines'}"

    listed = f", such as {join_and(own[:3])}" if len(own) > 3 else f": {join_and(own)}"
    if elsewhere and own:
        listed = f": {join_and(own[:3])}" + (f" and {len(own) - 3} others" if len(own) > 3
                                             else "")
    tell = "Tell your doctor and pharmacist about every medicine you"
    whose = "its ingredients" if combo else "it when it is"
    if not elsewhere:
        return (f"Yes. Our sources list {count(len(own))} that can interact with it{listed}. "
                f"See Interactions. {tell} take.")
    # not "Yes" for eye drops whose every listed partner is the tablets' (review 34:
    # ketorolac eye drops "Yes … such as Aspirin, Ibuprofen and Diclofenac")
    if not own and not combo:  # one medicine's eye drops: its tablets' partners named,
        # labelled (timolol eye drops' verapamil and diltiazem still slow the heart)
        theirs = f", such as {join_and(names[:3])}" if len(names) > 3 else \
            f": {join_and(names)}"
        return (f"Our sources list no interactions of this form itself. They list "
                f"{count(elsewhere)} that can interact with it when it is taken by mouth or "
                f"injected{theirs}. See Interactions. {tell} use.")
    if not own:  # a combination's: counted, not named (review 37: "such as BCG Vaccine,
        # Mifamurtide" for a psoriasis ointment's betamethasone)
        return (f"Our sources list no interactions of this form itself. The full list has "
                f"{count(elsewhere)} that can interact with {whose} taken by mouth or "
                f"injected. {tell} use.")
    return (f"Yes{listed}; and {elsewhere} more for {whose} taken by mouth or "
            f"injected (on the full list). {tell} use.")
