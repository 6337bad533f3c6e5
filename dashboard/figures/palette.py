"""The one place that maps parties and event types to colours (Okabe-Ito: distinguishable with colour blindness)."""
from schemas import vocab

PARTY_COLOURS = {
    "armenia": "#E69F00",  # orange
    "nagorno_karabakh_authorities": "#D55E00",  # vermillion
    "azerbaijan": "#0072B2",  # blue
    "russia": "#CC79A7",  # reddish purple
    "turkey": "#882255",  # wine (Paul Tol's muted scheme; darker than the purple, so the two stay apart)
    "international": "#009E73",  # bluish green
    "independent": "#000000",  # black
    "multiple": "#56B4E9",  # sky blue
}
# Marker shapes double the colour coding, so a claim's party reads in greyscale print too.
PARTY_SYMBOLS = {
    "armenia": "circle",
    "nagorno_karabakh_authorities": "square",
    "azerbaijan": "diamond",
    "russia": "triangle-up",
    "turkey": "hexagon",
    "international": "star",
    "independent": "cross",
    "multiple": "x",
}
EVENT_COLOURS = {
    "road_closure": "#D55E00",
    "road_reopening": "#009E73",
    "gas_cut": "#E69F00",
    "gas_restored": "#F0E442",
    "power_cut": "#0072B2",
    "rationing": "#CC79A7",
    "fuel_restriction": "#E69F00",
    "checkpoint": "#000000",
    "icrc_suspension": "#D55E00",
    "aid_convoy": "#009E73",
    "legal_diplomatic": "#56B4E9",
    "protest": "#999999",
    "offensive": "#000000",
    "other": "#999999",
}
NEUTRAL = "#666666"  # anything the vocabularies above do not name


def party_colour(party: str) -> str:
    return PARTY_COLOURS.get(party, NEUTRAL)


def event_colour(event_type: str) -> str:
    return EVENT_COLOURS.get(event_type, NEUTRAL)


def party_label(party: str) -> str:
    """The party as a reader names it, in the reader's language (schemas.vocab.party_label)."""
    return vocab.party_label(party)
