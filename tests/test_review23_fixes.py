"""Generic defects review 23 (sample U) found on pages, each a rule that would have failed."""

from __future__ import annotations

from apothecary.knowledge.sources.cdsco import for_animals
from pagekit import section_pairs, shipped_pages


def test_a_veterinary_approval_is_never_a_use() -> None:
    """Nimesulide's usage page said "Approved in India for: 'For the treatment of pyrexia and
    inflammatory conditions in live stock'"."""
    for vet in ("For the treatment of pyrexia and inflammatory conditions in live stock.",
                "Bacterial infections in cattle.",
                "For treatment of mastilis in lactating cows only.",
                "For induction in veterinary practise only",
                "Treatment of hook worm in dogs and cats.",
                "For treatment of Influenza in equine.", "Growth promotant in poultry.",
                # session 13: cefacetrile's udder bacteria, broiler chickens, coccidiosis, a
                # dog collar's fleas and ticks
                "Mastitis caused by streptococcus agalactial, str.dysgalactial, str. Uberis.",
                "As an acid for the prevention of coccidiosis in broiler chickens.",
                "Prevention of coccidiosis.", "Chronic respiratory disease in chicken and hens.",
                "For control of infestations with ticks for 6 months, and by fleas."):
        assert for_animals(vet), vet
    for human in ("An enzyme preparation obtained in a crystalline form from bovine pancrease "
                  "indicated in the treatment of localised abscess in mammary infection.",
                  "Post-exposure prophylaxis after animal bites.", "Cat scratch disease.",
                  "Relief of pain and fever.", "Dog bite wounds.",
                  "Dry, ticklish and unproductive coughs in children.",
                  "Endometriosis, gynaecomastia and fibrocystic mastitis.",
                  "Systemic aspergillosis and paracoccidioidomycosis.", "Head lice."):
        assert not for_animals(human), human
    page = shipped_pages("Nimesulide")["Nimesulide"]
    said = " ".join(t for _, t in section_pairs(page, "usage")).casefold()
    assert "nimesulide" in page.title.casefold() and said
    assert "live stock" not in said and "livestock" not in said


def test_a_trial_populations_other_illness_is_not_a_use() -> None:
    """Buspirone's main uses listed "Depression (low mood)" (a LabeledIn row from the label's
    description of its anxiety trials)."""
    page = shipped_pages("Buspirone")["Buspirone"]
    said = " ".join(t for _, t in section_pairs(page, "usage")).casefold()
    assert "anxiety" in said and "depression" not in said


def test_raw_dataset_uses_move_under_a_reviewed_use() -> None:
    """Cloxacillin's main Usage listed DrugCentral's "Staphylococcal meningitis" and
    "Continuation therapy for chronic osteomyelitis" under its reviewed use: now on the
    companion page; a medicine with no reviewed use keeps its dataset uses on the main page."""
    pages = shipped_pages("Cloxacillin", "Trientine")
    usage = [st for s in pages["Cloxacillin"].sections if s.id == "usage" for st in s.statements]
    main = " ".join(st.label or "" for st in usage if not st.companion).casefold()
    moved = " ".join(st.label or "" for st in usage if st.companion).casefold()
    assert "staph" in main and "meningitis" not in main and "osteomyelitis" not in main
    assert "meningitis" in moved  # moved, not dropped
    trientine = [st for s in pages["Trientine"].sections if s.id == "usage"
                 for st in s.statements if not st.companion]
    assert any("wilson" in (st.label or "").casefold() for st in trientine)


def test_a_classes_reviewed_urgent_signs_lead_the_datasets_serious_list() -> None:
    """Penfluridol had no "get help at once" signs of an antipsychotic; pages led with
    SIDER's "severe allergic reaction". A WHO ATC group's reviewed serious rows now lead on
    every member's first screen, after the medicine's own, and a dataset sign naming the
    same thing again is left out."""
    pages = shipped_pages("Cefixime", "Sildenafil")
    help_line = next(t for label, t in section_pairs(pages["Cefixime"], "key-facts")
                     if label.startswith("Get help"))
    assert help_line.startswith("Watery or bloody diarrhoea")  # atc:J01D, NHS
    assert help_line.casefold().count("diarrhoea") == 1
    own = next(t for label, t in section_pairs(pages["Sildenafil"], "key-facts")
               if label.startswith("Get help"))
    assert own.startswith("An erection that lasts more than 4 hours")


def test_an_eye_drop_page_keeps_the_tablets_signs_and_liver_rank_off_its_first_screen() -> None:
    """Ciprofloxacin eye drops' first screen said "pain or swelling in a tendon" (the tablets'
    NHS leaflet) and DILIrank's liver line; ketorolac eye drops' "As tablets or injection,
    take it for 5 days at most" as its most important line. Each is still on the page."""
    pages = shipped_pages("Ciprofloxacin Eye Drops", "Ketorolac Eye Drops")
    cipro = " ".join(t for _, t in section_pairs(pages["Ciprofloxacin Eye Drops"], "key-facts"))
    assert "tendon" not in cipro and "liver" not in cipro
    everything = " ".join(st.text for s in pages["Ciprofloxacin Eye Drops"].sections
                          for st in s.statements)
    assert "tendon" in everything and "liver" in everything  # moved, not dropped
    keto = " ".join(t for _, t in section_pairs(pages["Ketorolac Eye Drops"], "key-facts"))
    assert "5 days" not in keto

