"""Words the verifier looks for in LLM text: clinical terms, overclaims, refusals.

Each line of CLINICAL_TERMS is one concept: its spellings separated by `|` (clinical term,
plain words, British/US spellings). A concept named in a sentence is supported when any of
its spellings occurs in the facts given to the page. The knowledge base's own fact wording
is added to these at run time, so this list only needs the terms models like to invent.
"""

from __future__ import annotations

import re

from .. import nonanswer

CLINICAL_TERMS = """\
nausea|feeling sick|queasiness
vomiting|being sick|emesis|throwing up
diarrhoea|diarrhea|loose stools|runny stools
constipation
headache|cephalalgia|head pain
dizziness|dizzy|vertigo|lightheadedness|light headed
drowsiness|drowsy|sleepiness|sleepy|somnolence|sedation
insomnia|trouble sleeping|sleeplessness
fatigue|tiredness|tired|weakness|asthenia
fever|pyrexia|high temperature
rash|skin rash|hives|urticaria
itching|itch|itchy|pruritus
swelling|oedema|edema
allergic reaction|allergy|allergies|hypersensitivity|anaphylaxis|anaphylactic
pain|ache|aches
abdominal pain|stomach pain|stomach ache|tummy pain|belly pain|cramps|stomach cramps
indigestion|dyspepsia|heartburn|acid reflux|reflux
stomach upset|upset stomach|gastric irritation
ulcer|ulcers|stomach ulcer|peptic ulcer
bleeding|haemorrhage|hemorrhage|blood loss
bruising|bruise|bruises
liver damage|liver failure|liver injury|liver problems|hepatotoxicity|hepatitis|jaundice
kidney damage|kidney failure|kidney problems|renal failure|renal impairment|nephrotoxicity
heart attack|myocardial infarction
heart failure|cardiac failure
stroke
arrhythmia|irregular heartbeat|palpitations|fast heartbeat|tachycardia|slow heartbeat|bradycardia
high blood pressure|hypertension
low blood pressure|hypotension
chest pain|angina
breathlessness|shortness of breath|dyspnoea|dyspnea|breathing problems|wheezing
cough|coughing
asthma
seizures|seizure|fits|convulsions|epilepsy
confusion|delirium
depression|low mood
anxiety|nervousness|restlessness|agitation
hallucinations
tremor|shaking
dry mouth
blurred vision|vision problems
hair loss|alopecia
weight gain|gain weight|putting on weight
weight loss|lose weight|losing weight
loss of appetite|anorexia
muscle pain|myalgia|muscle aches
joint pain|arthralgia|arthritis
back pain
infection|infections|bacterial infection|bacterial infections|viral infection
fungal infection|thrush|candidiasis
urinary tract infection|uti|bladder infection
pneumonia
sore throat|pharyngitis|tonsillitis
ear infection|otitis
sinusitis
bronchitis
tuberculosis|tb
malaria
hiv|aids
cold|common cold|flu|influenza
diabetes|high blood sugar|hyperglycaemia|hyperglycemia
low blood sugar|hypoglycaemia|hypoglycemia
high cholesterol|hypercholesterolaemia|hypercholesterolemia|hyperlipidaemia|hyperlipidemia
blood clots|thrombosis|embolism|deep vein thrombosis|dvt
anaemia|anemia
cancer|tumour|tumor|leukaemia|leukemia|lymphoma
migraine
inflammation|swelling and redness
gout
osteoporosis
thyroid|hypothyroidism|hyperthyroidism
acne
eczema|dermatitis
psoriasis
glaucoma
dementia|alzheimer
parkinson|parkinsons
schizophrenia|psychosis
addiction|dependence|withdrawal|addictive|habit forming
overdose
death|fatal|die|dies
coma
serotonin syndrome
stevens johnson syndrome
photosensitivity|sensitivity to sunlight|sunburn
tinnitus|ringing in the ears
hearing loss|deafness
impotence|erectile dysfunction
menstrual|periods|period pain|dysmenorrhoea|dysmenorrhea
infertility
colds and coughs
sleep|sleeping
appetite
immune system|immunity
alcohol|drinking alcohol|alcoholic drinks|drinking
grapefruit|grapefruit juice
"""

# Statements about pregnancy, breastfeeding and other populations: no source covers them.
POPULATION = re.compile(
    r"\b(pregnan\w*|breast\s*-?\s*feed\w*|breast\s*milk|nursing\s+mothers?|lactation|lactating|"
    r"unborn|foetus|fetus|trimester|newborns?|infants?|bab(?:y|ies)|child(?:ren)?|kids?|"
    r"elderly|older\s+adults?|teenagers?)\b",
    re.IGNORECASE,
)

OVERCLAIM = re.compile(
    r"\b(cur(?:e|es|ed|ing)|guarantee\w*|miracle\w*|risk[\s-]*free|harmless|"
    r"(?:completely|totally|perfectly|absolutely|100\s*%|entirely|always)\s+safe|"
    r"safe\s+for\s+(?:everyone|all|anyone)|(?:no|without|zero)\s+side[\s-]*effects?|"
    r"never\s+causes?|always\s+works?|permanent(?:ly)?|instant(?:ly)?|"
    r"no\s+risks?|non[\s-]*addictive|best\s+medicine|most\s+effective|safest)\b",
    re.IGNORECASE,
)

# Doses: numbers with units, and dosing frequencies even when spelled out.
DOSE = re.compile(
    r"\b(\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|gm|grams?|milligrams?|ml|millilit(?:re|er)s?|"
    r"units?|iu|%|tablets?|capsules?|drops?|puffs?|hours?|hrs?|days?|weeks?)|"
    r"(?:once|twice|thrice|(?:one|two|three|four|five|six)\s+times)\s+(?:a|per|each|every)\s+"
    r"(?:day|daily|week|hour)|(?:once|twice|thrice)\s+daily|every\s+\w+\s+hours?|"
    r"maximum\s+(?:daily\s+)?dose|per\s+kg|body\s*weight)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"(?<![A-Za-z0-9.,])\d+(?:[.,]\d+)?(?![A-Za-z0-9])")  # not CYP450, E1

NON_ANSWER = nonanswer.NON_ANSWER  # shared with the auditor

# Deferral sentences: safe page furniture when they make no other claim.
DEFERRAL = re.compile(
    r"\b(doctor|pharmacist|prescriber|health\s*care\s+(?:professional|provider)|nurse|"
    r"package\s+leaflet|patient\s+leaflet|label)\b",
    re.IGNORECASE,
)
NO_DATA = re.compile(
    r"\b(no\s+(?:information|data)|do(?:es)?\s+not\s+(?:cover|include|have|list)|"
    r"don't\s+(?:cover|have)|not\s+covered|sources?\s+(?:do|does)\s+not)\b",
    re.IGNORECASE,
)

# Markup that must never reach a page from model text.
INJECTION = re.compile(
    r"(<\s*/?\s*[a-z!?][^>]*>|\]\s*\(|!\[|\bhttps?://|\bwww\.|\bjavascript:|\bdata:|"
    r"^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\d+[.)])\s|^\s*>|```|\{\{|\{%|^\s*---\s*$|\|\s*---)",
    re.IGNORECASE | re.MULTILINE,
)

# Everyday words that are also drug names in DrugBank: not drug claims in prose.
EVERYDAY_NAMES = frozenset(
    "water oxygen air salt sugar food milk alcohol iron zinc caffeine glucose sodium potassium "
    "calcium magnesium vitamin vitamins fibre fiber carbon nitrogen honey tea coffee juice "
    "grapefruit protein fat fats".split()
)


def concept_groups() -> list[tuple[str, ...]]:
    return [
        tuple(s.strip() for s in line.split("|") if s.strip())
        for line in CLINICAL_TERMS.splitlines()
        if line.strip()
    ]

# Words plain medical prose uses around the facts. A sentence with two or more content
# words outside these, the page's facts and its drug names says something no fact said.
CONNECTIVE = frozenset("""
a about above active after again against all also an and another any anyone are as ask at
avoid be because been before being belong belongs both but by call called can care careful
cause causes caused chance change check class combination combine combines common contain
contains could data decide decides dose doses does doing done during each effect effects
either enzyme every everyone feel feeling few find for form found from get gets given group
groups happen happens has have help helps helping how however if important in include
includes including information ingredient ingredients inside interact interacts interaction
interactions into is it its itself keep kind known label leaflet less like likely list
listed lists make makes may medicine medicines might more most much must name names need
needs not note of often on one only or other others our out over part people person
pharmacist doctor prescriber nurse professional rare reaction reactions reduce reported
report right risk safe same say says see serious should side sign signs so some someone
something sometimes source sources start stop such symptom symptoms take taken takes taking
talk tell than that the their them then there these they thing things this those through
to together too treat treated treating treats type uncommon under unlikely up us use used
uses using usually very want way we well what when where whether which while who why will
with without work working works would yes you your drug drugs tablet tablets body people
also known group called belongs helps lower lowers relieve relieves ease eases
""".split())
