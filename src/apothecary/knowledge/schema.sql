-- apothecary knowledge base. Open with: sqlite3 knowledge.sqlite  /  datasette knowledge.sqlite
-- Every fact row names its source and licence; every name row maps a spelling to one drug.

CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (
  id            TEXT PRIMARY KEY,   -- drugcentral, labeledin, sider, drugbank, ansm, onc
  name          TEXT NOT NULL,
  edition       TEXT NOT NULL,
  licence       TEXT NOT NULL,      -- e.g. "CC BY 4.0"
  licence_class TEXT NOT NULL,      -- open | noncommercial | unverified
  citation      TEXT NOT NULL,
  url           TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS drugs (
  id      TEXT PRIMARY KEY,         -- stable: DrugBank id (DB00316) or "DC" + DrugCentral id
  name    TEXT NOT NULL,            -- preferred name, lower case INN: "paracetamol"
  display TEXT NOT NULL,            -- page title: "Paracetamol"
  rxnorm TEXT, unii TEXT, drugbank TEXT, mesh TEXT, chebi TEXT, pubchem TEXT,
  drugcentral TEXT, atc TEXT
);

-- Every spelling that identifies exactly one drug. `norm` is the lookup key
-- (apothecary.names.normalize.norm_key), `name` the spelling as shown.
CREATE TABLE IF NOT EXISTS names (
  norm      TEXT NOT NULL,
  name      TEXT NOT NULL,
  drug_id   TEXT NOT NULL REFERENCES drugs(id),
  kind      TEXT NOT NULL,          -- preferred | inn | synonym | variant | form | combination
  source_id TEXT NOT NULL,
  PRIMARY KEY (norm, drug_id)
);
CREATE INDEX IF NOT EXISTS names_drug ON names(drug_id);

CREATE TABLE IF NOT EXISTS facts (
  id        TEXT PRIMARY KEY,       -- stable hash of (drug_id, kind, value, source_id, other_id)
  drug_id   TEXT NOT NULL REFERENCES drugs(id),
  kind      TEXT NOT NULL,          -- class | mechanism | use | side_effect | interaction | caution
  value     TEXT NOT NULL,          -- the source's term
  plain     TEXT NOT NULL,          -- the public wording
  source_id TEXT NOT NULL REFERENCES sources(id),
  locator   TEXT NOT NULL,          -- row number or id in the source file
  licence   TEXT NOT NULL,
  other_id  TEXT,                   -- interaction: the other drug
  severity  TEXT,                   -- interaction: contraindicated | major | moderate | minor
  frequency TEXT,                   -- side effect: common | uncommon | rare | postmarketing | unknown
  scope     TEXT                    -- what the fact is limited to (docs/facts.md): interaction
                                    -- pair | class; label facts rx | otc; else NULL
);
CREATE INDEX IF NOT EXISTS facts_drug ON facts(drug_id, kind);
CREATE INDEX IF NOT EXISTS facts_other ON facts(other_id);
